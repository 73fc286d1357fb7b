/** Reporting the module compatibility findings (manifests/compat-findings.ts) for the KPA2xx rules. */
import type { RelatedInformation } from '../../diagnostics.js';
import { compatFindings } from '../../manifests/compat-findings.js';
import type { CompatFinding, CompatKind } from '../../manifests/compat.js';
import type { RuleContext } from '../define-rule.js';

/**
 * Reports the findings of the given kinds at the finding's level (compat.ts decides it, for `kpa compat` too);
 * `messageFor` picks the messageId.
 */
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
          package: f.importedBy?.path ?? f.via?.pkg ?? '',
          how: howLinked(f),
          detail: f.detail ?? '',
        },
        file: f.file,
        range: f.range,
        fixes: f.fixes,
        related,
        details: { kind: f.kind, module: f.module, have: f.have, want: f.want, level: f.level, krakend: manifest.krakend, linkage: f.linkage, ...(f.via ? { via: f.via.importer } : {}) },
      });
    }
  }
}

/**
 * Which message a finding takes, by how the plugin links the module: `imported` (the plugin's own code imports
 * it), `linked` (linked through a dependency, or most likely so by go.sum: `{how}` says which), `required` (in
 * the module graph, whether linked unknown), `notLinked` (required, but no package of the plugin's build reaches
 * it). By linkage, not level: a renamed module is a note however it is linked (compat.ts).
 */
export function linkMessage(f: CompatFinding): 'imported' | 'linked' | 'required' | 'notLinked' {
  switch (f.linkage) {
    case 'unlinked':
      return 'notLinked';
    case 'unknown':
      return 'required';
    case 'linked':
    case 'likely':
      return f.importedBy ? 'imported' : 'linked';
  }
  if (f.level === 'note') return 'notLinked';
  if (f.level === 'warning') return 'required';
  return f.importedBy ? 'imported' : 'linked';
}

/** How a module is linked, for `{how}`: through which package, or why go.sum says it most likely is. */
export function howLinked(f: CompatFinding): string {
  if (f.via) return `through ${f.via.importer}, which imports ${f.via.pkg}`;
  if (f.linkage === 'likely') return 'most likely: go.sum holds its source hash, which the go command records only for modules whose packages it loads';
  return '';
}

/**
 * Says once per module, on its go.mod, that some levels were judged from go.sum because the plugin's import
 * closure could not be followed to the end (no module cache, a module version missing from it), and why.
 * Only when a finding of that module was leveled so: with every import followed, there is nothing to say.
 */
export function reportGuessedLinkSets<M extends string>(ctx: RuleContext<M>, messageId: M): void {
  const target = ctx.target;
  if (!target) return;
  for (const { module, findings } of compatFindings(ctx.derived, target.manifest)) {
    const guessed = findings.find((f) => f.guessedBecause !== null);
    if (!guessed) continue;
    const at = module.goMod?.module?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const modules = findings.filter((f) => f.guessedBecause !== null).length;
    ctx.report({
      messageId,
      severity: 'note',
      data: { reason: guessed.guessedBecause!, count: String(modules) },
      file: module.goModFile,
      range: at,
      fixes: [{ title: 'Download the modules into the module cache, so kpa can follow their imports', command: 'go mod download', edits: [] }],
      details: { reason: guessed.guessedBecause, findings: modules },
    });
  }
}
