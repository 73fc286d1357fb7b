/**
 * Which plugin packages of the workspace a config can load, for "did you mean" suggestions (KPA305): a
 * typo is a typo of a plugin that can end up in that config's plugin folder, not of an unrelated example
 * elsewhere in a monorepo. The rule is by directory, since that is how repositories hold a gateway and its
 * plugins together:
 *
 * - a plugin package belongs to the config(s) nearest above it: those in the deepest directory that holds
 *   a krakend*.json and contains the package (`01.hello/krakend.json` owns `01.hello/plugin/`, and a root
 *   config does not reach into it);
 * - a plugin package with no config above it (configs in `config/`, plugins in `plugins/`) can be loaded by
 *   any config;
 * - a package a build recipe builds (`go build -buildmode=plugin -o DIR/x.so`) into the config's plugin
 *   folder belongs to that config too, wherever it sits.
 */
import { derivation, type AnalysisContext } from '../../analysis-context.js';
import type { ConfigFacts } from '../../config/facts.js';
import { pluginRegistry } from '../../config/plugin-registry.js';
import { builtDirs } from '../../recipes/build-command.js';
import { dirname } from '../../workspace.js';

function within(dir: string, parent: string): boolean {
  return dir === parent || dir.startsWith(parent.endsWith('/') ? parent : parent + '/');
}

const REACH = derivation('plugin packages each config reaches', ['config', 'go', 'recipes'], (facts, context) => {
  const packageDirs = pluginRegistry(context).packageDirs;
  const configDirs = [...new Set(facts.configs.map((c) => dirname(c.file)))];
  // The directory of the nearest configs above each plugin package (null: none above it).
  const owner = new Map<string, string | null>();
  for (const dir of packageDirs) {
    let best: string | null = null;
    for (const c of configDirs) if (within(dir, c) && (best === null || c.length > best.length)) best = c;
    owner.set(dir, best);
  }
  // Output folder → the package directories recipes build into it.
  const builtInto = new Map<string, Set<string>>();
  for (const recipe of facts.recipes) {
    for (const build of recipe.pluginBuilds) {
      if (!build.output) continue;
      const folder = dirname(build.output);
      // A command whose package is hidden in a variable is taken to build its cwd: only suggestions widen.
      const dirs = build.targets.length ? builtDirs(build) : [build.cwd];
      let set = builtInto.get(folder);
      if (!set) builtInto.set(folder, (set = new Set()));
      for (const d of dirs) set.add(d);
    }
  }
  const byConfig = new Map<string, ReadonlySet<string>>();
  for (const config of facts.configs) {
    const own = dirname(config.file);
    const reach = new Set<string>();
    for (const [dir, o] of owner) if (o === null || o === own) reach.add(dir);
    const folder = config.pluginFolder?.folder;
    for (const dir of (folder && builtInto.get(folder)) || []) if (owner.has(dir)) reach.add(dir);
    byConfig.set(config.file, reach);
  }
  return byConfig;
});

/** The plugin package directories `config` can load (see above). */
export function reachablePluginDirs(derived: AnalysisContext, config: ConfigFacts): ReadonlySet<string> {
  return derived.derive(REACH).get(config.file) ?? new Set();
}
