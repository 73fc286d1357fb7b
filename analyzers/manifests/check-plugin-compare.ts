/**
 * `krakend check-plugin` semantics (krakend-cobra plugin/analyzer.go, spec §3.2), with a manifest in place
 * of the running binary: per module the highest version over all go.sum lines (`/go.mod` lines too),
 * exact string comparison, only modules on both sides; then `go`, then `libc` prepended.
 */
import type { Flavour, Manifest } from '../target.js';
import { GoSemverMax } from '../modules/go-semver.js';

export interface Descriptor {
  go: string;
  libc: string;
  deps: Map<string, string>;
}

export interface CheckDiff {
  name: string;
  have: string;
  want: string;
}

/** bufio.Scanner's default limit: a longer line makes check-plugin fail with this error. */
const MAX_SCANNER_TOKEN = 64 * 1024;

/**
 * The plugin side, as `plugin.Describe` builds it. go.sum lists a module's lines together, so the path of
 * a line is compared with the previous one and the map is touched once per module, not per line.
 */
export function describeGoSum(text: string): { deps: Map<string, string> } | { error: string } {
  const deps = new Map<string, string>();
  let runPath: string | null = null;
  const runBest = new GoSemverMax();
  const flush = () => {
    if (runPath !== null && runBest.value !== '') deps.set(runPath, runBest.value);
  };
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    if (nl - pos > MAX_SCANNER_TOKEN) return { error: 'bufio.Scanner: token too long' };
    // ScanLines drops one trailing \r.
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const s1 = text.indexOf(' ', pos);
    if (s1 >= 0 && s1 < end) {
      // A slice and `===` compare natively; a charCodeAt loop over the path was half the time.
      const path = text.slice(pos, s1);
      if (path !== runPath) {
        flush();
        runPath = path;
        runBest.reset(deps.get(path) ?? '');
      }
      const s2 = text.indexOf(' ', s1 + 1);
      let versionEnd = s2 >= 0 && s2 < end ? s2 : end;
      if (versionEnd - s1 - 1 > 7 && text.charCodeAt(versionEnd - 7) === 47 && text.endsWith('/go.mod', versionEnd)) versionEnd -= 7;
      // semver.Compare(prev, v) >= 0 keeps prev; an absent prev is "" (invalid), so an invalid v never enters.
      runBest.offer(text.slice(s1 + 1, versionEnd));
    }
    pos = nl + 1;
  }
  flush();
  return { deps };
}

/** `Descriptor.Compare` of the binary (krakend) against the plugin. */
export function compareDescriptors(krakend: Descriptor, plugin: Descriptor, libcMatches?: (have: string) => boolean): CheckDiff[] {
  const diffs: CheckDiff[] = [];
  for (const [name, want] of krakend.deps) {
    const have = plugin.deps.get(name);
    if (have !== undefined && have !== want) diffs.push({ name, have, want });
  }
  diffs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (krakend.go !== plugin.go) diffs.unshift({ name: 'go', have: plugin.go, want: krakend.go });
  const libcSame = libcMatches ? libcMatches(plugin.libc) : krakend.libc === plugin.libc;
  if (!libcSame) diffs.unshift({ name: 'libc', have: plugin.libc, want: krakend.libc });
  return diffs;
}

/** musl per Alpine branch (spec §6.1); 3.16, 3.19 and 3.21 are UNCONFIRMED there. */
const MUSL_BY_ALPINE: Record<string, string> = { '3.15': '1.2.2', '3.16': '1.2.3', '3.17': '1.2.3', '3.18': '1.2.4', '3.19': '1.2.4', '3.21': '1.2.5', '3.23': '1.2.5' };

export interface KrakendLibc {
  /** What `want:` prints. Exact for linux-generic; for Alpine the point release is unknown, so `3.23.x`. */
  display: string;
  matches(have: string): boolean;
}

/**
 * The libc string the release's binary reports (`core.GlibcVersion`, spec §6.3). The Alpine point release
 * and (for some branches) the musl version are not in the release data, so any point release matches.
 */
export function krakendLibc(manifest: Manifest, flavour: Flavour): KrakendLibc {
  if (flavour === 'linux-generic') {
    const exact = manifest.libcStringLinuxGeneric?.replace(/ \[inferred\]$/, '') ?? (manifest.glibc ? `GLIBC-${manifest.glibc}` : 'GLIBC-unknown');
    return { display: exact, matches: (have) => have === exact };
  }
  const alpine = manifest.alpine ?? 'unknown';
  const musl = MUSL_BY_ALPINE[alpine];
  const muslPattern = musl ? escape(musl) : '[0-9][^_]*';
  const muslText = musl ?? '?';
  const [major, minor] = manifest.krakend.split('.').map(Number);
  const patch = Number(manifest.krakend.split('.')[2]);
  // find_glibc.sh formats: 2.0.0–2.1.0 `MUSL-<v>`, 2.1.1 `MUSL-<v>_(Alpine Linux-<x.y.z>)`, 2.1.2+ `MUSL-<v>_(alpine-<x.y.z>)`.
  if (major === 2 && (minor === 0 || (minor === 1 && patch === 0))) {
    return { display: `MUSL-${muslText}`, matches: (have) => new RegExp(`^MUSL-${muslPattern}$`).test(have) };
  }
  const os = major === 2 && minor === 1 && patch === 1 ? 'Alpine Linux' : 'alpine';
  // `.x` too: it is how `want` is shown, and a user who copies it back got "have" equal to "want" reported.
  const re = new RegExp(`^MUSL-${muslPattern}_\\(${escape(os)}-${escape(alpine)}(\\.\\d+|\\.x)?\\)$`);
  return { display: `MUSL-${muslText}_(${os}-${alpine}.x)`, matches: (have) => re.test(have) };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The binary side from a manifest: build info lists every dependency but not the main module. */
export function krakendDescriptor(manifest: Manifest, flavour: Flavour): { descriptor: Descriptor; libc: KrakendLibc } {
  const libc = krakendLibc(manifest, flavour);
  const deps = new Map(Object.entries(manifest.modules));
  deps.delete(manifest.modulePath);
  return { descriptor: { go: manifest.go, libc: libc.display, deps }, libc };
}

/** The lines check-plugin prints for the diffs (CE ≥ 2.7.1), without the final count line. */
export function formatDiffs(diffs: CheckDiff[], fixCommands: boolean, indirect: ReadonlySet<string>): string {
  let out = '';
  for (const d of diffs) {
    if (fixCommands && d.name !== 'go' && d.name !== 'libc') {
      out += indirect.has(d.name) ? `go mod edit --replace ${d.name}=${d.name}@${d.want}\n` : `go get ${d.name}@${d.want}\n`;
      continue;
    }
    out += `${d.name}\n\thave: ${d.have}\n\twant: ${d.want}\n`;
  }
  return out;
}
