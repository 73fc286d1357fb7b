import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getProperty, parseJson, type JsonNode } from './parse-json.js';

function toValue(node: JsonNode | null): unknown {
  if (!node) return undefined;
  if (node.type === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty, as JSON.parse does: `out["__proto__"] = …` would set the prototype instead of a key.
    for (const p of node.properties!) Object.defineProperty(out, p.key, { value: toValue(p.value), enumerable: true, writable: true, configurable: true });
    return out;
  }
  if (node.type === 'array') return node.items!.map(toValue);
  return node.value;
}

describe('parseJson', () => {
  it('builds the same value JSON.parse does, with offsets that slice back to each token', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        const parsed = parseJson(text);
        expect(parsed.error).toBeNull();
        expect(toValue(parsed.root)).toEqual(JSON.parse(text));
        expect(text.slice(parsed.root!.offset, parsed.root!.offset + parsed.root!.length)).toBe(text.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps only what keep() asks for, and still finds errors inside skipped parts', () => {
    const text = '{"a": {"deep": [1, 2, {"x": 1}]}, "b": {"c": 1}}';
    const parsed = parseJson(text, { keep: (path) => path.length === 0 || path[0] === 'b' });
    expect(getProperty(parsed.root, 'a')!.value).toBeNull();
    expect(toValue(getProperty(parsed.root, 'b')!.value)).toEqual({ c: 1 });
    const broken = parseJson('{"a": {"deep": [1, 2 3]}, "b": 1}', { keep: (path) => path.length === 0 });
    expect(broken.error).toMatchObject({ message: 'expected , or ] after an array item', offset: 21 });
  });

  it.each([
    ['', 'the file holds no JSON value', 0],
    ['{"a": 1,}', 'a trailing comma is not allowed in JSON', 8],
    ['{"a" 1}', 'expected : after the property name', 5],
    ['{"a": 1', 'the file ends before this object is closed with }', 7],
    ['[1, 2', 'the file ends before this array is closed with ]', 5],
    ['{"a": "x', 'a string is not closed', 6],
    ['{a: 1}', 'expected a property name in double quotes', 1],
    ['{"a": 1} {}', 'unexpected content after the end of the JSON value', 9],
    ['{"a": 1]', 'expected } to close the object', 7],
    ['{"a": }', 'expected a value', 6],
    ['[,]', 'expected a value', 1],
    ['{"a": tru}', 'unexpected character "tru"', 6],
    ['/* open', 'a block comment is not closed', 0],
  ])('reports %j at the first error: %s', (text, message, offset) => {
    expect(parseJson(text).error).toMatchObject({ message, offset });
  });

  it('accepts comments (counting them) and trailing commas only when asked', () => {
    const parsed = parseJson('// c\n{"a": [1,], /* b */ "b": 2,}', { allowTrailingComma: true });
    expect(parsed.error).toBeNull();
    expect(parsed.comments).toBe(2);
    expect(toValue(parsed.root)).toEqual({ a: [1], b: 2 });
  });

  it('records duplicate keys and looks up the last one, as Go does', () => {
    const parsed = parseJson('{"k": 1, "k": 2}');
    expect(parsed.duplicates).toEqual([{ key: 'k', offset: 9, length: 3, firstOffset: 1, firstLength: 3 }]);
    expect(getProperty(parsed.root, 'k')!.value!.value).toBe(2);
  });

  it('survives 100,000 levels of nesting without recursion, stopping where Go does: at the 10,001st level', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const parsed = parseJson(text, { keep: (path) => path.length < 3 });
    expect(parsed.error).toMatchObject({ message: expect.stringContaining("exceeded max depth"), offset: 10_000, length: 1 });
    expect(parsed.maxDepth).toBe(10_000);
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    expect(parseJson(objects).error).toMatchObject({ message: expect.stringContaining(`invalid character '{' exceeded max depth`), offset: 50_000 });
    // encoding/json accepts 10,000 levels exactly (json.Unmarshal of this text returns no error).
    const deepest = '{"a":' + '['.repeat(9_999) + ']'.repeat(9_999) + '}';
    expect(parseJson(deepest, { keep: (path) => path.length < 3 })).toMatchObject({ error: null, maxDepth: 10_000 });
  });

  it.each([
    ['{"a": 1e999999}', '1e999999', 6],
    ['{"a": -1e999999}', '-1e999999', 6],
    ['{"a": 2e308}', '2e308', 6],
    ['{"a": 1.7976931348623159e308}', '1.7976931348623159e308', 6],
    ['{"a": [1, 2e400, 3e400]}', '2e400', 10],
    [`{"a": ${'9'.repeat(400)}}`, `${'9'.repeat(39)}…`, 6],
  ])('refuses a number beyond float64 range, as Go does: %s', (text, shown, offset) => {
    expect(parseJson(text, { keep: (path) => path.length === 0 }).error).toMatchObject({
      message: `the number ${shown} is beyond float64 range, which Go's encoding/json refuses ("cannot unmarshal number … into Go value of type float64")`,
      offset,
    });
  });

  it('accepts the numbers Go accepts: underflow to zero, the largest float64, long integers', () => {
    for (const n of ['1e-999999', '1.7976931348623157e308', '123456789012345678901234567890', '-0']) expect(parseJson(`{"a": ${n}}`).error).toBeNull();
  });

  it('reports a syntax error before an out-of-range number, as json.Unmarshal checks the syntax first', () => {
    expect(parseJson('{"a": 1e999999, "b": }').error).toMatchObject({ message: 'expected a value', offset: 21 });
  });

  it('keeps partial containers after an error, sized up to the error', () => {
    const parsed = parseJson('{"x": {"name": ["a", ');
    expect(parsed.error?.message).toBe('the file ends before this array is closed with ]');
    const x = getProperty(parsed.root, 'x')!.value!;
    expect(x.complete).toBe(false);
    expect(toValue(getProperty(x, 'name')!.value)).toEqual(['a']);
  });
});

describe('parseJson against JSON.parse', () => {
  it('accepts exactly the texts JSON.parse accepts with finite numbers, as Go does (comment-free mutations of valid JSON)', () => {
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '0', '-', 'e', '.', 'tru', ' ', '\\', '\u0001', 'x')), { maxLength: 3 }))
      .map(([value, edits]) => {
        let text = JSON.stringify(value, null, 1) ?? 'null';
        for (const [at, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
        }
        return text;
      });
    fc.assert(
      fc.property(mutated, (text) => {
        let valid = true;
        try {
          // Go's encoding/json refuses a number beyond float64 range, which JSON.parse reads as Infinity.
          JSON.parse(text, (_key, value: unknown) => {
            if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('beyond float64 range');
            return value;
          });
        } catch {
          valid = false;
        }
        const parsed = parseJson(text);
        expect(parsed.error === null, `${JSON.stringify(text)}: ${parsed.error?.message}`).toBe(valid);
        if (parsed.error) expect(parsed.error.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });
});
