import { describe, expect, it } from 'vitest';
import type { Diagnostic, Fix } from '../analyzers/diagnostics.js';
import { fixKey, lineEnding, planFixes } from './fix-plan.js';

const F = '/w/a.go';
const at = (line: number, from: number, to = from) => ({ start: { line, character: from }, end: { line, character: to } });
const edit = (line: number, from: number, to: number, newText: string, file = F) => ({ file, range: at(line, from, to), newText });
const finding = (fixes: Fix[], rule = 'KPA101'): Diagnostic => ({ rule, severity: 'error', message: 'm', file: F, range: at(0, 0), fixes });

describe('planFixes', () => {
  const text = 'aaa bbb ccc\nddd\n';
  const read = (file: string) => (file === F ? text : undefined);

  it('applies non-overlapping fixes together and defers one touching an applied edit to the next pass', () => {
    const one = finding([{ title: 'one', edits: [edit(0, 0, 3, 'AAA')] }]);
    const two = finding([{ title: 'two', edits: [edit(0, 8, 11, 'CCC'), edit(1, 0, 0, '// ')] }]);
    const touching = finding([{ title: 'touching', edits: [edit(0, 3, 4, '_')] }]);
    const plan = planFixes([one, two, touching], read);
    expect(plan.texts.get(F)).toBe('AAA bbb CCC\n// ddd\n');
    expect(plan.applied.map((c) => c.fix.title)).toEqual(['one', 'two']);
    expect(plan.deferred.map((c) => c.fix.title)).toEqual(['touching']);
  });

  it('lists command-only fixes and findings with alternatives; applies neither', () => {
    const command = finding([{ title: 'get', edits: [], command: 'go get x@v1' }]);
    const alternatives = finding([
      { title: 'a', edits: [edit(0, 0, 3, 'A')] },
      { title: 'b', edits: [edit(0, 0, 3, 'B')] },
    ]);
    const plan = planFixes([command, alternatives], read);
    expect(plan.texts.size).toBe(0);
    expect(plan.commandOnly.map((c) => c.fix.command)).toEqual(['go get x@v1']);
    expect(plan.alternatives).toEqual([alternatives]);
  });

  it('all edits of a fix or none: a fix whose own edits overlap, or that edits a file without text, is left out', () => {
    const selfOverlap = finding([{ title: 'self', edits: [edit(0, 0, 5, 'x'), edit(0, 4, 6, 'y')] }]);
    const noText = finding([{ title: 'elsewhere', edits: [edit(0, 0, 1, 'x'), edit(0, 0, 1, 'y', '/w/binary.so')] }]);
    const plan = planFixes([selfOverlap, noText], read);
    expect(plan.texts.size).toBe(0);
    expect(plan.unusable.map((c) => c.fix.title)).toEqual(['self', 'elsewhere']);
  });

  it('a fix offered by two findings is applied once; one applied in an earlier pass is not applied again', () => {
    const fix = { title: 'one', edits: [edit(1, 0, 0, '// ')] };
    expect(planFixes([finding([fix]), finding([fix], 'KPA102')], read).texts.get(F)).toBe('aaa bbb ccc\n// ddd\n');
    const again = planFixes([finding([fix])], read, new Set([fixKey(fix)]));
    expect([again.texts.size, again.unusable.length]).toEqual([0, 1]);
  });

  it('writes inserted line breaks in the file\'s line ending', () => {
    const crlf = 'a\r\nb\r\n';
    const plan = planFixes([finding([{ title: 'lines', edits: [edit(1, 1, 1, '\nc\n')] }])], () => crlf);
    expect(plan.texts.get(F)).toBe('a\r\nb\r\nc\r\n\r\n');
    expect([lineEnding(crlf), lineEnding('a\nb\r\nc\n'), lineEnding('')]).toEqual(['\r\n', '\n', '\n']);
  });

  it('a fix that changes nothing gives no text', () => {
    expect(planFixes([finding([{ title: 'same', edits: [edit(0, 0, 3, 'aaa')] }])], read).texts.size).toBe(0);
  });
});
