import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa206-lura-version-mismatch.js';

describe('KPA206 lura-version-mismatch', () => {
  it.each(['lura'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });
});
