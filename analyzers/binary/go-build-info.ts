/**
 * Go build info: the `\xff Go buildinf:` blob the linker writes into executables (debug/buildinfo's
 * format), and the module info text inside it (`go version -m` prints the same lines). Go 1.19 and
 * later do not write it into -buildmode=plugin objects (cmd/link `buildinfo()`), so plugins get their
 * facts from go-runtime.ts instead.
 */
import type { ElfFile } from './elf.js';

export interface GoModule {
  path: string;
  version: string;
  sum: string;
  replace?: { path: string; version: string; sum: string };
}

export interface GoBuildInfo {
  /** As the toolchain spells it, e.g. `go1.19.8`. */
  goVersion: string;
  /** Import path of the main package. */
  path: string;
  main: GoModule | null;
  deps: GoModule[];
  /** `build` lines in order: -buildmode, -compiler, -trimpath, CGO_ENABLED, GOARCH, GOOS, GOAMD64, vcs.… */
  settings: { key: string; value: string }[];
}

const MAGIC = '\xff Go buildinf:';

/** Finds and decodes the build info; null when the file has none (not Go, a plugin, or stripped of it). */
export function readGoBuildInfo(elf: ElfFile): GoBuildInfo | null {
  const sec = elf.section('.go.buildinfo');
  let start = -1;
  if (sec) start = sec.offset;
  // Without (trustworthy) section headers — sstrip'ed, cut or damaged files — the blob is found by its magic.
  else if (elf.sectionHeaders !== 'present') start = findMagic(elf.bytes);
  if (start < 0 || start + 32 > elf.bytes.length || !hasMagic(elf.bytes, start)) return null;
  const ptrSize = elf.bytes[start + 14];
  const flags = elf.bytes[start + 15];
  let version: string | null;
  let modinfo: string | null;
  if (flags & 2) {
    // Go 1.18+: two varint-prefixed strings right after the 32-byte header.
    const v = readVarintString(elf.bytes, start + 32);
    if (!v) return null;
    const m = readVarintString(elf.bytes, v.next);
    version = v.text;
    modinfo = m ? m.text : '';
  } else {
    // Go ≤ 1.17: two pointers to string headers.
    const p1 = readWordRaw(elf, start + 16, ptrSize);
    const p2 = readWordRaw(elf, start + 16 + ptrSize, ptrSize);
    version = p1 === null ? null : readGoString(elf, p1);
    modinfo = p2 === null ? null : readGoString(elf, p2);
  }
  if (!version) return null;
  return { goVersion: version, ...parseModInfo(modinfo ?? '') };
}

function findMagic(bytes: Uint8Array): number {
  // The blob is 16-byte aligned; scanning for its first byte keeps this cheap on large files.
  for (let i = bytes.indexOf(0xff); i >= 0 && i + 32 <= bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    if (i % 16 === 0 && hasMagic(bytes, i)) return i;
  }
  return -1;
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < MAGIC.length; i++) if (bytes[at + i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

function readWordRaw(elf: ElfFile, off: number, ptrSize: number): bigint | null {
  if (off + ptrSize > elf.bytes.length) return null;
  return ptrSize === 8 ? elf.u64(off) : BigInt(elf.u32(off));
}

/** A Go string header {ptr, len} at a virtual address. */
export function readGoString(elf: ElfFile, addr: bigint): string | null {
  const ptr = elf.localPointerAt(addr);
  const len = elf.wordAt(addr + BigInt(elf.ptrSize));
  if (ptr === null || len === null || len > 1n << 24n) return null;
  const b = elf.bytesAt(ptr, Number(len));
  return b ? new TextDecoder().decode(b) : null;
}

function readVarintString(bytes: Uint8Array, off: number): { text: string; next: number } | null {
  let len = 0;
  let shift = 0;
  let i = off;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    len += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) break;
    if (shift > 35) return null;
  }
  i++;
  if (i + len > bytes.length) return null;
  return { text: new TextDecoder().decode(bytes.subarray(i, i + len)), next: i + len };
}

/**
 * The module info text (runtime/debug.BuildInfo.String format). Exported for manifests and tests:
 * `path`, `mod`, `dep`, `=>` (replacement of the line before) and `build key=value` lines.
 */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  // The linker wraps the text in 16-byte sentinels; strip them when present.
  if (text.length >= 33 && text[text.length - 17] === '\n') text = text.slice(16, text.length - 16);
  const out: Omit<GoBuildInfo, 'goVersion'> = { path: '', main: null, deps: [], settings: [] };
  let last: GoModule | null = null;
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'path':
        out.path = f[1] ?? '';
        break;
      case 'mod':
        last = out.main = { path: f[1] ?? '', version: f[2] ?? '', sum: f[3] ?? '' };
        break;
      case 'dep':
        last = { path: f[1] ?? '', version: f[2] ?? '', sum: f[3] ?? '' };
        out.deps.push(last);
        break;
      case '=>':
        if (last) last.replace = { path: f[1] ?? '', version: f[2] ?? '', sum: f[3] ?? '' };
        break;
      case 'build': {
        const kv = f.slice(1).join('\t');
        const eq = kv.indexOf('=');
        if (eq > 0) out.settings.push({ key: kv.slice(0, eq), value: unquote(kv.slice(eq + 1)) });
        break;
      }
    }
  }
  return out;
}

/** Values with spaces or quotes are written with strconv.Quote. */
function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  return v;
}

export function buildSetting(info: Pick<GoBuildInfo, 'settings'>, key: string): string | undefined {
  return info.settings.find((s) => s.key === key)?.value;
}
