/**
 * `// kpa:ignore KPA101 reason` suppresses one finding of that rule on the next line of a .go file or
 * go.mod (the only inputs with comments). Several ids may be comma-separated; consecutive kpa:ignore
 * lines stack onto the first line below them. A comment that suppresses nothing is reported (KPA002),
 * as eslint's --report-unused-disable-directives and golangci-lint's nolintlint do.
 * Only whole-line `//` comments count, so `"// kpa:ignore"` inside a string does not.
 */
import type { Diagnostic, Range } from './diagnostics.js';
import { compareDiagnostics } from './diagnostics.js';
import type { RuleSetting } from './engine.js';
import { toDiagnostic } from './rules/define-rule.js';
import unusedSuppression from './rules/kpa002-unused-suppression.js';
import { basename } from './workspace.js';

export interface Suppression {
  file: string;
  /** The comment's range (0-based line, UTF-16 characters). */
  range: Range;
  /** Upper-cased rule ids; empty when the comment names none. */
  rules: string[];
  reason: string;
  /** 0-based line whose findings it suppresses. */
  targetLine: number;
}

export interface SuppressedDiagnostic {
  diagnostic: Diagnostic;
  suppression: Suppression;
}

export interface SuppressionOptions {
  /** Every rule id kpa knows: a comment naming another id is reported as unknown. */
  knownRules: ReadonlySet<string>;
  /** Rules that ran: a comment for a rule that was off or lacked its facts cannot be judged unused. */
  ranRules: ReadonlySet<string>;
  /** The .kpa.json setting for KPA002. */
  setting?: RuleSetting;
}

const DIRECTIVE = /^(\s*)\/\/\s*kpa:ignore(?=\s|$)(.*)$/;

export function canCarrySuppressions(file: string): boolean {
  return file.endsWith('.go') || basename(file) === 'go.mod';
}

export function findSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes('kpa:ignore')) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const found: Suppression[] = [];
  let pending: Suppression[] = [];
  for (let line = 0; line < lines.length; line++) {
    const m = DIRECTIVE.exec(lines[line]);
    if (m) {
      const rest = m[2].trim();
      const [first = '', ...reason] = rest.split(/\s+/);
      const rules = /^[A-Za-z]{3}\d{3}(,[A-Za-z]{3}\d{3})*,?$/.test(first) ? first.split(',').filter(Boolean).map((r) => r.toUpperCase()) : [];
      const start = m[1].length;
      pending.push({
        file,
        range: { start: { line, character: start }, end: { line, character: lines[line].length } },
        rules,
        reason: (rules.length ? reason.join(' ') : rest).trim(),
        targetLine: -1,
      });
      continue;
    }
    for (const s of pending) s.targetLine = line;
    found.push(...pending);
    pending = [];
  }
  // Comments on the last lines suppress nothing.
  found.push(...pending);
  return found;
}

/**
 * Drops suppressed findings and adds a KPA002 finding for every comment that suppressed nothing.
 * `readText` returns a file's text, or undefined when it could not be read.
 */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  files: readonly string[],
  readText: (file: string) => string | undefined,
  options: SuppressionOptions,
): { diagnostics: Diagnostic[]; suppressed: SuppressedDiagnostic[] } {
  const byFile = new Map<string, Suppression[]>();
  for (const file of files) {
    if (!canCarrySuppressions(file)) continue;
    const text = readText(file);
    if (text === undefined) continue;
    const list = findSuppressions(file, text);
    if (list.length) byFile.set(file, list);
  }
  if (byFile.size === 0) return { diagnostics: [...diagnostics], suppressed: [] };

  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  const used = new Set<Suppression>();
  for (const d of diagnostics) {
    const suppression = byFile.get(d.file)?.find((s) => s.targetLine === d.range.start.line && s.rules.includes(d.rule));
    if (suppression) {
      used.add(suppression);
      suppressed.push({ diagnostic: d, suppression });
    } else kept.push(d);
  }

  if (options.setting !== 'off' && options.ranRules.has(unusedSuppression.id)) {
    for (const list of byFile.values()) {
      for (const s of list) {
        if (used.has(s)) continue;
        const report = (messageId: string, rule?: string) => {
          const d = toDiagnostic(unusedSuppression, { messageId, data: rule ? { rule } : {}, file: s.file, range: s.range, details: { rules: s.rules } });
          if (options.setting && options.setting !== 'off') d.severity = options.setting;
          kept.push(d);
        };
        if (s.rules.length === 0) report('missingRule');
        else {
          const unknown = s.rules.find((r) => !options.knownRules.has(r));
          if (unknown) report('unknownRule', unknown);
          // A rule that did not run (off, or no target) may well have a finding there.
          else if (s.rules.some((r) => options.ranRules.has(r))) report('unused', s.rules.filter((r) => options.ranRules.has(r)).join(', '));
        }
      }
    }
  }
  return { diagnostics: kept.sort(compareDiagnostics), suppressed };
}
