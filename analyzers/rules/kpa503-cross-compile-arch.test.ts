import { describe, expect, it } from 'vitest';
import { runRecipeFixture } from '../../fixtures/recipes/run-recipe-fixture.js';

describe('KPA503 cross-compile-arch', () => {
  it.each(['arm64-without-cross-compiler', 'arm64-without-extld', 'arm64-plugin-amd64-image', 'official-docs-build', 'official-ee-examples-makefile'])('fixtures/recipes/%s: reports its want.txt lines of this rule and nothing else', (name) => {
    const result = runRecipeFixture(name, ['KPA503']);
    expect(result.unexpected).toEqual([]);
    expect(result.missing.filter((w) => w.includes('KPA503'))).toEqual([]);
  });
});
