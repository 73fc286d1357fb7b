import { describe, expect, it } from 'vitest';
import rule from './kpa303-plugin-block-missing.js';
import { brief, checkConfig, configWith } from '../config/testing.js';

describe('KPA303 plugin-block-missing', () => {
  const server = { 'plugin/http-server': { name: ['auth'], auth: {} } };

  it('reports the first reference when there is no plugin block, listing the others', () => {
    const config = { version: 3, extra_config: server, endpoints: [{ endpoint: '/a', backend: [{ extra_config: { 'plugin/http-client': { name: 's3-client' } } }] }] };
    const [d] = checkConfig(rule, config);
    expect(d.message).toMatch(/uses the plugin "auth" but has no service "plugin" block/);
    expect(d.related).toHaveLength(1);
    expect(d.fixes?.[0].edits[0].newText).toBe('\n  "plugin": { "folder": "./plugins/", "pattern": ".so" },');
  });

  it('reports a plugin block that is not an object', () => {
    expect(brief(checkConfig(rule, '{"plugin": "./plugins", "extra_config": {}}'))).toEqual(['krakend.json:1 notObject error']);
  });

  it('is silent with a plugin block, or without plugin references', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: 'auth' }))).toEqual([]);
    expect(checkConfig(rule, { version: 3 })).toEqual([]);
  });
});
