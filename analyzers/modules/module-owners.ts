/**
 * Which module governs a directory: the one whose go.mod sits in its nearest ancestor (or in it). Looked
 * up by walking the directory's ancestors through a map of module directories, so grouping every package
 * of a workspace costs packages × path depth, not packages × modules (1,000 plugin modules made the
 * per-module scan quadratic; issue: language server at workspace scale).
 */
import { derivation, type AnalysisContext } from '../analysis-context.js';
import type { PackageFacts } from '../go/facts.js';
import type { ModuleFacts } from './facts.js';
import { trimSlash } from '../workspace.js';

/** Module directory → the modules in it (one, unless hand-built facts repeat a directory). */
export type ModuleDirIndex = ReadonlyMap<string, readonly ModuleFacts[]>;

export function moduleDirIndex(modules: readonly ModuleFacts[]): ModuleDirIndex {
  const index = new Map<string, ModuleFacts[]>();
  for (const m of modules) {
    const dir = trimSlash(m.dir);
    const list = index.get(dir);
    if (list) list.push(m);
    else index.set(dir, [m]);
  }
  return index;
}

/** The directory of the module governing `dir` (nearest ancestor, `dir` itself included), or null. */
export function governingModuleDir(index: ModuleDirIndex, dir: string): string | null {
  let d = trimSlash(dir);
  for (;;) {
    if (index.has(d)) return d;
    const slash = d.lastIndexOf('/');
    if (slash < 0 || d === '/') return null;
    d = slash === 0 ? '/' : d.slice(0, slash);
  }
}

/** The module governing `dir`: the first one listed when hand-built facts repeat a directory. */
export function governingModule(index: ModuleDirIndex, dir: string): ModuleFacts | null {
  const owner = governingModuleDir(index, dir);
  return owner === null ? null : index.get(owner)![0];
}

/**
 * The module governing each directory asked about, remembered: the language server keeps this across
 * keystrokes while no go.mod changes (the analysis context drops it with the modules), so a re-analysis does
 * not walk the same ancestors again.
 */
export class ModuleOwners {
  readonly index: ModuleDirIndex;
  /** Directory → its governing module's directory, as looked up so far. */
  private readonly ownerDirs = new Map<string, string | null>();

  constructor(modules: readonly ModuleFacts[]) {
    this.index = moduleDirIndex(modules);
  }

  ownerDir(dir: string): string | null {
    let owner = this.ownerDirs.get(dir);
    if (owner === undefined) this.ownerDirs.set(dir, (owner = governingModuleDir(this.index, dir)));
    return owner;
  }

  /** Like governingModule, remembered. */
  moduleFor(dir: string): ModuleFacts | null {
    const owner = this.ownerDir(dir);
    return owner === null ? null : this.index.get(owner)![0];
  }
}

const MODULE_OWNERS = derivation('module owners', ['modules'], (facts) => new ModuleOwners(facts.modules));

/** The packages of each module directory, in workspace order: one pass per analysis, shared by every rule. */
const PACKAGES_BY_MODULE_DIR = derivation('packages by module', ['modules', 'go'], (facts, context) => {
  const owners = context.derive(MODULE_OWNERS);
  const byDir = new Map<string, PackageFacts[]>();
  for (const pkg of facts.go) {
    const owner = owners.ownerDir(pkg.dir);
    if (owner === null) continue;
    const list = byDir.get(owner);
    if (list) list.push(pkg);
    else byDir.set(owner, [pkg]);
  }
  return byDir as ReadonlyMap<string, readonly PackageFacts[]>;
});

/** The owners of directories among this analysis' modules. */
export function moduleOwners(derived: AnalysisContext): ModuleOwners {
  return derived.derive(MODULE_OWNERS);
}

/**
 * The module governing `dir` among `modules`, for a caller outside an analysis (kpa inspect, once per plugin
 * package); rules ask moduleOwners(ctx.derived), which remembers.
 */
export function moduleFor(modules: readonly ModuleFacts[], dir: string): ModuleFacts | null {
  return governingModule(moduleDirIndex(modules), dir);
}

/** The packages `module` governs among `packages`, for a caller outside an analysis (kpa compat, once per module). */
export function packagesGovernedBy(module: ModuleFacts, modules: readonly ModuleFacts[], packages: readonly PackageFacts[]): PackageFacts[] {
  const index = moduleDirIndex(modules);
  const dir = trimSlash(module.dir);
  return packages.filter((p) => governingModuleDir(index, p.dir) === dir);
}

/** The packages of each module directory of this analysis, in workspace order. */
export function packagesByModuleDir(derived: AnalysisContext): ReadonlyMap<string, readonly PackageFacts[]> {
  return derived.derive(PACKAGES_BY_MODULE_DIR);
}

/** The packages `module` governs (its go.mod is their nearest ancestor go.mod). */
export function packagesOfModule(derived: AnalysisContext, module: ModuleFacts): readonly PackageFacts[] {
  return packagesByModuleDir(derived).get(trimSlash(module.dir)) ?? NO_PACKAGES;
}

const NO_PACKAGES: readonly PackageFacts[] = [];
