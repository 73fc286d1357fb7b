/**
 * Which packages of the workspace build a plugin, and what each build compiles. Rules that judge modules or
 * plugins judge only these: a backend service, a custom KrakenD build or a helper library beside the plugins
 * is not a plugin, and what only they import cannot keep a plugin from loading.
 *
 * - A **plugin package** declares a plugin symbol and is meant to be built as a plugin: it is `package main`
 *   (or its directory holds main files too), or a build recipe builds it with `-buildmode=plugin`. A non-main
 *   package that merely has a symbol-shaped name (`type ModifierRegisterer struct` in a library other plugins
 *   import) is not one.
 * - A **plugin build** is such a package and the workspace packages it imports, transitively (import paths
 *   resolved through the workspace's go.mod module paths). Its module is the nearest go.mod above it.
 */
import { derivation, type AnalysisContext } from './analysis-context.js';
import type { PackageFacts } from './go/facts.js';
import type { ModuleFacts } from './modules/facts.js';
import { moduleOwners, packagesOfModule } from './modules/module-owners.js';
import { builtDirs } from './recipes/build-command.js';
import { dirname, relativePath, trimSlash } from './workspace.js';

export interface PluginBuild {
  /** The package built with -buildmode=plugin. */
  main: PackageFacts;
  /** The go.mod that governs the build (the nearest above the package), or null without one. */
  module: ModuleFacts | null;
  /** What the build compiles of this workspace: `main` first, then what it imports, transitively. */
  packages: PackageFacts[];
}

export interface PluginBuilds {
  builds: PluginBuild[];
  /** The builds of each module, by module. */
  byModule: ReadonlyMap<ModuleFacts, readonly PluginBuild[]>;
}

/**
 * Whether the package itself says it is (or may be) a main package: its name, main files in its directory, or
 * no name at all (every file excluded by build constraints: nothing says it is a library).
 */
export function declaresMain(pkg: PackageFacts): boolean {
  return pkg.name === null || pkg.name === 'main' || pkg.nameConflicts.some((c) => c.name === 'main');
}

/** The directories that build recipes build with -buildmode=plugin (the directory of each file they name). */
const RECIPE_PLUGIN_DIRS = derivation('directories recipes build as plugins', ['recipes'], (facts) => {
  const dirs = new Set<string>();
  for (const recipe of facts.recipes) {
    for (const build of recipe.pluginBuilds) {
      for (const dir of builtDirs(build)) dirs.add(dir);
    }
  }
  return dirs as ReadonlySet<string>;
});

/** Whether a build recipe of the workspace builds `dir` with -buildmode=plugin. */
export function builtAsPluginByRecipe(derived: AnalysisContext, dir: string): boolean {
  return derived.derive(RECIPE_PLUGIN_DIRS).has(dir);
}

/** Import path → workspace package, for the packages under a go.mod with a module path. */
const PACKAGES_BY_IMPORT_PATH = derivation('packages by import path', ['go', 'modules'], (facts, context) => {
  const owners = moduleOwners(context);
  const byPath = new Map<string, PackageFacts>();
  for (const pkg of facts.go) {
    const dir = pkg.dir;
    const module = owners.moduleFor(dir);
    if (!module?.modulePath) continue;
    const rel = relativePath(trimSlash(module.dir), dir);
    byPath.set(rel === '.' ? module.modulePath : `${module.modulePath}/${rel}`, pkg);
  }
  return byPath as ReadonlyMap<string, PackageFacts>;
});

const PLUGIN_BUILDS = derivation('plugin builds', ['go', 'modules', 'recipes'], (facts, context): PluginBuilds => {
  const owners = moduleOwners(context);
  const byPath = context.derive(PACKAGES_BY_IMPORT_PATH);
  const builds: PluginBuild[] = [];
  const byModule = new Map<ModuleFacts, PluginBuild[]>();
  for (const pkg of facts.go) {
    const dir = pkg.dir;
    if (!facts.plugins.get(dir)?.length) continue;
    if (!declaresMain(pkg) && !builtAsPluginByRecipe(context, dir)) continue;
    const build: PluginBuild = { main: pkg, module: owners.moduleFor(dir), packages: importClosure(pkg, byPath) };
    builds.push(build);
    if (build.module) {
      const list = byModule.get(build.module);
      if (list) list.push(build);
      else byModule.set(build.module, [build]);
    }
  }
  return { builds, byModule };
});

function importClosure(main: PackageFacts, byPath: ReadonlyMap<string, PackageFacts>): PackageFacts[] {
  const seen = new Set<PackageFacts>([main]);
  const queue = [main];
  for (let i = 0; i < queue.length; i++) {
    for (const imp of queue[i].imports) {
      const pkg = byPath.get(imp.path);
      if (pkg && !seen.has(pkg)) {
        seen.add(pkg);
        queue.push(pkg);
      }
    }
  }
  return queue;
}

export function pluginBuilds(derived: AnalysisContext): PluginBuilds {
  return derived.derive(PLUGIN_BUILDS);
}

export interface JudgedModule {
  module: ModuleFacts;
  /** What its plugin builds compile of this workspace (empty for a module given without Go sources). */
  packages: readonly PackageFacts[];
}

/**
 * The modules the module rules judge: those that build a plugin, with the packages of their builds; and a
 * module whose directory holds no Go package of the workspace at all (a go.mod/go.sum checked on their own,
 * as `krakend check-plugin` does), since nothing then says it is not a plugin's. A module whose packages
 * are all something else — a backend service, a custom KrakenD build, a helper library — is not judged.
 */
const JUDGED_MODULES = derivation('modules that build plugins', ['go', 'modules', 'recipes'], (facts, context): JudgedModule[] => {
  const { byModule } = context.derive(PLUGIN_BUILDS);
  const judged: JudgedModule[] = [];
  for (const module of facts.modules) {
    const builds = byModule.get(module);
    if (builds) judged.push({ module, packages: builds.length === 1 ? builds[0].packages : [...new Set(builds.flatMap((b) => b.packages))] });
    else if (packagesOfModule(context, module).length === 0) judged.push({ module, packages: [] });
  }
  return judged;
});

export function modulesThatBuildPlugins(derived: AnalysisContext): readonly JudgedModule[] {
  return derived.derive(JUDGED_MODULES);
}

/**
 * The files whose findings decide whether the plugin built from `dir` loads: the packages its build compiles,
 * its module's go.mod and go.sum, and the KrakenD configs that name what it registers. The lint before
 * `kpa build` judges only these: a broken snippet or another plugin elsewhere in the module must not stop
 * this one from being built.
 */
export function filesDecidingBuild(derived: AnalysisContext, dir: string): (file: string) => boolean {
  const facts = derived.facts;
  const build = pluginBuilds(derived).builds.find((b) => b.main.dir === dir);
  const packageDirs = new Set<string>(build ? build.packages.map((p) => p.dir) : [dir]);
  const module = build?.module ?? moduleOwners(derived).moduleFor(dir);
  const files = new Set<string>();
  if (module) {
    files.add(module.goModFile);
    if (module.goSumFile) files.add(module.goSumFile);
  }
  const names = new Set((facts.plugins.get(dir) ?? []).flatMap((s) => s.names));
  for (const config of facts.configs) {
    if (config.references.some((ref) => ref.names.some((n) => names.has(n.value)))) files.add(config.file);
  }
  return (file) => files.has(file) || packageDirs.has(dirname(file));
}
