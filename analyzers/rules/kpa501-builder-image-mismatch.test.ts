import { describe, expect, it } from 'vitest';
import { runRecipeFixture } from '../../fixtures/recipes/run-recipe-fixture.js';

describe('KPA501 builder-image-mismatch', () => {
  it.each(['builder-older-than-runtime', 'golang-floating-tag', 'golang-debian-for-alpine', 'github-actions-golang', 'linux-generic-builder-for-alpine', 'official-docs-build', 'official-docs-dockerfile', 'official-ee-examples-makefile'])('fixtures/recipes/%s: reports its want.txt lines of this rule and nothing else', (name) => {
    const result = runRecipeFixture(name, ['KPA501']);
    expect(result.unexpected).toEqual([]);
    expect(result.missing.filter((w) => w.includes('KPA501'))).toEqual([]);
  });

  it('edits only the tag as written, and offers no edit where a variable holds the tag', () => {
    const [older] = runRecipeFixture('builder-older-than-runtime', ['KPA501']).diagnostics;
    expect(older.fixes).toEqual([{ title: 'Build in krakend/builder:2.7.2', edits: [{ file: '/w/Dockerfile', range: { start: { line: 0, character: 21 }, end: { line: 0, character: 26 } }, newText: '2.7.2' }] }]);
    const [generic] = runRecipeFixture('linux-generic-builder-for-alpine', ['KPA501']).diagnostics;
    expect(generic.fixes).toBeUndefined();
  });
});
