/**
 * Manifests from binaries: a KrakenD (or any Go) executable's build info turned into the Manifest a
 * Target is made of (`kpa manifest from-binary`), and the validating reader for manifest files
 * (`--manifest file`). Pure: texts and facts in, values out; mistakes are `{ error }` values.
 */
import type { Manifest, ManifestBuild, ManifestReplace } from '../target.js';
import type { BinaryFacts } from './facts.js';
import { buildSetting, type GoBuildInfo } from './go-build-info.js';

export interface BinaryBuildFacts {
  goarch?: string | null;
  libc?: 'musl' | 'glibc' | null;
  glibcNeeded?: string | null;
  packageHashes?: { pkg: string; hash: string }[];
  /** Shown in notes: where the manifest came from. */
  file?: string;
}

const LURA = 'github.com/luraproject/lura/v2';

/** The Manifest of the build a GoBuildInfo describes. */
export function manifestFromBuildInfo(info: GoBuildInfo, extra: BinaryBuildFacts = {}): Manifest {
  const settings: Record<string, string> = {};
  for (const s of info.settings) settings[s.key] = s.value;
  const ldflags = settings['-ldflags'] ?? '';
  const fromLdflag = (name: string) => new RegExp(`core\\.${name}=([^\\s'"]+)`).exec(ldflags)?.[1];
  const mainVersion = info.main && info.main.version !== '(devel)' ? info.main.version.replace(/^v/, '') : undefined;
  const krakend = fromLdflag('KrakendVersion') ?? mainVersion ?? 'custom';
  const libcString = fromLdflag('GlibcVersion') ?? null;
  const modules: Record<string, string> = {};
  const replaces: ManifestReplace[] = [];
  for (const d of info.deps) {
    modules[d.path] = d.version;
    if (d.replace) {
      replaces.push({ from: d.path, fromVersion: d.version || null, to: d.replace.path, toVersion: d.replace.version && d.replace.version !== '(devel)' ? d.replace.version : null });
    }
  }
  const notes = [
    `Read from the build info of ${extra.file ?? 'a binary'} (${info.path || 'unknown main package'}, ${info.goVersion}).`,
  ];
  if (krakend === 'custom') notes.push('The binary does not say which KrakenD version it is (no core.KrakendVersion ldflag, no module version).');
  if (!modules[LURA]) notes.push(`The binary does not link ${LURA}: it may not be KrakenD.`);
  const trimpath = buildSetting(info, '-trimpath');
  const cgo = buildSetting(info, 'CGO_ENABLED');
  const build: ManifestBuild = {
    goarch: buildSetting(info, 'GOARCH') ?? extra.goarch ?? null,
    libc: extra.libc ?? null,
    glibcNeeded: extra.glibcNeeded ?? null,
    cgo: cgo === undefined ? null : cgo === '1',
    trimpath: trimpath === undefined ? false : trimpath === 'true',
    settings,
    packageHashes: Object.fromEntries((extra.packageHashes ?? []).map((h) => [h.pkg, h.hash])),
  };
  if (!Object.keys(build.packageHashes).length) {
    notes.push('The binary carries no package hashes (it does not import the plugin package), so it cannot load plugins at all.');
  }
  return {
    krakend,
    source: 'binary',
    date: settings['vcs.time'] ?? null,
    go: info.goVersion.replace(/^go/, '').split(' ')[0],
    alpine: libcString ? (/alpine-(\d+\.\d+)/.exec(libcString)?.[1] ?? null) : null,
    glibc: libcString ? (/^GLIBC-(\d+\.\d+)/.exec(libcString)?.[1] ?? null) : null,
    glibcInferred: false,
    libcStringLinuxGeneric: libcString && libcString.startsWith('GLIBC-') ? libcString : null,
    modulePath: info.main?.path ?? info.path,
    lura: modules[LURA] ?? null,
    builders: { alpine: null, linuxGeneric: null, legacy: null },
    replaces,
    modules,
    notes,
    build,
  };
}

/** A manifest from analyzeBinary() facts, or why there is none. */
export function manifestFromBinaryFacts(facts: BinaryFacts): { manifest: Manifest } | { error: string } {
  if (facts.error) return { error: facts.error };
  if (!facts.go) return { error: 'not a Go binary: it has no Go build info, pclntab or Go build id' };
  if (!facts.go.buildInfo) {
    return {
      error:
        facts.kind === 'plugin'
          ? 'this is a Go plugin, not an executable: Go writes no build info into plugins; give the KrakenD executable instead'
          : 'this Go binary has no build info (\\xff Go buildinf: blob): it was built before Go 1.13 or the section was stripped',
    };
  }
  return {
    manifest: manifestFromBuildInfo(facts.go.buildInfo, {
      file: facts.file.slice(facts.file.lastIndexOf('/') + 1),
      goarch: facts.elf?.goarch ?? null,
      libc: facts.elf?.libc ?? null,
      glibcNeeded: facts.elf?.maxGlibc ?? null,
      packageHashes: facts.go.packageHashes,
    }),
  };
}

type Check = (v: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNullableString: Check = (v) => v === null || typeof v === 'string';

/** Parses and validates a manifest file; every error names the field and what it should be. */
export function loadManifestFile(text: string): { manifest: Manifest } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      return { error: `not valid JSON at line ${line}, column ${col}: ${msg.replace(/ in JSON at position \d+.*$/, '')}` };
    }
    return { error: `not valid JSON: ${msg}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { error: 'a manifest is a JSON object (written by `kpa manifest from-binary`)' };
  const m = data as Record<string, unknown>;
  const problems: string[] = [];
  const need = (key: string, check: Check, what: string) => {
    if (!check(m[key])) problems.push(`"${key}" must be ${what}${key in m ? ` (got ${JSON.stringify(m[key])})` : ' (missing)'}`);
  };
  need('krakend', isString, 'the KrakenD version, a string like "2.13.8" or "custom"');
  need('source', (v) => v === 'release' || v === 'binary', '"release" or "binary"');
  need('go', (v) => typeof v === 'string' && /^\d+\.\d+(\.\d+)?/.test(v), 'a Go version like "1.25.12"');
  need('modulePath', isString, 'the main module path, a string');
  need('modules', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString), 'an object of module path → version strings');
  for (const key of ['date', 'alpine', 'glibc', 'libcStringLinuxGeneric', 'lura']) {
    if (key in m) need(key, isNullableString, 'a string or null');
  }
  if ('glibcInferred' in m) need('glibcInferred', (v) => typeof v === 'boolean', 'true or false');
  if ('notes' in m) need('notes', (v) => Array.isArray(v) && v.every(isString), 'a list of strings');
  if ('replaces' in m) {
    need('replaces', (v) => Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && isString((r as ManifestReplace).from) && isString((r as ManifestReplace).to)), 'a list of {from, fromVersion, to, toVersion}');
  }
  if ('builders' in m) {
    need('builders', (v) => typeof v === 'object' && v !== null && ['alpine', 'linuxGeneric', 'legacy'].every((k) => isNullableString((v as Record<string, unknown>)[k] ?? null)), 'an object {alpine, linuxGeneric, legacy} of image names or null');
  }
  if ('build' in m) {
    need('build', (v) => {
      const b = v as Record<string, unknown> | null;
      return (
        typeof b === 'object' && b !== null &&
        (b.libc === undefined || b.libc === null || b.libc === 'musl' || b.libc === 'glibc') &&
        (b.packageHashes === undefined || (typeof b.packageHashes === 'object' && b.packageHashes !== null && Object.values(b.packageHashes).every(isString))) &&
        (b.settings === undefined || (typeof b.settings === 'object' && b.settings !== null))
      );
    }, 'an object {goarch, libc: "musl"|"glibc"|null, glibcNeeded, cgo, trimpath, settings, packageHashes}');
  }
  if (problems.length) return { error: `not a usable kpa manifest: ${problems.join('; ')}` };
  const builders = (m.builders ?? {}) as Record<string, string | null>;
  const manifest: Manifest = {
    krakend: m.krakend as string,
    source: m.source as Manifest['source'],
    date: (m.date as string | null) ?? null,
    go: m.go as string,
    alpine: (m.alpine as string | null) ?? null,
    glibc: (m.glibc as string | null) ?? null,
    glibcInferred: (m.glibcInferred as boolean) ?? false,
    libcStringLinuxGeneric: (m.libcStringLinuxGeneric as string | null) ?? null,
    modulePath: m.modulePath as string,
    lura: (m.lura as string | null) ?? null,
    builders: { alpine: builders.alpine ?? null, linuxGeneric: builders.linuxGeneric ?? null, legacy: builders.legacy ?? null },
    replaces: (m.replaces as ManifestReplace[]) ?? [],
    modules: m.modules as Record<string, string>,
    notes: (m.notes as string[]) ?? [],
  };
  if (m.build) {
    const b = m.build as Partial<ManifestBuild>;
    manifest.build = {
      goarch: b.goarch ?? null,
      libc: b.libc ?? null,
      glibcNeeded: b.glibcNeeded ?? null,
      cgo: b.cgo ?? null,
      trimpath: b.trimpath ?? null,
      settings: b.settings ?? {},
      packageHashes: b.packageHashes ?? {},
    };
  }
  return { manifest };
}
