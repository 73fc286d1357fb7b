/**
 * What the KPA2xx rules share: one PluginModuleView per module and one diff per (module, manifest),
 * computed once per analysis and reused by every rule (the inspect.Analyzer habit), in the analysis context.
 *
 * The language server re-runs the rules after every keystroke with a new facts object but the same
 * ModuleFacts and, for packages that did not change, the same PackageFacts; its context keeps the views
 * while no module changed. So views and diffs are kept per ModuleFacts and reused while the packages that
 * module governs are the same objects: a keystroke costs one grouping pass over the packages, not a view
 * and a diff per module.
 */
import { derivation, type AnalysisContext } from '../analysis-context.js';
import type { PackageFacts } from '../go/facts.js';
import type { ModuleFacts } from '../modules/facts.js';
import { modulesThatBuildPlugins } from '../plugin-builds.js';
import type { Manifest } from '../target.js';
import { diffAgainst, moduleViewOf, type CompatFinding, type PluginModuleView } from './compat.js';

type ModuleFindings = { module: ModuleFacts; findings: CompatFinding[] };

interface ModuleEntry {
  ownPackages: readonly PackageFacts[];
  view: PluginModuleView;
  diffs: Map<Manifest, CompatFinding[]>;
}

/**
 * Per module, its view and diffs. Dropped when the modules change; the Go packages each view was built
 * from are checked per module, by identity (moduleEntry), so a keystroke in one package keeps the others.
 */
const MODULE_VIEWS = derivation('module views', ['modules'], () => new Map<ModuleFacts, ModuleEntry>());

/** Per manifest (the target's release), the findings of every module. */
const COMPAT_FINDINGS = derivation('compat findings', ['modules', 'go', 'recipes'], () => new Map<Manifest, ModuleFindings[]>());

export function compatFindings(derived: AnalysisContext, manifest: Manifest): ModuleFindings[] {
  const perManifest = derived.derive(COMPAT_FINDINGS);
  let result = perManifest.get(manifest);
  if (!result) {
    const views = derived.derive(MODULE_VIEWS);
    // Only modules that build a plugin, and only what their plugin builds compile (plugin-builds.ts).
    result = modulesThatBuildPlugins(derived).map(({ module, packages }) => {
      const entry = moduleEntry(views, module, packages);
      let findings = entry.diffs.get(manifest);
      if (!findings) entry.diffs.set(manifest, (findings = diffAgainst(entry.view, manifest)));
      return { module, findings };
    });
    perManifest.set(manifest, result);
  }
  return result;
}

function moduleEntry(views: Map<ModuleFacts, ModuleEntry>, module: ModuleFacts, ownPackages: readonly PackageFacts[]): ModuleEntry {
  const cached = views.get(module);
  if (cached && sameItems(cached.ownPackages, ownPackages)) return cached;
  const entry: ModuleEntry = { ownPackages, view: moduleViewOf(module, ownPackages), diffs: new Map() };
  views.set(module, entry);
  return entry;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
