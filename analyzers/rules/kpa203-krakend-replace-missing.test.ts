import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa203-krakend-replace-missing.js';

describe('KPA203 krakend-replace-missing', () => {
  it.each(['krakend-replace'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });
});
