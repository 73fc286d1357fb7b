/**
 * `kpa rules`: every rule with its id, name, severity and one-line summary. A rule that reports its findings at
 * more than one severity by their evidence (a module your code imports: error; one only go.sum lists: note) is
 * shown as `error/warning/note (leveled)`: its meta lists the other severities (`levels`, define-rule.ts).
 */
import { Option, type Command } from 'commander';
import type { Severity } from '../../analyzers/diagnostics.js';
import { ruleDocsUrl, type Rule } from '../../analyzers/rules/define-rule.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import type { CliIO } from '../io.js';

const FAMILY: Record<string, string> = { '0': 'input', '1': 'go', '2': 'modules', '3': 'config', '4': 'binary', '5': 'recipes' };

export function familyOf(rule: Rule): string {
  return FAMILY[rule.id.charAt(3)] ?? 'other';
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('rules')
    .description('list every rule')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      io.stdout(options.format === 'json' ? rulesJson(ALL_RULES) : rulesTable(ALL_RULES));
      done(0);
    });
}

/**
 * The severities a rule's findings can have: meta.severity (the default, SARIF's defaultConfiguration.level) and
 * meta.levels, the others it reports by a finding's evidence (toDiagnostic refuses any severity outside them).
 */
const ORDER: readonly Severity[] = ['error', 'warning', 'note'];

/** Highest first, the default included; one entry for a rule that reports at one severity only. */
export function reportedLevels(rule: Rule): Severity[] {
  const declared = rule.meta.levels ?? [];
  return ORDER.filter((s) => s === rule.meta.severity || declared.includes(s));
}

export function severityLabel(rule: Rule): string {
  const levels = reportedLevels(rule);
  return levels.length > 1 ? `${levels.join('/')} (leveled)` : levels[0];
}

export function rulesTable(rules: readonly Rule[]): string {
  const rows = [['ID', 'NAME', 'SEVERITY', 'FAMILY', 'SUMMARY'], ...rules.map((r) => [r.id, r.name, severityLabel(r), familyOf(r), r.meta.summary])];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]))).join('  '));
  const leveled = rules.some((r) => reportedLevels(r).length > 1)
    ? '(leveled): the rule reports each finding at one of these severities, by its evidence (its documentation says when).\n'
    : '';
  return `${lines.join('\n')}\n\n${rules.length} rules. \`kpa explain <ID>\` shows a rule's documentation.\n${leveled}`;
}

export function rulesJson(rules: readonly Rule[]): string {
  const list = rules.map((r) => ({
    id: r.id,
    name: r.name,
    severity: r.meta.severity,
    levels: reportedLevels(r),
    family: familyOf(r),
    summary: r.meta.summary,
    fixable: Boolean(r.meta.fixable),
    needsTarget: Boolean(r.needsTarget),
    docs: ruleDocsUrl(r.id),
  }));
  return JSON.stringify({ rules: list }, null, 2) + '\n';
}
