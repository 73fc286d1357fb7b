/** Entry point of the binary analyzer: facts for every built plugin (.so) in the workspace, or one file's bytes. */
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import type { Workspace } from '../workspace.js';
import type { BinaryFacts, ElfFacts, GoFacts, PluginExport } from './facts.js';
import { ELF_MACHINES, parseElf, type ElfFile } from './elf.js';
import { buildSetting, readGoBuildInfo } from './go-build-info.js';
import { readModuleData, readPackageHashSymbols, TypeReader, type ModuleData } from './go-runtime.js';

export type { BinaryFacts } from './facts.js';
export { manifestFromBuildInfo, manifestFromBinaryFacts, loadManifestFile } from './manifest.js';


export function computeBinaryFacts(ws: Workspace): BinaryFacts[] {
  return ws.sharedObjects.map((path) => {
    const bytes = ws.source.readBytes?.(path);
    if (!bytes) return unreadable(path, 'this editor or tool gave kpa no access to the file bytes');
    if (!(bytes instanceof Uint8Array)) return unreadable(path, bytes.error);
    return analyzeBinary(path, bytes);
  });
}

export function unreadable(file: string, error: string): BinaryFacts {
  return { file, error, kind: 'unreadable', elf: null, go: null, undecided: [] };
}

/** Reads one ELF file: header facts, and Go facts when it is a Go executable or plugin. */
export function analyzeBinary(file: string, bytes: Uint8Array): BinaryFacts {
  const parsed = parseElf(bytes);
  if ('error' in parsed) return { file, error: parsed.error, kind: 'other', elf: null, go: null, undecided: [] };
  const elf = parsed;
  const undecided: string[] = [];
  const elfFacts = readElfFacts(elf);
  const go = readGoFacts(elf, elfFacts, undecided);
  let kind: BinaryFacts['kind'];
  if (elf.type === 'executable' || (elf.type === 'shared-object' && elfFacts.interpreter)) kind = go ? 'go-executable' : 'executable';
  else if (elf.type === 'shared-object') kind = go ? (go.pluginPath ? 'plugin' : 'go-shared-object') : 'shared-object';
  else kind = 'other';
  const facts: BinaryFacts = { file, error: null, kind, elf: elfFacts, go, undecided };
  if (elf.sectionHeaders !== 'present' && (kind === 'shared-object' || kind === 'go-shared-object')) {
    // Without section headers, not finding Go's module data proves nothing: say so rather than predict a crash.
    const headers = elf.sectionHeaders === 'none' ? 'it has no section headers' : 'its section headers are damaged or cut off';
    if (!go && elf.dynamicSymbols().length === 0) facts.kindUndecided = `whether it is a Go plugin: ${headers} and kpa could not read its dynamic symbols`;
    else if (go) facts.kindUndecided = `whether it is a Go plugin: ${headers} and kpa could not find the Go module data the loader reads`;
    if (facts.kindUndecided) undecided.push(facts.kindUndecided);
  }
  return facts;
}

function readElfFacts(elf: ElfFile): ElfFacts {
  const { needed, soname } = elf.dynamic();
  const interpreter = elf.interpreter();
  const machine = ELF_MACHINES[elf.machine];
  const byVersion = new Map<string, string[]>();
  for (const s of elf.dynamicSymbols()) {
    if (s.shndx !== 0 || !s.version?.startsWith('GLIBC_')) continue;
    const list = byVersion.get(s.version) ?? [];
    if (list.length < 5) list.push(s.name);
    byVersion.set(s.version, list);
  }
  for (const r of elf.versionRequirements()) {
    for (const v of r.versions) if (v.startsWith('GLIBC_') && !byVersion.has(v)) byVersion.set(v, []);
  }
  const glibcVersions = [...byVersion.entries()]
    .map(([v, symbols]) => ({ version: v.slice('GLIBC_'.length), symbols }))
    .filter((v) => /^\d+(\.\d+)*$/.test(v.version))
    .sort((a, b) => compareDotted(a.version, b.version));
  const musl = needed.some((n) => /^libc\.musl-/.test(n)) || /ld-musl/.test(interpreter ?? '');
  const glibc = !musl && (needed.some((n) => n === 'libc.so.6') || glibcVersions.length > 0 || /ld-linux/.test(interpreter ?? ''));
  return {
    bits: elf.is64 ? 64 : 32,
    endian: elf.littleEndian ? 'little' : 'big',
    type: elf.type,
    machine: elf.machine,
    machineName: machine?.name ?? `machine ${elf.machine}`,
    goarch: machine?.goarch ?? null,
    needed,
    soname,
    interpreter,
    libc: musl ? 'musl' : glibc ? 'glibc' : null,
    glibcVersions,
    maxGlibc: glibcVersions.length ? glibcVersions[glibcVersions.length - 1].version : null,
    stripped: !elf.sections.some((s) => s.type === 2),
    sectionHeaders: elf.sectionHeaders,
  };
}

/** Dotted numeric compare: `2.2.5` < `2.17` < `2.34`. */
export function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function isGo(elf: ElfFile): boolean {
  return (
    elf.sections.some((s) => s.name === '.go.buildinfo' || s.name === '.gopclntab' || s.name === '.note.go.buildid') ||
    elf.dynamicSymbols().some((s) => s.name === 'runtime.firstmoduledata')
  );
}

function readGoFacts(elf: ElfFile, elfFacts: ElfFacts, undecided: string[]): GoFacts | null {
  if (!isGo(elf)) return null;
  const buildInfo = readGoBuildInfo(elf);
  let version: string | null = null;
  let versionSource: GoFacts['versionSource'] = null;
  if (buildInfo) {
    version = buildInfo.goVersion.replace(/^go/, '').split(' ')[0];
    versionSource = 'build-info';
  } else {
    const fromDwarf = goVersionFromDwarf(elf);
    if (fromDwarf) {
      version = fromDwarf;
      versionSource = 'dwarf';
    } else if (elf.sectionHeaders !== 'present') {
      undecided.push('the Go version it was built with: Go writes no build info into plugins, and without section headers the debug info cannot be found');
    } else undecided.push('the Go version it was built with: Go writes no build info into plugins and the debug info was stripped (-ldflags=-w)');
  }
  const goMinor = version ? Number(/^1\.(\d+)/.exec(version)?.[1] ?? NaN) : null;
  const md = elf.type === 'shared-object' ? readModuleData(elf, { goMinor: Number.isNaN(goMinor) ? null : goMinor }) : null;
  const facts: GoFacts = {
    version,
    versionSource,
    buildInfo,
    pluginPath: md?.pluginPath ?? thisPluginPath(elf),
    modules: [],
    modulesSource: null,
    trimpath: null,
    modCache: null,
    cgo: null,
    goarch: elfFacts.goarch,
    packageHashes: md?.packageHashes ?? (elf.type === 'shared-object' ? [] : readPackageHashSymbols(elf)),
    exports: [],
    exportsSource: null,
  };
  if (buildInfo) {
    facts.modules = buildInfo.deps.map((d) => ({
      path: d.path,
      version: d.version,
      ...(d.replace ? { replace: { path: d.replace.path, version: d.replace.version } } : {}),
    }));
    facts.modulesSource = 'build-info';
    facts.trimpath = buildSetting(buildInfo, '-trimpath') === 'true';
    const cgo = buildSetting(buildInfo, 'CGO_ENABLED');
    facts.cgo = cgo === undefined ? null : cgo === '1';
    facts.goarch = buildSetting(buildInfo, 'GOARCH') ?? facts.goarch;
  }
  if (md) {
    const fromPaths = modulesFromFilePaths(md.files);
    if (!buildInfo) {
      facts.modules = fromPaths.modules;
      facts.modulesSource = 'file-paths';
      facts.trimpath = fromPaths.trimpath;
    }
    facts.modCache = fromPaths.modCache;
    facts.exports = readExports(elf, md, goMinor);
    facts.exportsSource = 'ptab';
  } else if (elf.type === 'shared-object') {
    facts.exports = exportsFromDynsym(elf, facts.pluginPath);
    facts.exportsSource = facts.exports.length ? 'dynsym' : null;
    undecided.push("the exported symbols' Go types: the runtime module data could not be located (unknown layout or stripped file), so only their names were read");
  }
  if (facts.cgo === null && elf.type === 'shared-object') {
    facts.cgo = elf.dynamicSymbols().some((s) => s.name === '_cgo_init' || s.name === 'x_cgo_init') || elfFacts.libc !== null;
  }
  return facts;
}

/** go.link.thispluginpath holds the plugin path bytes (local symbol, gone when stripped). */
function thisPluginPath(elf: ElfFile): string | null {
  const [s] = elf.symbolsNamed(['go.link.thispluginpath']);
  if (!s || s.size === 0) return null;
  const b = elf.bytesAt(s.value, s.size);
  return b ? new TextDecoder().decode(b) : null;
}

function readExports(elf: ElfFile, md: ModuleData, goMinor: number | null): PluginExport[] {
  const reader = new TypeReader(elf, md.types, md.etypes, goMinor !== null && !Number.isNaN(goMinor) ? goMinor : null);
  return md.ptab.map((p) => {
    const t = reader.typeAt(p.typ);
    const type = reader.describe(t);
    return { name: p.name, kind: type?.kind === 'func' ? 'func' : 'var', type };
  });
}

function exportsFromDynsym(elf: ElfFile, pluginPath: string | null): PluginExport[] {
  const out: PluginExport[] = [];
  const seen = new Set<string>();
  for (const s of elf.dynamicSymbols()) {
    if (s.shndx === 0 || s.bind === 0) continue;
    let name: string | null = null;
    if (pluginPath && s.name.startsWith(pluginPath + '.')) name = s.name.slice(pluginPath.length + 1);
    else if (!pluginPath) name = /\.((?:Handler|Client|Modifier|Middleware)Registerer)$/.exec(s.name)?.[1] ?? null;
    if (!name || !/^[\p{Lu}][\p{L}\p{N}_]*$/u.test(name) || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, kind: s.type === 2 ? 'func' : 'var', type: null });
  }
  return out;
}

/**
 * Module versions from source paths (`…/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go`, or
 * `github.com/…@v1.2.0/…` under -trimpath); runtime paths tell -trimpath apart (absolute GOROOT or not).
 */
export function modulesFromFilePaths(files: string[]): { modules: { path: string; version: string }[]; trimpath: boolean | null; modCache: string | null } {
  const modules = new Map<string, string>();
  let modCache: string | null = null;
  let trimpath: boolean | null = null;
  for (const f of files) {
    if (trimpath === null && (f === 'runtime/proc.go' || f.endsWith('/src/runtime/proc.go'))) trimpath = !f.startsWith('/');
    const at = f.indexOf('@v');
    if (at < 0) continue;
    const slash = f.indexOf('/', at);
    const version = decodeCase(f.slice(at + 1, slash < 0 ? undefined : slash));
    const prefix = f.slice(0, at);
    const cacheEnd = prefix.lastIndexOf('/pkg/mod/');
    let cache: string | null = null;
    let rawPath = prefix;
    if (cacheEnd >= 0) {
      cache = prefix.slice(0, cacheEnd + '/pkg/mod'.length);
      rawPath = prefix.slice(cacheEnd + '/pkg/mod/'.length);
    } else if (prefix.startsWith('/')) {
      // A custom GOMODCACHE: the module path starts at the first element that looks like a host name.
      const segments = prefix.split('/');
      const first = segments.findIndex((x) => x.includes('.'));
      if (first < 0) continue;
      cache = segments.slice(0, first).join('/');
      rawPath = segments.slice(first).join('/');
    }
    const path = decodeCase(rawPath);
    if (cache !== null && modCache === null) modCache = cache;
    if (!modules.has(path)) modules.set(path, version);
  }
  return { modules: [...modules].map(([path, version]) => ({ path, version })).sort((a, b) => a.path.localeCompare(b.path)), trimpath, modCache };
}

/** The module cache spells upper-case letters as `!` + lower-case. */
function decodeCase(s: string): string {
  return s.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `Go cmd/compile go1.19.8` from DW_AT_producer, inflating only the start of .debug_info. */
function goVersionFromDwarf(elf: ElfFile): string | null {
  const sec = elf.section('.debug_info') ?? elf.section('.zdebug_info');
  if (!sec) return null;
  let data: Uint8Array;
  const compressed = elf.compressedPayload(sec);
  const raw = elf.sectionBytes(sec);
  try {
    if (compressed) data = inflateSync(compressed.zlib.subarray(0, 1 << 18), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    else if (sec.name === '.zdebug_info' && raw.length > 12) data = inflateSync(raw.subarray(12, 12 + (1 << 18)), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    else data = raw.subarray(0, 1 << 20);
  } catch {
    return null;
  }
  const text = new TextDecoder('latin1').decode(data);
  const m = /Go cmd\/compile go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)/.exec(text);
  return m ? m[1] : null;
}
