/** `kpa rules`: every rule with its id, name, default severity and one-line summary. */
import { Option, type Command } from 'commander';
import { ruleDocsUrl, type Rule } from '../../analyzers/rules/define-rule.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import type { CliIO } from '../io.js';

const FAMILY: Record<string, string> = { '0': 'input', '1': 'go', '2': 'modules', '3': 'config', '4': 'binary' };

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

export function rulesTable(rules: readonly Rule[]): string {
  const rows = [['ID', 'NAME', 'SEVERITY', 'FAMILY', 'SUMMARY'], ...rules.map((r) => [r.id, r.name, r.meta.severity, familyOf(r), r.meta.summary])];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]))).join('  '));
  return `${lines.join('\n')}\n\n${rules.length} rules. \`kpa explain <ID>\` shows a rule's documentation.\n`;
}

export function rulesJson(rules: readonly Rule[]): string {
  const list = rules.map((r) => ({
    id: r.id,
    name: r.name,
    severity: r.meta.severity,
    family: familyOf(r),
    summary: r.meta.summary,
    fixable: Boolean(r.meta.fixable),
    needsTarget: Boolean(r.needsTarget),
    docs: ruleDocsUrl(r.id),
  }));
  return JSON.stringify({ rules: list }, null, 2) + '\n';
}
