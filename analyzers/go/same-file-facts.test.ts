import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeclarationCache } from './declaration-cache.js';
import { extractFileFacts } from './file-facts.js';
import { loadGoParser } from './parser.js';
import { sameFileFacts } from './same-file-facts.js';
import { PLUGIN } from '../../test/e2e/lsp-fixtures.js';

describe('sameFileFacts', () => {
  it('agrees with a comparison of the serialised facts, for the facts of random edits', async () => {
    const parser = await loadGoParser('wasm');
    const cache = createDeclarationCache();
    const factsOf = (text: string) => extractFileFacts(parser.parse(text), text, '/w/p/main.go', cache);
    let unchanged = 0;
    let changed = 0;
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('x', ' ', '\n', '{', '"', '// c', 'é🚀', '('), (at, insert) => {
        const offset = Math.floor(at * PLUGIN.length);
        const before = factsOf(PLUGIN);
        const after = factsOf(PLUGIN.slice(0, offset) + insert + PLUGIN.slice(offset));
        const same = sameFileFacts(before, after);
        expect(same).toBe(JSON.stringify(before) === JSON.stringify(after));
        if (same) unchanged++;
        else changed++;
      }),
      { numRuns: 300 },
    );
    // Both answers occur: typing inside a body or a comment keeps the facts, elsewhere it changes them.
    expect(unchanged).toBeGreaterThan(3);
    expect(changed).toBeGreaterThan(10);
  });

  it('tells apart facts that differ only deep inside, or only in a missing key', async () => {
    const parser = await loadGoParser('wasm');
    const facts = extractFileFacts(parser.parse(PLUGIN), PLUGIN, '/w/p/main.go');
    const copy = structuredClone(facts);
    expect(sameFileFacts(facts, copy)).toBe(true);
    copy.values[0].range.end.character++;
    expect(sameFileFacts(facts, copy)).toBe(false);
    const fewer = structuredClone(facts) as unknown as Record<string, unknown>;
    delete fewer.mentionsPlugin;
    expect(sameFileFacts(facts, fewer as never)).toBe(false);
  });
});
