import { describe, expect, it } from 'vitest';
import { runRecipeFixture } from '../../fixtures/recipes/run-recipe-fixture.js';

describe('KPA504 plugin-copied-where-not-loaded', () => {
  it.each(['plugin-folder-and-names', 'official-docs-dockerfile'])('fixtures/recipes/%s: reports its want.txt lines of this rule and nothing else', (name) => {
    const result = runRecipeFixture(name, ['KPA504']);
    expect(result.unexpected).toEqual([]);
    expect(result.missing.filter((w) => w.includes('KPA504'))).toEqual([]);
  });
});
