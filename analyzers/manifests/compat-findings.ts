/**
 * What the KPA2xx rules share: one PluginModuleView per module and one diff per (module, manifest),
 * computed once per analysis and reused by every rule (the inspect.Analyzer habit).
 *
 * The language server re-runs the rules after every keystroke with a new facts object but the same
 * ModuleFacts and, for packages that did not change, the same PackageFacts. So views and diffs are also
 * kept per ModuleFacts and reused while the packages that module governs are the same objects: a keystroke
 * costs one grouping pass over the packages, not a view and a diff per module.
 */
import type { RelatedInformation } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { PackageFacts } from '../go/facts.js';
import type { ModuleFacts } from '../modules/facts.js';
import { packagesOfModule } from '../modules/module-owners.js';
import type { RuleContext } from '../rules/define-rule.js';
import type { Manifest } from '../target.js';
import { diffAgainst, moduleViewOf, type CompatFinding, type CompatKind, type PluginModuleView } from './compat.js';

type ModuleFindings = { module: ModuleFacts; findings: CompatFinding[] };

const perAnalysis = new WeakMap<EngineFacts, WeakMap<Manifest, ModuleFindings[]>>();

interface ModuleEntry {
  ownPackages: readonly PackageFacts[];
  view: PluginModuleView;
  diffs: WeakMap<Manifest, CompatFinding[]>;
}

const perModule = new WeakMap<ModuleFacts, ModuleEntry>();

export function compatFindings(facts: EngineFacts, manifest: Manifest): ModuleFindings[] {
  let perManifest = perAnalysis.get(facts);
  if (!perManifest) perAnalysis.set(facts, (perManifest = new WeakMap()));
  let result = perManifest.get(manifest);
  if (!result) {
    result = facts.modules.map((module) => {
      const entry = moduleEntry(module, packagesOfModule(module, facts.modules, facts.go));
      let findings = entry.diffs.get(manifest);
      if (!findings) entry.diffs.set(manifest, (findings = diffAgainst(entry.view, manifest)));
      return { module, findings };
    });
    perManifest.set(manifest, result);
  }
  return result;
}

function moduleEntry(module: ModuleFacts, ownPackages: readonly PackageFacts[]): ModuleEntry {
  const cached = perModule.get(module);
  if (cached && sameItems(cached.ownPackages, ownPackages)) return cached;
  const entry: ModuleEntry = { ownPackages, view: moduleViewOf(module, ownPackages), diffs: new WeakMap() };
  perModule.set(module, entry);
  return entry;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reports the findings of the given kinds; `messageFor` picks the messageId. */
export function reportCompat(ctx: RuleContext, kinds: CompatKind[], messageFor: (f: CompatFinding) => string): void {
  const target = ctx.target;
  if (!target) return;
  const manifest = target.manifest;
  for (const { findings } of compatFindings(ctx.facts, manifest)) {
    for (const f of findings) {
      if (!kinds.includes(f.kind)) continue;
      const related: RelatedInformation[] = f.importedBy
        ? [{ file: f.importedBy.file, range: f.importedBy.range, message: `${f.importedBy.path} is imported here` }]
        : [];
      ctx.report({
        messageId: messageFor(f),
        severity: f.level,
        data: {
          module: f.module,
          have: f.have,
          want: f.want,
          krakend: manifest.krakend,
          targetGo: manifest.go,
          package: f.importedBy?.path ?? '',
          detail: f.detail ?? '',
        },
        file: f.file,
        range: f.range,
        fixes: f.fixes,
        related,
        details: { kind: f.kind, module: f.module, have: f.have, want: f.want, level: f.level, krakend: manifest.krakend },
      });
    }
  }
}
