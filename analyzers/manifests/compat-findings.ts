/**
 * What the KPA2xx rules share: one PluginModuleView per module and one diff per (module, manifest),
 * computed once per analysis and reused by every rule (the inspect.Analyzer habit).
 */
import type { RelatedInformation } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { ModuleFacts } from '../modules/facts.js';
import type { RuleContext } from '../rules/define-rule.js';
import type { Manifest } from '../target.js';
import { diffAgainst, pluginModuleView, type CompatFinding, type CompatKind } from './compat.js';

const cache = new WeakMap<EngineFacts, WeakMap<Manifest, { module: ModuleFacts; findings: CompatFinding[] }[]>>();

export function compatFindings(facts: EngineFacts, manifest: Manifest): { module: ModuleFacts; findings: CompatFinding[] }[] {
  let perManifest = cache.get(facts);
  if (!perManifest) cache.set(facts, (perManifest = new WeakMap()));
  let result = perManifest.get(manifest);
  if (!result) {
    result = facts.modules.map((module) => ({ module, findings: diffAgainst(pluginModuleView(module, facts.go, facts.modules), manifest) }));
    perManifest.set(manifest, result);
  }
  return result;
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
