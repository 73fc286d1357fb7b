import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it('counts a swap of neighbours once by default, twice as plain Levenshtein', () => {
    expect(editDistance('RegisterHnadlers', 'RegisterHandlers')).toBe(1);
    expect(editDistance('RegisterHnadlers', 'RegisterHandlers', false)).toBe(2);
    expect(editDistance('kitten', 'sitting', false)).toBe(3);
    expect(editDistance('', 'abc', false)).toBe(3);
    expect(editDistance('same', 'same', false)).toBe(0);
  });
});
