/**
 * Which plugins end up in one plugin folder (KPA311). Go refuses a second plugin with the plugin path of one
 * already opened, but only plugins KrakenD opens in one process can collide: those in the folder one
 * krakend.json's `plugin` block loads, or in one folder build recipes write into. Examples of a monorepo
 * that are never deployed together share nothing, so kpa needs evidence that two plugins meet:
 *
 * - **intended** (what the sources say): a build recipe writes the package's .so into the folder, or a
 *   config whose plugin folder it is names a plugin only this package registers;
 * - **present** (what is on disk): two .so files in the folder carry the same plugin path (binary facts).
 *
 * Only import paths two plugin packages share are looked at, so a workspace without one costs nothing here.
 */
import { derivation, type AnalysisContext } from '../../analysis-context.js';
import type { Range } from '../../diagnostics.js';
import { pluginRegistry } from '../../config/plugin-registry.js';
import { builtDirs, outputFolder } from '../../recipes/build-command.js';
import { moduleOwners } from '../../modules/module-owners.js';
import { basename, dirname, relativePath } from '../../workspace.js';
import { lookedUpNames, references } from './config-references.js';

/** How kpa knows that a plugin package ends up in a folder: a place in a recipe, a config or a .so file. */
export interface FolderEvidence {
  kind: 'recipe' | 'config' | 'binary';
  file: string;
  range: Range;
  /** The registered name the config uses (kind 'config'). */
  name?: string;
}

export interface FolderCollision {
  /** Absolute folder. */
  folder: string;
  /** The config files that load it (empty for a folder only build recipes write into). */
  configs: string[];
  importPath: string;
  /** The plugin package directories with that import path that end up in the folder (two or more). */
  dirs: string[];
  /** Per directory, how kpa knows (for `present` collisions, the .so files with that plugin path). */
  evidence: Map<string, FolderEvidence[]>;
  /** `intended`: sources put both there; `present`: two .so files there have the path. */
  basis: 'intended' | 'present';
}

interface View {
  folder: string;
  /** The config's pattern (KrakenD opens only the files whose name contains it); null for a recipe folder. */
  pattern: string | null;
  configs: string[];
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };


const COLLISIONS = derivation('plugins sharing a plugin folder', ['go', 'modules', 'config', 'recipes', 'binary'], (facts, context): FolderCollision[] => {
  const registry = pluginRegistry(context);
  const owners = moduleOwners(context);
  const pathOf = new Map<string, string>();
  const dirsByPath = new Map<string, string[]>();
  for (const dir of registry.packageDirs) {
    const mod = owners.moduleFor(dir);
    // Without go.mod Go names the plugin plugin/unnamed-<hash>: unique per package.
    if (!mod?.modulePath) continue;
    const rel = relativePath(mod.dir, dir);
    const path = rel === '.' ? mod.modulePath : `${mod.modulePath}/${rel}`;
    pathOf.set(dir, path);
    const list = dirsByPath.get(path);
    if (list) list.push(dir);
    else dirsByPath.set(path, [dir]);
  }
  const shared = new Set([...dirsByPath].filter(([, dirs]) => dirs.length > 1).map(([path]) => path));
  if (shared.size === 0) return [];
  const isShared = (dir: string) => shared.has(pathOf.get(dir) ?? '');

  // The folders: each config's plugin folder (with its pattern), and the folders recipes write into.
  const views = new Map<string, View>();
  for (const config of facts.configs) {
    const pf = config.status === 'ok' ? config.pluginFolder : null;
    if (!pf) continue;
    const key = `${pf.folder}\0${pf.pattern}`;
    const view = views.get(key);
    if (view) view.configs.push(config.file);
    else views.set(key, { folder: pf.folder, pattern: pf.pattern, configs: [config.file] });
  }
  const configFolders = new Set([...views.values()].map((v) => v.folder));
  for (const recipe of facts.recipes) {
    for (const build of recipe.pluginBuilds) {
      const folder = outputFolder(build);
      if (folder !== null && !configFolders.has(folder) && !views.has(folder)) views.set(folder, { folder, pattern: null, configs: [] });
    }
  }

  // Intended: recipes writing a package's .so into the folder, and configs naming a plugin only it registers.
  const intended = (view: View): Map<string, FolderEvidence[]> => {
    const placed = new Map<string, FolderEvidence[]>();
    const add = (dir: string, e: FolderEvidence) => {
      const list = placed.get(dir);
      if (list) list.push(e);
      else placed.set(dir, [e]);
    };
    for (const recipe of facts.recipes) {
      for (const build of recipe.pluginBuilds) {
        if (outputFolder(build) !== view.folder) continue;
        if (view.pattern !== null && build.output && !basename(build.output).includes(view.pattern)) continue;
        for (const dir of builtDirs(build)) if (isShared(dir)) add(dir, { kind: 'recipe', file: build.file, range: build.range });
      }
    }
    if (view.configs.length) {
      for (const { config, ref } of references(facts)) {
        if (!view.configs.includes(config.file)) continue;
        for (const n of lookedUpNames(ref)) {
          const dirs = [...new Set((registry.byName.get(n.value) ?? []).filter((r) => r.kind === ref.kind).map((r) => r.dir))];
          // A name two packages register says only that one of them is there.
          if (dirs.length === 1 && isShared(dirs[0])) add(dirs[0], { kind: 'config', file: config.file, range: n.range, name: n.value });
        }
      }
    }
    return placed;
  };
  const placedIn = new Map<string, Set<string>>();
  const intendedByView = new Map<View, Map<string, FolderEvidence[]>>();
  for (const view of views.values()) {
    const placed = intended(view);
    intendedByView.set(view, placed);
    for (const dir of placed.keys()) {
      const set = placedIn.get(dir);
      if (set) set.add(view.folder);
      else placedIn.set(dir, new Set([view.folder]));
    }
  }

  const pluginPathOf = new Map<string, string>();
  for (const b of facts.binaries) if (b.go?.pluginPath) pluginPathOf.set(b.file, b.go.pluginPath);

  const collisions: FolderCollision[] = [];
  for (const view of views.values()) {
    const placed = intendedByView.get(view)!;
    const byPath = new Map<string, string[]>();
    for (const dir of placed.keys()) {
      const path = pathOf.get(dir)!;
      const list = byPath.get(path);
      if (list) list.push(dir);
      else byPath.set(path, [dir]);
    }
    const reported = new Set<string>();
    for (const [path, dirs] of byPath) {
      if (dirs.length < 2) continue;
      reported.add(path);
      collisions.push({ folder: view.folder, configs: view.configs, importPath: path, dirs: dirs.sort(), evidence: new Map(dirs.map((d) => [d, placed.get(d)!])), basis: 'intended' });
    }
    // Present: two .so files the folder holds (those KrakenD opens, for a config's folder) with one shared path.
    const files = facts.binaries
      .map((b) => b.file)
      .filter((f) => dirname(f) === view.folder && (view.pattern === null || basename(f).includes(view.pattern)));
    const filesByPath = new Map<string, string[]>();
    for (const file of files) {
      const path = pluginPathOf.get(file);
      if (!path || !shared.has(path) || reported.has(path)) continue;
      const list = filesByPath.get(path);
      if (list) list.push(file);
      else filesByPath.set(path, [file]);
    }
    for (const [path, sos] of filesByPath) {
      if (sos.length < 2) continue;
      // Which package built which file is not on record: each package with the path that is not known to be
      // deployed only elsewhere may have.
      const dirs = dirsByPath.get(path)!.filter((d) => !placedIn.has(d) || placedIn.get(d)!.has(view.folder));
      if (dirs.length < 2) continue;
      const evidence = sos.map((file): FolderEvidence => ({ kind: 'binary', file, range: ZERO }));
      collisions.push({ folder: view.folder, configs: view.configs, importPath: path, dirs: dirs.sort(), evidence: new Map(dirs.map((d) => [d, evidence])), basis: 'present' });
    }
  }
  return collisions;
});

/** Plugin packages that share an import path and end up in one plugin folder, with how kpa knows. */
export function pluginFolderCollisions(derived: AnalysisContext): readonly FolderCollision[] {
  return derived.derive(COLLISIONS);
}
