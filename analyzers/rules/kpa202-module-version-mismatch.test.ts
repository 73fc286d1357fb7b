import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa202-module-version-mismatch.js';

describe('KPA202 module-version-mismatch', () => {
  it.each(['version-levels'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });
});
