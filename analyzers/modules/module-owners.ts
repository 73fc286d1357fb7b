/**
 * Which module governs a directory: the one whose go.mod sits in its nearest ancestor (or in it). Looked
 * up by walking the directory's ancestors through a map of module directories, so grouping every package
 * of a workspace costs packages × path depth, not packages × modules (1,000 plugin modules made the
 * per-module scan quadratic; issue: language server at workspace scale).
 */
import type { PackageFacts } from '../go/facts.js';
import type { ModuleFacts } from './facts.js';

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

interface Owners {
  count: number;
  index: ModuleDirIndex;
  /** Directory → its governing module's directory, as looked up so far. */
  ownerDirs: Map<string, string | null>;
}

/**
 * Per modules list (the language server keeps one across keystrokes while no go.mod changes): its index and
 * the owner of every directory asked about, so a re-analysis does not walk the same ancestors again.
 */
const owners = new WeakMap<readonly ModuleFacts[], Owners>();

function ownerDir(modules: readonly ModuleFacts[], dir: string): { index: ModuleDirIndex; owner: string | null } {
  let o = owners.get(modules);
  // Hand-built facts in tests may grow a list after a lookup; a count change starts over.
  if (!o || o.count !== modules.length) owners.set(modules, (o = { count: modules.length, index: moduleDirIndex(modules), ownerDirs: new Map() }));
  let owner = o.ownerDirs.get(dir);
  if (owner === undefined) o.ownerDirs.set(dir, (owner = governingModuleDir(o.index, dir)));
  return { index: o.index, owner };
}

/** The module governing `dir` (nearest go.mod at or above it): the first one listed when facts repeat a directory. */
export function moduleFor(modules: readonly ModuleFacts[], dir: string): ModuleFacts | null {
  const { index, owner } = ownerDir(modules, dir);
  return owner === null ? null : index.get(owner)![0];
}

/** The module governing `dir`: the first one listed when hand-built facts repeat a directory. */
export function governingModule(index: ModuleDirIndex, dir: string): ModuleFacts | null {
  const owner = governingModuleDir(index, dir);
  return owner === null ? null : index.get(owner)![0];
}

const groupings = new WeakMap<readonly PackageFacts[], { modules: readonly ModuleFacts[]; moduleCount: number; packageCount: number; byDir: Map<string, PackageFacts[]> }>();

/**
 * The packages of each module directory, in workspace order. Memoised per (packages, modules) arrays,
 * which the engine never changes after computing them, so every rule and every module of one analysis
 * share a single pass.
 */
export function packagesByModuleDir(modules: readonly ModuleFacts[], packages: readonly PackageFacts[]): ReadonlyMap<string, readonly PackageFacts[]> {
  const cached = groupings.get(packages);
  if (cached && cached.modules === modules && cached.moduleCount === modules.length && cached.packageCount === packages.length) return cached.byDir;
  const byDir = new Map<string, PackageFacts[]>();
  for (const pkg of packages) {
    const { owner } = ownerDir(modules, pkg.dir);
    if (owner === null) continue;
    const list = byDir.get(owner);
    if (list) list.push(pkg);
    else byDir.set(owner, [pkg]);
  }
  groupings.set(packages, { modules, moduleCount: modules.length, packageCount: packages.length, byDir });
  return byDir;
}

/** The packages `module` governs (its go.mod is their nearest ancestor go.mod). */
export function packagesOfModule(module: ModuleFacts, modules: readonly ModuleFacts[], packages: readonly PackageFacts[]): readonly PackageFacts[] {
  return packagesByModuleDir(modules, packages).get(trimSlash(module.dir)) ?? NO_PACKAGES;
}

const NO_PACKAGES: readonly PackageFacts[] = [];

function trimSlash(dir: string): string {
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}
