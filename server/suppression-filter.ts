/**
 * `// kpa:ignore` comments, applied to the server's findings the way `kpa lint` applies them
 * (analyzers/suppressions.ts). Which files carry such a comment is remembered per text, so an edit does
 * not rescan every file of the workspace.
 */
import type { Diagnostic } from '../analyzers/diagnostics.js';
import type { AnalysisSession } from '../analyzers/session.js';
import type { EngineOptions } from '../analyzers/engine.js';
import { ALL_RULES } from '../analyzers/rules/index.js';
import type { Rule } from '../analyzers/rules/define-rule.js';
import { applySuppressions, canCarrySuppressions } from '../analyzers/suppressions.js';

const KNOWN_RULES = new Set(ALL_RULES.map((r) => r.id));

export class SuppressionFilter {
  private readonly carries = new Map<string, { text: string; has: boolean }>();

  /** `only`: the rules that produced `diagnostics` when not all ran (then KPA002 judges nothing). */
  apply(diagnostics: readonly Diagnostic[], session: AnalysisSession, options: EngineOptions, only?: readonly Rule[]): Diagnostic[] {
    const files: string[] = [];
    const ws = session.currentWorkspace();
    const candidates = [...ws.goModFiles, ...[...ws.goPackages.values()].flat()];
    for (const file of candidates) {
      if (!canCarrySuppressions(file)) continue;
      const text = session.text(file);
      if (text === null) continue;
      let known = this.carries.get(file);
      if (!known || known.text !== text) this.carries.set(file, (known = { text, has: text.includes('kpa:ignore') }));
      if (known.has) files.push(file);
    }
    if (files.length === 0) return [...diagnostics];
    const ranRules = new Set((only ?? ALL_RULES).filter((r) => options.rules?.[r.id] !== 'off' && (!r.needsTarget || options.target)).map((r) => r.id));
    return applySuppressions(diagnostics, files, (file) => session.text(file) ?? undefined, {
      knownRules: KNOWN_RULES,
      ranRules,
      setting: options.rules?.KPA002,
    }).diagnostics;
  }
}
