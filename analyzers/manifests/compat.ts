/**
 * The compatibility engine: a plugin module (go.mod, go.sum, the imports of its plugin build's packages)
 * against a KrakenD manifest. One `PluginModuleView` is computed per module and diffed against any number of
 * manifests cheaply, so the KPA2xx rules, `kpa compat` (57 releases) and the language server share it.
 *
 * Levels follow the link set (modules/link-set.ts; issue #14 class 7): only a module with a package in the
 * transitive import closure of the plugin can make `plugin.Open` fail (spec §7, "plugin was built with a
 * different version of package"). A linked module is an error; one go.mod requires but the build does not
 * link a note; one only go.sum lists, not linked, is left out. Where the closure cannot be followed to the
 * end (no module cache), go.sum decides: a line without `/go.mod` holds a module's source hash, which the go
 * command records only for modules whose packages it loaded, so such a module is most likely linked (an
 * error); a module that could be linked but has no such line is not (the build would stop with "missing
 * go.sum entry"); what neither tells is a warning. Spec §3.2, §6, §8.
 */
import type { Fix, Range, Severity, TextEdit } from '../diagnostics.js';
import type { ImportFact, PackageFacts } from '../go/facts.js';
import type { GoModFacts, ModuleFacts, ReplaceFact, RequireFact, SumEntry } from '../modules/facts.js';
import { sumEntryRange } from '../modules/facts.js';
import { compareGoSemver, compareGoToolchainVersions, parseGoToolchainVersion } from '../modules/go-semver.js';
import { computeLinkSet, type GraphModule, type LinkSet } from '../modules/link-set.js';
import type { DependencySource } from '../modules/module-cache.js';
import { packagesGovernedBy } from '../modules/module-owners.js';
import type { Manifest, ManifestReplace } from '../target.js';

export const LURA_MODULE = 'github.com/luraproject/lura/v2';

/** Where the plugin's version of a module comes from. */
export interface PluginModule {
  path: string;
  /** The version the plugin builds with: go.mod require (or its replacement), else the highest in go.sum. */
  version: string;
  require: RequireFact | null;
  replace: ReplaceFact | null;
  /** The go.sum line with the highest version (check-plugin's choice), when there is one. */
  sum: SumEntry | null;
  /** First import of a package of this module by the plugin's own code. */
  importedBy: ImportFact | null;
  /** Whether the plugin links it: known from the link set, or judged from go.sum where the closure stops. */
  linkage: Linkage;
  /** For a module linked through a dependency: the package that imports it and the package of it imported. */
  via: { importer: string; pkg: string } | null;
}

/**
 * `linked`: a package of it is in the plugin's import closure. `likely`: the closure could not be followed to
 * it, but go.sum holds its source hash. `unknown`: neither tells. `unlinked`: not in the closure (which was
 * followed to the end), or no source hash in go.sum, without which the go command does not build it.
 */
export type Linkage = 'linked' | 'likely' | 'unknown' | 'unlinked';

export interface PluginModuleView {
  module: ModuleFacts;
  goMod: GoModFacts | null;
  modules: Map<string, PluginModule>;
  replaces: Map<string, ReplaceFact>;
  /** Required or imported modules under a KrakenD owner (devopsfaith, krakendio, krakend): rename candidates. */
  krakendOwned: PluginModule[];
  /** The plugin build's link set: the modules of its import closure, and why the closure stops short if it does. */
  linkSet: LinkSet;
}

export type CompatKind = 'version' | 'lura' | 'krakend-replace' | 'renamed' | 'go-directive' | 'toolchain';

export interface CompatFinding {
  kind: CompatKind;
  level: Severity;
  /** Module path (or `go` / `toolchain`). */
  module: string;
  have: string;
  want: string;
  file: string;
  range: Range;
  /** The import in the plugin's own code that links the module, when there is one. */
  importedBy: ImportFact | null;
  /** How the level was decided (see Linkage); null for the go and toolchain lines. */
  linkage: Linkage | null;
  /** For a module linked through a dependency: which package imports which package of it. */
  via: { importer: string; pkg: string } | null;
  /** When the level was judged from go.sum: why kpa could not follow the imports (see LinkSet.gaps). */
  guessedBecause: string | null;
  fixes: Fix[];
  /** For renamed: the path the target links. For krakend-replace: the replacement. */
  detail?: string;
  /** Plan ordering (lower first). */
  order: number;
}

/**
 * Builds the view of one module; `packages` are all Go packages of the workspace. For callers outside an
 * analysis (kpa compat); the rules share one grouping per analysis instead (compat-findings.ts).
 */
export function pluginModuleView(module: ModuleFacts, packages: readonly PackageFacts[], allModules: readonly ModuleFacts[] = [module]): PluginModuleView {
  return moduleViewOf(module, packagesGovernedBy(module, allModules, packages));
}

/**
 * The view of `module` built from `ownPackages`, the packages of its plugin build: their imports and, through
 * the module cache (`dependencies`, by default the module facts' own reader), the imports of every dependency
 * package they reach decide which modules are linked.
 */
export function moduleViewOf(module: ModuleFacts, ownPackages: readonly PackageFacts[], dependencies: DependencySource | null = module.dependencySource ?? null): PluginModuleView {
  const goMod = module.goMod;
  const modules = new Map<string, PluginModule>();
  const replaces = new Map<string, ReplaceFact>();
  for (const r of goMod?.replaces ?? []) if (!replaces.has(r.from) || r.fromVersion === null) replaces.set(r.from, r);
  for (const req of goMod?.requires ?? []) {
    const replace = replaces.get(req.path) ?? null;
    modules.set(req.path, { path: req.path, version: effectiveVersion(req.version, req.path, replace), require: req, replace, sum: null, importedBy: null, linkage: 'unknown', via: null });
  }
  for (const e of module.goSum?.entries ?? []) {
    const m = modules.get(e.path);
    if (m) {
      if (!m.sum || compareGoSemver(m.sum.version, e.version) < 0) m.sum = e;
      continue;
    }
    modules.set(e.path, { path: e.path, version: e.version, require: null, replace: replaces.get(e.path) ?? null, sum: e, importedBy: null, linkage: 'unknown', via: null });
  }
  for (const m of modules.values()) {
    if (!m.require && m.sum) m.version = m.sum.version;
  }
  const vendorDir = goMod?.go && compareGoToolchainVersions(parseGoToolchainVersion(goMod.go.version) ?? GO_114, GO_114) >= 0 ? `${module.dir}/vendor` : null;
  const linkSet = computeLinkSet({ modulePath: module.modulePath, moduleDir: module.dir, ownPackages, graph: linkGraph(modules), vendorDir }, dependencies);
  // A direct requirement the build's own packages do not import is a test's or another package's: what it pulls
  // in leaves source hashes in go.sum too, so they no longer point at the plugin.
  const othersLoad = [...modules.values()].some((m) => m.require && !m.require.indirect && !linkSet.linked.get(m.path)?.importedBy);
  for (const m of modules.values()) {
    const linked = linkSet.linked.get(m.path);
    if (linked) {
      m.linkage = 'linked';
      m.importedBy = linked.importedBy;
      m.via = linked.importer !== null ? { importer: linked.importer, pkg: linked.pkg } : null;
    } else m.linkage = linkSet.complete ? 'unlinked' : judgedFromGoSum(m, module, othersLoad);
  }
  const krakendOwned = [...modules.values()].filter((m) => levelOf(m) !== null && KRAKEND_OWNERS.some((o) => m.path.startsWith(o)));
  return { module, goMod, modules, replaces, krakendOwned, linkSet };
}

/** The module graph as the link set resolves imports in it: each module with its version and the replace that applies. */
function linkGraph(modules: Map<string, PluginModule>): Map<string, GraphModule> {
  const graph = new Map<string, GraphModule>();
  for (const m of modules.values()) {
    const version = m.require?.version ?? m.sum?.version ?? m.version;
    const replace = m.replace && (m.replace.fromVersion === null || m.replace.fromVersion === version) ? m.replace : null;
    graph.set(m.path, { path: m.path, version, replace });
  }
  return graph;
}

/**
 * Where the import closure stops short, go.sum tells what it can: the go command builds a module only with its
 * source hash (a go.sum line without `/go.mod`; "missing go.sum entry" otherwise) and records that hash only
 * for modules whose packages it loaded, for the build or for the main module's tests and other packages. Every
 * module those import directly is a direct requirement; when the build imports all of them, a source hash points
 * at the plugin's closure (`likely`). A direct requirement the build does not import (testify, a backend's
 * driver) is a test's or another package's, and so may be whatever it pulls in: then a hash decides nothing
 * (`unknown`, `othersLoad`).
 */
function judgedFromGoSum(m: PluginModule, module: ModuleFacts, othersLoad: boolean): Linkage {
  const sum = module.goSum;
  if (!sum) return 'unknown';
  const replace = m.replace && (m.replace.fromVersion === null || m.replace.fromVersion === (m.require?.version ?? m.version)) ? m.replace : null;
  if (replace && replace.toVersion === null) return 'unknown'; // a local directory: go.sum has no line for it
  const path = replace ? replace.to : m.path;
  const version = replace ? replace.toVersion : m.require ? m.require.version : m.version;
  const hashed = sum.entries.some((e) => !e.goMod && e.path === path && e.version === version);
  if (!hashed) return 'unlinked';
  return othersLoad ? 'unknown' : 'likely';
}

function effectiveVersion(version: string, path: string, replace: ReplaceFact | null): string {
  if (!replace || (replace.fromVersion !== null && replace.fromVersion !== version)) return version;
  if (replace.toVersion === null) return `=> ${replace.to}`;
  return replace.to === path ? replace.toVersion : `=> ${replace.to} ${replace.toVersion}`;
}

/**
 * The level of a finding about `m`, by whether the plugin links it: linked (or most likely) → error, unknown →
 * warning, required but not linked → note, only in go.sum and not linked → null (nothing to report: it is not
 * built, and `krakend check-plugin`'s own complaint about it is no reason for the plugin not to load).
 */
export function levelOf(m: PluginModule): Severity | null {
  switch (m.linkage) {
    case 'linked':
    case 'likely':
      return 'error';
    case 'unknown':
      return 'warning';
    case 'unlinked':
      return m.require ? 'note' : null;
  }
}

function linkFields(view: PluginModuleView, m: PluginModule): Pick<CompatFinding, 'importedBy' | 'linkage' | 'via' | 'guessedBecause'> {
  const guessed = m.linkage === 'likely' || m.linkage === 'unknown';
  return { importedBy: m.importedBy, linkage: m.linkage, via: m.via, guessedBecause: guessed ? view.linkSet.gaps.join('; ') : null };
}

interface ManifestIndex {
  modules: Map<string, string>;
  replaced: Map<string, ManifestReplace>;
}

/**
 * Per Manifest, its modules and replaces as maps. This stays module-level, outside the analysis context: a
 * Manifest is static release data kpa ships (and `kpa compat` diffs all of them), not derived from an
 * analysis' facts, so no edit can make an index stale.
 */
const indexes = new WeakMap<Manifest, ManifestIndex>();

function manifestIndex(manifest: Manifest): ManifestIndex {
  let index = indexes.get(manifest);
  if (!index) {
    index = { modules: new Map(Object.entries(manifest.modules)), replaced: new Map(manifest.replaces.map((r) => [r.from, r])) };
    indexes.set(manifest, index);
  }
  return index;
}

/**
 * Every difference between the plugin module and the manifest, in plan order (unordered without fixes).
 * It walks the smaller of the manifest's modules (a few hundred) and the plugin's (a go.sum may list
 * thousands; a small module a handful), so 57 releases and 1,000 workspace modules both stay cheap.
 */
export function diffAgainst(view: PluginModuleView, manifest: Manifest, options: { fixes?: boolean } = {}): CompatFinding[] {
  const withFixes = options.fixes ?? true;
  const findings: CompatFinding[] = [];
  const index = manifestIndex(manifest);
  const own = view.goMod?.module?.path;
  goFindings(view, manifest, findings);
  for (const [path, kr] of index.replaced) {
    const m = view.modules.get(path);
    if (m && path !== own) replaceFinding(view, m, kr, findings);
  }
  // With fixes the final sort gives the same order whichever side is walked.
  const fromPlugin = view.modules.size < index.modules.size;
  for (const [path, want] of fromPlugin ? manifestVersions(view, index) : index.modules) {
    const m = view.modules.get(path);
    if (!m || path === own || index.replaced.has(path) || m.version === want) continue;
    const level = levelOf(m);
    if (level === null) continue;
    const kind: CompatKind = path === LURA_MODULE ? 'lura' : 'version';
    findings.push({
      kind,
      level,
      module: path,
      have: m.version,
      want,
      ...locate(view, m),
      ...linkFields(view, m),
      fixes: withFixes ? [versionFix(view, m, want)] : [],
      order: kind === 'lura' ? 3 : m.require && !m.require.indirect ? 4 : 5,
    });
  }
  for (const m of view.krakendOwned) {
    if (!index.modules.has(m.path) && !index.replaced.has(m.path) && m.path !== own) renameFinding(view, m, index, findings);
  }
  return withFixes ? findings.sort((a, b) => a.order - b.order || (a.module < b.module ? -1 : a.module > b.module ? 1 : 0)) : findings;
}

function* manifestVersions(view: PluginModuleView, index: ManifestIndex): Iterable<[string, string]> {
  for (const path of view.modules.keys()) {
    const want = index.modules.get(path);
    if (want !== undefined) yield [path, want];
  }
}

function locate(view: PluginModuleView, m: PluginModule): { file: string; range: Range } {
  if (m.require) return { file: view.goMod!.file, range: m.require.range };
  if (m.sum) return { file: view.module.goSumFile!, range: sumEntryRange(m.sum) };
  return { file: view.module.goModFile, range: view.goMod?.module?.range ?? zeroRange() };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/**
 * `go get m@v` + the require line's version for a direct requirement; a `replace` for anything else (as check-plugin -f
 * does), and for a direct requirement go.sum shows a higher version of: `go mod tidy` would raise a lowered require
 * back to a version a dependency requires (krakend-ce#901), where a replace keeps the pin.
 */
export function versionFix(view: PluginModuleView, m: PluginModule, want: string): Fix {
  const goModFile = view.module.goModFile;
  const above = m.require && !m.require.indirect && !m.replace ? higherInGoSum(view, m, want) : null;
  if (m.require && !m.require.indirect && !m.replace && above === null) {
    return {
      title: `Require ${m.path} ${want}`,
      command: `go get ${m.path}@${want}`,
      edits: [{ file: goModFile, range: m.require.versionRange, newText: want }],
    };
  }
  if (m.replace && view.goMod) {
    // The plugin already replaces the module: point that replace at KrakenD's version.
    return {
      title: `Replace ${m.path} with ${want}`,
      command: `go mod edit -replace ${m.path}=${m.path}@${want}`,
      edits: [{ file: goModFile, range: m.replace.range, newText: `${m.replace.inBlock ? '' : 'replace '}${m.path} => ${m.path} ${want}` }],
    };
  }
  return {
    title: above
      ? `Pin ${m.path} to ${want} with a replace (go.sum lists ${above}: if a dependency requires it, go mod tidy would raise a lowered require back)`
      : `Pin ${m.path} to ${want} with a replace`,
    command: `go mod edit -replace ${m.path}=${m.path}@${want}`,
    edits: addReplaceEdits(view, `${m.path} => ${m.path} ${want}`),
  };
}

/** The highest version of `m` above `want` that go.sum lists besides the plugin's own require, or null. */
function higherInGoSum(view: PluginModuleView, m: PluginModule, want: string): string | null {
  let highest: string | null = null;
  for (const e of view.module.goSum?.entries ?? []) {
    if (e.path !== m.path || e.version === m.require?.version || compareGoSemver(e.version, want) <= 0) continue;
    if (highest === null || compareGoSemver(e.version, highest) > 0) highest = e.version;
  }
  return highest;
}

/** Text edits adding one replace directive: inside the last replace block, or a new line at the end. */
export function addReplaceEdits(view: PluginModuleView, directive: string): TextEdit[] {
  const goMod = view.goMod;
  if (!goMod) return [];
  const eol = goMod.eol;
  if (goMod.replaceBlockEnd) {
    const at = { line: goMod.replaceBlockEnd.start.line, character: 0 };
    return [{ file: goMod.file, range: { start: at, end: at }, newText: `\t${directive}${eol}` }];
  }
  const at = goMod.end;
  const lead = at.character > 0 ? eol : '';
  return [{ file: goMod.file, range: { start: at, end: at }, newText: `${lead}${eol}replace ${directive}${eol}` }];
}

function replaceFinding(view: PluginModuleView, m: PluginModule, kr: ManifestReplace, findings: CompatFinding[]): void {
  const own = view.replaces.get(m.path);
  const same = own && own.to === kr.to && own.toVersion === kr.toVersion && (own.fromVersion === null || own.fromVersion === m.require?.version);
  if (same) return;
  const level = levelOf(m);
  if (level === null) return; // only in go.sum and not linked: nothing to replace
  const directive = `${kr.from} => ${kr.to}${kr.toVersion ? ' ' + kr.toVersion : ''}`;
  const edits: TextEdit[] = own
    ? [{ file: view.goMod!.file, range: own.range, newText: `${own.inBlock ? '' : 'replace '}${directive}` }]
    : addReplaceEdits(view, directive);
  findings.push({
    kind: 'krakend-replace',
    level,
    module: m.path,
    have: own ? `${own.to}${own.toVersion ? ' ' + own.toVersion : ''}` : m.version,
    want: `${kr.to}${kr.toVersion ? ' ' + kr.toVersion : ''}`,
    ...locate(view, m),
    ...linkFields(view, m),
    detail: directive,
    fixes: [{ title: `Replace ${kr.from} as KrakenD does`, command: `go mod edit -replace ${kr.from}=${kr.to}${kr.toVersion ? '@' + kr.toVersion : ''}`, edits }],
    order: 2,
  });
}

const KRAKEND_OWNERS = ['github.com/devopsfaith/', 'github.com/krakendio/', 'github.com/krakend/'];

/**
 * A KrakenD module under an old path (devopsfaith/flatmap where KrakenD links krakendio/flatmap) is a note at
 * most, whatever the link set says: Go treats each path as its own module, so the plugin's copy cannot clash
 * with KrakenD's when the plugin loads (only a package both link under one import path can, spec §7). It only
 * shares no state with KrakenD's. Levelled here, at the source, so KPA204 and `kpa compat` (its matrix and
 * upgrade plan) agree; `linkage` still says whether the plugin links the old path.
 */
function renameFinding(view: PluginModuleView, m: PluginModule, index: ManifestIndex, findings: CompatFinding[]): void {
  const owner = KRAKEND_OWNERS.find((o) => m.path.startsWith(o));
  if (!owner) return;
  const rest = m.path.slice(owner.length);
  for (const other of KRAKEND_OWNERS) {
    if (other === owner) continue;
    const renamed = other + rest;
    const want = index.modules.get(renamed);
    if (want === undefined) continue;
    const edits: TextEdit[] = m.require
      ? [{ file: view.goMod!.file, range: { start: m.require.pathRange.start, end: m.require.versionRange.end }, newText: `${renamed} ${want}` }]
      : [];
    findings.push({
      kind: 'renamed',
      level: 'note',
      module: m.path,
      have: `${m.path} ${m.version}`,
      want: `${renamed} ${want}`,
      ...locate(view, m),
      ...linkFields(view, m),
      detail: renamed,
      fixes: [{ title: `Use ${renamed}`, command: `go get ${renamed}@${want}`, edits }],
      order: 1,
    });
    return;
  }
}

/** From go 1.14 on, a module with vendor/modules.txt builds from vendor/ by default. */
const GO_114 = parseGoToolchainVersion('1.14')!;

/** Go versions before 1.21 reject a three-part `go` line and the `toolchain` directive (VERIFIED-LOCALLY with go1.19.8). */
const GO_121 = parseGoToolchainVersion('1.21')!;

function goFindings(view: PluginModuleView, manifest: Manifest, findings: CompatFinding[]): void {
  const goMod = view.goMod;
  const target = parseGoToolchainVersion(manifest.go);
  if (!goMod || !target) return;
  const oldGo = compareGoToolchainVersions(target, GO_121) < 0;
  const targetLine = oldGo ? `${target.major}.${target.minor}` : manifest.go;
  if (goMod.go) {
    const have = parseGoToolchainVersion(goMod.go.version);
    const newer = have !== null && compareGoToolchainVersions(have, target) > 0;
    const unreadable = oldGo && have !== null && (have.patch >= 0 || have.pre !== '');
    if (newer || unreadable) {
      findings.push({
        kind: 'go-directive',
        level: unreadable || !oldGo ? 'error' : 'warning',
        module: 'go',
        have: goMod.go.version,
        want: targetLine,
        file: goMod.file,
        range: goMod.go.range,
        importedBy: null,
        linkage: null,
        via: null,
        guessedBecause: null,
        detail: unreadable ? 'unreadable' : 'newer',
        fixes: [{ title: `Set the go line to ${targetLine}`, command: `go mod edit -go=${targetLine}`, edits: [{ file: goMod.file, range: goMod.go.versionRange, newText: targetLine }] }],
        order: 0,
      });
    }
  }
  if (goMod.toolchain && goMod.toolchain.name !== 'default') {
    const have = parseGoToolchainVersion(goMod.toolchain.name.replace(/-.*$/, ''));
    const newer = have !== null && compareGoToolchainVersions(have, target) > 0;
    if (oldGo || newer) {
      const lineRange = { start: { line: goMod.toolchain.range.start.line, character: 0 }, end: { line: goMod.toolchain.range.start.line + 1, character: 0 } };
      findings.push({
        kind: 'toolchain',
        level: oldGo ? 'error' : 'warning',
        module: 'toolchain',
        have: goMod.toolchain.name,
        want: oldGo ? '(none)' : `go${manifest.go}`,
        file: goMod.file,
        range: goMod.toolchain.range,
        importedBy: null,
        linkage: null,
        via: null,
        guessedBecause: null,
        detail: oldGo ? 'unreadable' : 'newer',
        fixes: [{ title: 'Remove the toolchain line', command: 'go mod edit -toolchain=none', edits: [{ file: goMod.file, range: lineRange, newText: '' }] }],
        order: 0,
      });
    }
  }
}

export interface MatrixRow {
  krakend: string;
  go: string;
  errors: number;
  warnings: number;
  notes: number;
}

export interface CompatMatrix {
  rows: MatrixRow[];
  /** Newest release with no error and no warning: the plugin loads there as it is. */
  newestClean: string | null;
  /** Newest release with no error (warnings may still break loading if a shared package differs). */
  newestWithoutErrors: string | null;
}

export function compatMatrix(view: PluginModuleView, manifests: readonly Manifest[]): CompatMatrix {
  const rows: MatrixRow[] = [];
  let newestClean: string | null = null;
  let newestWithoutErrors: string | null = null;
  for (const manifest of manifests) {
    const row: MatrixRow = { krakend: manifest.krakend, go: manifest.go, errors: 0, warnings: 0, notes: 0 };
    for (const f of diffAgainst(view, manifest, { fixes: false })) {
      if (f.level === 'error') row.errors++;
      else if (f.level === 'warning') row.warnings++;
      else row.notes++;
    }
    if (row.errors === 0) newestWithoutErrors = manifest.krakend;
    if (row.errors === 0 && row.warnings === 0) newestClean = manifest.krakend;
    rows.push(row);
  }
  return { rows, newestClean, newestWithoutErrors };
}

export interface PlanStep {
  /** What the step changes, for people. */
  title: string;
  level: Severity;
  kind: CompatKind;
  command: string | null;
  edits: TextEdit[];
}

/**
 * The ordered upgrade plan to a target: go/toolchain lines first (the go command must read go.mod),
 * then path renames, KrakenD's replaces, lura, direct then indirect requirements. Notes are left out (they
 * cannot break loading, and `go mod tidy` at the end settles go.sum), except a rename of a module the plugin
 * may link: a step at `note` level, optional (another path cannot clash), that moves it to KrakenD's module.
 */
export function upgradePlan(view: PluginModuleView, manifest: Manifest): PlanStep[] {
  return diffAgainst(view, manifest)
    .filter((f) => f.level !== 'note' || (f.kind === 'renamed' && f.linkage !== 'unlinked'))
    .map((f) => ({ title: planTitle(f), level: f.level, kind: f.kind, command: f.fixes[0]?.command ?? null, edits: f.fixes[0]?.edits ?? [] }));
}

function planTitle(f: CompatFinding): string {
  switch (f.kind) {
    case 'go-directive':
      return `go line ${f.have} → ${f.want}`;
    case 'toolchain':
      return `remove toolchain ${f.have}`;
    case 'renamed':
      return `${f.module} → ${f.detail} (optional: another path cannot clash, but only KrakenD's module shares its state; update the import paths in your .go files too)`;
    case 'krakend-replace':
      return `replace ${f.detail}`;
    default:
      return `${f.module} ${f.have} → ${f.want}`;
  }
}
