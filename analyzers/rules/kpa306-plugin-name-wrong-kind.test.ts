import { describe, expect, it } from 'vitest';
import rule from './kpa306-plugin-name-wrong-kind.js';
import { checkConfig, configWith } from '../config/testing.js';

describe('KPA306 plugin-name-wrong-kind', () => {
  it('reports a client name under plugin/http-server, pointing at the registration', () => {
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['s3-client'] }));
    expect(d.message).toMatch(/"s3-client" is registered as a client plugin, but plugin\/http-server looks it up among server plugins.*plugin\/http-client/);
    expect(d.related?.[0].file).toBe('/w/plugins/client/plugin.go');
  });

  it('is silent for the right kind and for unknown names', () => {
    expect(checkConfig(rule, configWith('backend', 'plugin/http-client', { name: 's3-client' }))).toEqual([]);
    expect(checkConfig(rule, configWith('backend', 'plugin/http-client', { name: 'nope' }))).toEqual([]);
  });
});
