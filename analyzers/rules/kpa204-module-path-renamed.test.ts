import { describe, expect, it } from 'vitest';
import { assertModuleFixture, checkFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa204-module-path-renamed.js';

describe('KPA204 module-path-renamed', () => {
  it.each(['renamed'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });

  it('is a note at most, even where the plugin imports the old path: another path is another module, which cannot clash with KrakenD\'s (issue #14 class 10)', () => {
    const findings = checkFixture('renamed').run.diagnostics.filter((d) => d.rule === rule.id);
    expect(findings.map((d) => [d.range.start.line + 1, d.severity])).toEqual([
      [7, 'note'],
      [8, 'note'],
    ]);
    expect(rule.meta.severity).toBe('note');
  });
});
