import { describe, expect, it } from 'vitest';
import { checkFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa201-module-file-syntax.js';

describe('KPA201 module-file-syntax', () => {
  it.each([ 'malformed',])('reports exactly the expectations of fixtures/modules/%s', (name) => {
    const { run, missing, unexpected } = checkFixture(name);
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(run.diagnostics.some((d) => d.rule === rule.id)).toBe(true);
  });
});
