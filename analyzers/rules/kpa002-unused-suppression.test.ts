import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../suppressions.js';
import rule from './kpa002-unused-suppression.js';

const known = new Set(['KPA001', 'KPA002', 'KPA101']);
const run = (text: string) =>
  applySuppressions([], ['/w/a.go'], () => text, { knownRules: known, ranRules: known }).diagnostics.map((d) => [d.rule, d.data?.messageId, d.message]);

describe('KPA002 unused-suppression', () => {
  it('is a warning in the input family', () => {
    expect([rule.id, rule.name, rule.meta.severity]).toEqual(['KPA002', 'unused-suppression', 'warning']);
  });

  it('says which id is not a rule', () => {
    expect(run('// kpa:ignore KPA999 typo\nvar x = 1\n')).toEqual([
      ['KPA002', 'unknownRule', 'KPA999 is not a kpa rule, so this comment suppresses nothing. Write a rule id from `kpa rules`, e.g. `// kpa:ignore KPA101 reason`.'],
    ]);
  });

  it('reports a comment that names no rule', () => {
    expect(run('// kpa:ignore because\nvar x = 1\n').map((r) => r[1])).toEqual(['missingRule']);
    expect(run('// kpa:ignore\nvar x = 1\n').map((r) => r[1])).toEqual(['missingRule']);
  });

  it('ignores look-alikes that are not directives', () => {
    expect(run('// kpa:ignored KPA101\n// see kpa:ignore KPA101\nvar x = 1 // kpa:ignore KPA101\n')).toEqual([]);
  });
});
