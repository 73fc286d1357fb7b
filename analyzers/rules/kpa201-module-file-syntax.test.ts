import { describe, it } from 'vitest';
import { assertModuleFixture } from '../../fixtures/modules/harness.js';
import rule from './kpa201-module-file-syntax.js';

describe('KPA201 module-file-syntax', () => {
  it.each(['malformed'])('reports exactly the expectations of fixtures/modules/%s', (name) => {
    assertModuleFixture(name, rule.id, { golden: false });
  });
});
