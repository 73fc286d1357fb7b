import { describe, expect, it } from 'vitest';
import { defineRule, type Rule } from '../../analyzers/rules/define-rule.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { main } from '../main.js';
import { reportedLevels, rulesJson, rulesTable, severityLabel } from './rules.js';
import { captureIO } from '../testing/capture-io.js';

async function run(args: string[]) {
  const io = captureIO('/', {});
  const code = await main(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('kpa rules', () => {
  it('prints one aligned row per rule', async () => {
    const { code, stdout } = await run(['rules']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SEVERITY\s+FAMILY\s+SUMMARY$/);
    expect(lines[1]).toMatch(/^KPA001\s+unreadable-file\s+error\s+input\s+a source file could not be read as text$/);
    expect(lines[2]).toMatch(/^KPA002\s+unused-suppression\s+warning\s+input\s+/);
    expect(lines.filter((l) => /^KPA\d{3} /.test(l))).toHaveLength(ALL_RULES.length);
    // Columns line up: every summary starts at the same offset.
    const summaryAt = lines[0].indexOf('SUMMARY');
    expect(lines[1].indexOf('a source file')).toBe(summaryAt);
  });

  it('shows the rules that level their findings with every severity they report, and says what (leveled) means', async () => {
    const { stdout } = await run(['rules']);
    expect(stdout).toContain(`\n\n${ALL_RULES.length} rules. \`kpa explain <ID>\` shows a rule's documentation.\n(leveled): the rule reports each finding at one of these severities`);
    // No disclaimer that SEVERITY is only a default: every severity a rule reports is shown (toDiagnostic checks it).
    expect(stdout).not.toMatch(/SEVERITY is each rule's default/);
    const row = (id: string) => stdout.split('\n').find((l) => l.startsWith(`${id} `))!;
    expect(row('KPA202')).toMatch(/^KPA202 +module-version-mismatch +error\/warning\/note \(leveled\) +modules /);
    expect(row('KPA204')).toMatch(/^KPA204 +module-path-renamed +note +modules /);
    expect(row('KPA305')).toMatch(/ warning\/note \(leveled\) +config /);
    const json = JSON.parse((await run(['rules', '--format', 'json'])).stdout).rules;
    expect(json.find((r: { id: string }) => r.id === 'KPA202')).toMatchObject({ severity: 'warning', levels: ['error', 'warning', 'note'] });
  });

  it('shows a rule whose meta lists levels as error/warning/note (leveled), highest first, in text and json', () => {
    const leveled = defineRule({
      id: 'KPA299',
      name: 'leveled-example',
      meta: { severity: 'warning', levels: ['note', 'error'], summary: 'a rule that levels its findings', messages: { m: 'm' } } as Rule['meta'],
      needs: [],
      check() {},
    });
    const plain = ALL_RULES.find((r) => r.id === 'KPA001')!;
    expect(reportedLevels(leveled)).toEqual(['error', 'warning', 'note']);
    expect([severityLabel(leveled), severityLabel(plain)]).toEqual(['error/warning/note (leveled)', 'error']);
    const table = rulesTable([plain, leveled]);
    expect(table).toMatch(/^KPA299 +leveled-example +error\/warning\/note \(leveled\) +modules +a rule that levels its findings$/m);
    expect(table).toMatch(/^KPA001 +unreadable-file +error +input /m);
    expect(table).toContain('\n(leveled): the rule reports each finding at one of these severities, by its evidence (its documentation says when).\n');
    const json = JSON.parse(rulesJson([plain, leveled])).rules;
    expect(json.map((r: { severity: string; levels: string[] }) => [r.severity, r.levels])).toEqual([['error', ['error']], ['warning', ['error', 'warning', 'note']]]);
  });

  it('--format json lists every rule with its docs link', async () => {
    const parsed = JSON.parse((await run(['rules', '--format', 'json'])).stdout);
    expect(parsed.rules.map((r: { id: string }) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    expect(parsed.rules[0]).toMatchObject({ id: 'KPA001', family: 'input', docs: expect.stringMatching(/docs\/rules\/KPA001\.md$/) });
  });
});

describe('kpa explain', () => {
  it('prints the rule doc, by id (any case) or name', async () => {
    const byId = await run(['explain', 'kpa002']);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^# KPA002: unused-suppression\n/);
    expect(byId.stdout).toContain('## How to fix');
    expect((await run(['explain', 'unreadable-file'])).stdout).toMatch(/^# KPA001: unreadable-file/);
  });

  it('--url prints the link', async () => {
    expect((await run(['explain', 'KPA001', '--url'])).stdout).toMatch(/^https:\/\/.*\/docs\/rules\/KPA001\.md\n$/);
  });

  it('an unknown rule is a usage error with a hint', async () => {
    const { code, stderr } = await run(['explain', '002']);
    expect(code).toBe(2);
    expect(stderr).toBe('kpa: no rule "002". Did you mean KPA002? Run `kpa rules` for the list.\n');
    expect((await run(['explain'])).code).toBe(2);
  });
});
