/**
 * `// kpa:ignore` comments, applied to the server's findings the way `kpa lint` applies them
 * (analyzers/suppressions.ts). Which files carry such a comment the session keeps up to date across edits
 * (AnalysisSession.filesWithSuppressions), so a keystroke does not re-read every file of the workspace.
 */
import type { Diagnostic } from '../analyzers/diagnostics.js';
import type { AnalysisSession } from '../analyzers/session.js';
import { rulesThatRun, type EngineOptions } from '../analyzers/engine.js';
import { ALL_RULES } from '../analyzers/rules/index.js';
import type { Rule } from '../analyzers/rules/define-rule.js';
import { applySuppressions } from '../analyzers/suppressions.js';

const KNOWN_RULES = new Set(ALL_RULES.map((r) => r.id));

/** `only`: the rules that produced `diagnostics` when not all ran (KPA002 then judges only theirs). */
export function applyEditorSuppressions(diagnostics: readonly Diagnostic[], session: AnalysisSession, options: EngineOptions, only?: readonly Rule[]): Diagnostic[] {
  const files = session.filesWithSuppressions();
  if (files.length === 0) return [...diagnostics];
  const ranRules = new Set(rulesThatRun(options, only).map((r) => r.id));
  return applySuppressions(diagnostics, files, (file) => session.text(file) ?? undefined, {
    knownRules: KNOWN_RULES,
    ranRules,
    setting: options.rules?.KPA002,
  }).diagnostics;
}
