/**
 * The compatibility engine: a plugin module (go.mod, go.sum, the imports of its own packages) against a
 * KrakenD manifest. One `PluginModuleView` is computed per module and diffed against any number of
 * manifests cheaply, so the KPA2xx rules, `kpa compat` (57 releases) and the language server share it.
 *
 * Levels follow govulncheck (issue: compatibility engine): a module the plugin's own code imports is an
 * error, one in its go.mod require graph a warning, one only in go.sum a note. Spec §3.2, §6, §8.
 */
import type { Fix, Range, Severity, TextEdit } from '../diagnostics.js';
import type { ImportFact, PackageFacts } from '../go/facts.js';
import type { GoModFacts, ModuleFacts, ReplaceFact, RequireFact, SumEntry } from '../modules/facts.js';
import { sumEntryRange } from '../modules/facts.js';
import { compareGoSemver, compareGoToolchainVersions, parseGoToolchainVersion } from '../modules/go-semver.js';
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
}

export interface PluginModuleView {
  module: ModuleFacts;
  goMod: GoModFacts | null;
  modules: Map<string, PluginModule>;
  replaces: Map<string, ReplaceFact>;
  /** Required or imported modules under a KrakenD owner (devopsfaith, krakendio, krakend): rename candidates. */
  krakendOwned: PluginModule[];
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
  /** The import that makes it an error. */
  importedBy: ImportFact | null;
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

/** The view from the packages `module` governs (see packagesOfModule). */
export function moduleViewOf(module: ModuleFacts, ownPackages: readonly PackageFacts[]): PluginModuleView {
  const goMod = module.goMod;
  const modules = new Map<string, PluginModule>();
  const replaces = new Map<string, ReplaceFact>();
  for (const r of goMod?.replaces ?? []) if (!replaces.has(r.from) || r.fromVersion === null) replaces.set(r.from, r);
  for (const req of goMod?.requires ?? []) {
    const replace = replaces.get(req.path) ?? null;
    modules.set(req.path, { path: req.path, version: effectiveVersion(req.version, req.path, replace), require: req, replace, sum: null, importedBy: null });
  }
  for (const e of module.goSum?.entries ?? []) {
    const m = modules.get(e.path);
    if (m) {
      if (!m.sum || compareGoSemver(m.sum.version, e.version) < 0) m.sum = e;
      continue;
    }
    modules.set(e.path, { path: e.path, version: e.version, require: null, replace: replaces.get(e.path) ?? null, sum: e, importedBy: null });
  }
  for (const m of modules.values()) {
    if (!m.require && m.sum) m.version = m.sum.version;
  }
  for (const pkg of ownPackages) {
    for (const imp of pkg.imports) {
      const m = owningModule(imp.path, modules);
      if (m && !m.importedBy) m.importedBy = imp;
    }
  }
  const krakendOwned = [...modules.values()].filter((m) => (m.require || m.importedBy) && KRAKEND_OWNERS.some((o) => m.path.startsWith(o)));
  return { module, goMod, modules, replaces, krakendOwned };
}

function effectiveVersion(version: string, path: string, replace: ReplaceFact | null): string {
  if (!replace || (replace.fromVersion !== null && replace.fromVersion !== version)) return version;
  if (replace.toVersion === null) return `=> ${replace.to}`;
  return replace.to === path ? replace.toVersion : `=> ${replace.to} ${replace.toVersion}`;
}

function owningModule(importPath: string, modules: Map<string, PluginModule>): PluginModule | undefined {
  let p = importPath;
  for (;;) {
    const m = modules.get(p);
    if (m) return m;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return undefined;
    p = p.slice(0, slash);
  }
}

function levelOf(m: PluginModule): Severity {
  return m.importedBy ? 'error' : m.require ? 'warning' : 'note';
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
    const kind: CompatKind = path === LURA_MODULE ? 'lura' : 'version';
    findings.push({
      kind,
      level: levelOf(m),
      module: path,
      have: m.version,
      want,
      ...locate(view, m),
      importedBy: m.importedBy,
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

/** `go get m@v` + the require line's version for a direct requirement; a `replace` for anything else (as check-plugin -f does). */
export function versionFix(view: PluginModuleView, m: PluginModule, want: string): Fix {
  const goModFile = view.module.goModFile;
  if (m.require && !m.require.indirect && !m.replace) {
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
    title: `Pin ${m.path} to ${want} with a replace`,
    command: `go mod edit -replace ${m.path}=${m.path}@${want}`,
    edits: addReplaceEdits(view, `${m.path} => ${m.path} ${want}`),
  };
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
  if (!m.importedBy && !m.require) return; // go.sum-only: never linked, nothing to replace
  const directive = `${kr.from} => ${kr.to}${kr.toVersion ? ' ' + kr.toVersion : ''}`;
  const edits: TextEdit[] = own
    ? [{ file: view.goMod!.file, range: own.range, newText: `${own.inBlock ? '' : 'replace '}${directive}` }]
    : addReplaceEdits(view, directive);
  findings.push({
    kind: 'krakend-replace',
    level: levelOf(m),
    module: m.path,
    have: own ? `${own.to}${own.toVersion ? ' ' + own.toVersion : ''}` : m.version,
    want: `${kr.to}${kr.toVersion ? ' ' + kr.toVersion : ''}`,
    ...locate(view, m),
    importedBy: m.importedBy,
    detail: directive,
    fixes: [{ title: `Replace ${kr.from} as KrakenD does`, command: `go mod edit -replace ${kr.from}=${kr.to}${kr.toVersion ? '@' + kr.toVersion : ''}`, edits }],
    order: 2,
  });
}

const KRAKEND_OWNERS = ['github.com/devopsfaith/', 'github.com/krakendio/', 'github.com/krakend/'];

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
      level: levelOf(m),
      module: m.path,
      have: `${m.path} ${m.version}`,
      want: `${renamed} ${want}`,
      ...locate(view, m),
      importedBy: m.importedBy,
      detail: renamed,
      fixes: [{ title: `Use ${renamed}`, command: `go get ${renamed}@${want}`, edits }],
      order: 1,
    });
    return;
  }
}

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
 * then path renames, KrakenD's replaces, lura, direct then indirect requirements; go.sum-only notes are
 * left out (they cannot break loading and `go mod tidy` at the end settles go.sum).
 */
export function upgradePlan(view: PluginModuleView, manifest: Manifest): PlanStep[] {
  return diffAgainst(view, manifest)
    .filter((f) => f.level !== 'note')
    .map((f) => ({ title: planTitle(f), level: f.level, kind: f.kind, command: f.fixes[0]?.command ?? null, edits: f.fixes[0]?.edits ?? [] }));
}

function planTitle(f: CompatFinding): string {
  switch (f.kind) {
    case 'go-directive':
      return `go line ${f.have} → ${f.want}`;
    case 'toolchain':
      return `remove toolchain ${f.have}`;
    case 'renamed':
      return `${f.module} → ${f.detail} (update the import paths in your .go files too)`;
    case 'krakend-replace':
      return `replace ${f.detail}`;
    default:
      return `${f.module} ${f.have} → ${f.want}`;
  }
}
