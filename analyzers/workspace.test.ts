import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeSource } from './workspace.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('decodeSource', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['a bad lead byte', [0x61, 0x62, 0xff], 2],
    ['a sequence cut by the end', [0x61, 0xe2, 0x82], 1],
    ['an overlong form', [0x61, 0xe0, 0x80, 0x80], 1],
    ['an overlong two-byte form', [0xc0, 0xaf], 0],
    ['a surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a lead byte above F4', [0x61, 0xf5, 0x80, 0x80, 0x80], 1],
  ])('reports the offset of %s', (_what, bytes, offset) => {
    expect(decodeSource(new Uint8Array(bytes))).toEqual({ kind: 'encoding', error: `not valid UTF-8 (first bad byte at offset ${offset})` });
  });

  it('reports, for any bytes TextDecoder refuses, an offset up to which they decode', () => {
    const byte = fc.oneof(fc.integer({ min: 0x01, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0x80, 0xbf, 0x9f, 0xa0, 0x90, 0x8f));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (list) => {
        const bytes = new Uint8Array(list);
        const read = decodeSource(bytes);
        if ('text' in read) return;
        const offset = Number(/offset (\d+)\)$/.exec(read.error)?.[1] ?? NaN);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(bytes.length);
        expect(() => strict.decode(bytes.subarray(0, offset))).not.toThrow();
        // The sequence starting there is the bad one: the next character does not decode.
        expect(() => strict.decode(bytes.subarray(0, offset + 4))).toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
