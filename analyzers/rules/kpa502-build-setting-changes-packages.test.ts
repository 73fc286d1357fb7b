import { describe, expect, it } from 'vitest';
import { runRecipeFixture } from '../../fixtures/recipes/run-recipe-fixture.js';

describe('KPA502 build-setting-changes-packages', () => {
  it.each(['build-settings', 'goflags-in-dockerfile', 'official-docs-build', 'official-docs-dockerfile', 'official-ee-examples-makefile'])('fixtures/recipes/%s: reports its want.txt lines of this rule and nothing else', (name) => {
    const result = runRecipeFixture(name, ['KPA502']);
    expect(result.unexpected).toEqual([]);
    expect(result.missing.filter((w) => w.includes('KPA502'))).toEqual([]);
  });

  it('removes -trimpath with the blank before it, and leaves a GOFLAGS -trimpath to the user', () => {
    const [trimpath] = runRecipeFixture('build-settings', ['KPA502']).diagnostics.filter((d) => d.data?.messageId === 'trimpath');
    expect(trimpath.fixes).toEqual([{ title: 'Remove -trimpath', edits: [{ file: '/w/Makefile', range: { start: { line: 6, character: 95 }, end: { line: 6, character: 105 } }, newText: '' }] }]);
    const [viaGoflags] = runRecipeFixture('goflags-in-dockerfile', ['KPA502']).diagnostics;
    expect(viaGoflags.fixes).toBeUndefined();
  });
});
