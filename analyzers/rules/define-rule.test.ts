/**
 * Message ids are typed: defineRule infers them from meta.messages, so `npm run lint` (tsc) rejects a report
 * with an id the rule does not define (the @ts-expect-error lines fail the type check if that stops being
 * an error). toDiagnostic keeps the run-time check for rules built around the types.
 */
import { describe, expect, it } from 'vitest';
import { ZERO_RANGE } from '../diagnostics.js';
import { defineRule, toDiagnostic, type Rule } from './define-rule.js';

const rule = defineRule({
  id: 'KPA099',
  name: 'typed-messages',
  meta: { severity: 'note', summary: 'a rule with two messages', messages: { one: 'one {x}', two: 'two' } },
  needs: [],
  check(ctx) {
    ctx.report({ messageId: 'one', data: { x: 1 }, file: '/f', range: ZERO_RANGE });
    ctx.report({ messageId: Math.random() < 2 ? 'two' : 'one', file: '/f', range: ZERO_RANGE });
    // @ts-expect-error 'three' is not in meta.messages
    ctx.report({ messageId: 'three', file: '/f', range: ZERO_RANGE });
  },
});

describe('defineRule message ids', () => {
  it('are checked at run time too', () => {
    expect(toDiagnostic(rule, { messageId: 'one', data: { x: 1 }, file: '/f', range: ZERO_RANGE }).message).toBe('one 1');
    const untyped: Rule = rule;
    expect(() => toDiagnostic(untyped, { messageId: 'three', file: '/f', range: ZERO_RANGE })).toThrow('rule KPA099 has no message three');
  });
});

describe('toDiagnostic and the severities a rule declares (meta.severity, meta.levels)', () => {
  const leveled = defineRule({
    id: 'KPA098',
    name: 'leveled',
    meta: { severity: 'warning', levels: ['note'], summary: 'a rule that levels its findings', messages: { m: 'm' } },
    needs: [],
    check() {},
  });
  it('takes meta.severity, or a severity meta.levels lists', () => {
    expect(toDiagnostic(leveled, { messageId: 'm', file: '/f', range: ZERO_RANGE }).severity).toBe('warning');
    expect(toDiagnostic(leveled, { messageId: 'm', file: '/f', range: ZERO_RANGE, severity: 'warning' }).severity).toBe('warning');
    expect(toDiagnostic(leveled, { messageId: 'm', file: '/f', range: ZERO_RANGE, severity: 'note' }).severity).toBe('note');
  });
  it('throws on a severity the meta does not declare: kpa rules would not show it', () => {
    expect(() => toDiagnostic(leveled, { messageId: 'm', file: '/f', range: ZERO_RANGE, severity: 'error' })).toThrow(
      'rule KPA098 reported a finding at error, but its meta declares warning/note: add it to meta.levels',
    );
    expect(() => toDiagnostic(rule, { messageId: 'two', file: '/f', range: ZERO_RANGE, severity: 'warning' })).toThrow('rule KPA099 reported a finding at warning');
  });
});

describe('toDiagnostic and ranges from a rendered template (diagnostics.ts LocatedRange)', () => {
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 4 } });
  it('reports in the file the range names, with a plain range, and drops fixes that would overwrite an action', () => {
    const inPartial = { ...at(2), file: '/w/partials/p.json' };
    const action = { ...at(5), inexact: true };
    const d = toDiagnostic(rule, {
      messageId: 'two',
      file: '/w/krakend.json',
      range: inPartial,
      fixes: [
        { title: 'exact', edits: [{ file: '/w/krakend.json', range: inPartial, newText: 'x' }] },
        { title: 'over an action', edits: [{ file: '/w/krakend.json', range: action, newText: 'y' }] },
      ],
      related: [{ file: '/w/krakend.json', range: action, message: 'here' }],
    });
    expect(d.file).toBe('/w/partials/p.json');
    expect(d.range).toEqual(at(2));
    expect(d.fixes).toEqual([{ title: 'exact', edits: [{ file: '/w/partials/p.json', range: at(2), newText: 'x' }] }]);
    expect(d.related).toEqual([{ file: '/w/krakend.json', range: at(5), message: 'here' }]);
  });
});
