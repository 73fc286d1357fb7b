import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa205-go-version-mismatch.js';

describe('KPA205 go-version-mismatch', () => {
  it.each(['go-too-new', 'go-old-target'])('reports exactly the expectations of fixtures/modules/%s and its fixes give go.mod.golden', (name) => {
    assertModuleFixture(name, rule.id, { golden: true });
  });
});
