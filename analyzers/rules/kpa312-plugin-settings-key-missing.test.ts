import { describe, expect, it } from 'vitest';
import rule from './kpa312-plugin-settings-key-missing.js';
import { checkConfig, configWith } from '../config/testing.js';

describe('KPA312 plugin-settings-key-missing', () => {
  it('notes a name without a settings key beside it, suggesting a misspelt key', () => {
    const found = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'logger'], atuh: {} }));
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      ['note', expect.stringMatching(/no "auth" key next to "name".*Did you mean to name "atuh" "auth"\?/)],
      ['note', expect.stringMatching(/no "logger" key.*Add "logger": \{ … \}/)],
    ]);
  });

  it('is silent when every name has its key', () => {
    expect(checkConfig(rule, configWith('backend', 'plugin/http-client', { name: 's3-client', 's3-client': {} }))).toEqual([]);
  });
});
