import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa204-module-path-renamed.js';

describe('KPA204 module-path-renamed', () => {
  it.each(['renamed'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });
});
