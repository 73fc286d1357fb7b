import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { applyFirstFixes, checkFixture, MODULE_FIXTURES } from '../../fixtures/modules/harness.js';
import rule from './kpa204-module-path-renamed.js';

describe('KPA204 module-path-renamed', () => {
  it.each([ 'renamed',])('reports exactly the expectations of fixtures/modules/%s', (name) => {
    const { run, missing, unexpected } = checkFixture(name);
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(run.diagnostics.some((d) => d.rule === rule.id)).toBe(true);
    // The quick fixes, applied together, give go.mod.golden.
    const fixed = applyFirstFixes(run.files.get('/fixture/go.mod')!, '/fixture/go.mod', run.diagnostics);
    expect(fixed).toBe(readFileSync(`${MODULE_FIXTURES}/${name}/go.mod.golden`, 'utf8'));
    expect(run.diagnostics.filter((d) => d.rule === rule.id).every((d) => d.fixes?.[0]?.command)).toBe(true);
  });
});
