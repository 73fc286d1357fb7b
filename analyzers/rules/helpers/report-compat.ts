/** Reporting the module compatibility findings (manifests/compat-findings.ts) for the KPA2xx rules. */
import type { RelatedInformation } from '../../diagnostics.js';
import { compatFindings } from '../../manifests/compat-findings.js';
import type { CompatFinding, CompatKind } from '../../manifests/compat.js';
import type { RuleContext } from '../define-rule.js';

/** Reports the findings of the given kinds; `messageFor` picks the messageId. */
export function reportCompat<M extends string>(ctx: RuleContext<M>, kinds: CompatKind[], messageFor: (f: CompatFinding) => M): void {
  const target = ctx.target;
  if (!target) return;
  const manifest = target.manifest;
  for (const { findings } of compatFindings(ctx.derived, manifest)) {
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
