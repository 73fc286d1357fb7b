import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, positionToOffsetIn } from './positions.js';

describe('positionToOffsetIn', () => {
  it('agrees with LineIndex for any text and position, line breaks of every kind included', () => {
    const text = fc.array(fc.constantFrom('a', 'é', '🚀', '\n', '\r', '\r\n', '\t', ' '), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: -2, max: 30 }), fc.integer({ min: -2, max: 12 }), (t, line, character) => {
        expect(positionToOffsetIn(t, { line, character })).toBe(new LineIndex(t).positionToOffset({ line, character }));
      }),
      { numRuns: 2000 },
    );
  });

  it('clamps past the end of a line and past the last line', () => {
    const text = 'ab\ncd\n';
    expect(positionToOffsetIn(text, { line: 0, character: 9 })).toBe(2);
    expect(positionToOffsetIn(text, { line: 1, character: 1 })).toBe(4);
    expect(positionToOffsetIn(text, { line: 2, character: 0 })).toBe(6);
    expect(positionToOffsetIn(text, { line: 7, character: 0 })).toBe(6);
  });
});
