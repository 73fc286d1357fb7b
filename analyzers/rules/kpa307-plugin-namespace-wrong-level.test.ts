import { describe, expect, it } from 'vitest';
import rule from './kpa307-plugin-namespace-wrong-level.js';
import typeRule from './kpa308-plugin-name-wrong-type.js';
import { checkConfig, configWith } from '../config/testing.js';

const LEVELS = ['service', 'endpoint', 'backend'] as const;
const ok = (ns: string) => LEVELS.filter((level) => checkConfig(rule, configWith(level, ns, { name: ['x'] })).length === 0);

describe('KPA307 plugin-namespace-wrong-level', () => {
  it('knows where KrakenD reads each namespace, by alias and by internal key', () => {
    expect(ok('plugin/http-server')).toEqual(['service']);
    expect(ok('github_com/devopsfaith/krakend/transport/http/server/handler')).toEqual(['service']);
    expect(ok('plugin/http-client')).toEqual(['backend']);
    expect(ok('github.com/devopsfaith/krakend/transport/http/client/executor')).toEqual(['backend']);
    expect(ok('plugin/req-resp-modifier')).toEqual(['endpoint', 'backend']);
  });

  it('notes that plugin/middleware is Enterprise only, wherever it is', () => {
    expect(checkConfig(rule, configWith('endpoint', 'plugin/middleware', { name: ['x'] })).map((d) => d.severity)).toEqual(['note']);
    expect(checkConfig(rule, configWith('service', 'plugin/middleware', { name: ['x'] })).map((d) => d.severity)).toEqual(['error', 'note']);
  });

  it('names the place in the message', () => {
    const [d] = checkConfig(rule, configWith('endpoint', 'plugin/http-client', { name: 'x' }));
    expect(d.message).toBe(
      'plugin/http-client is only read in a backend extra_config; in the extra_config of the endpoint /a KrakenD ignores it and the plugin never runs. Move it there.',
    );
  });
});

describe('KPA307 namespaces outside extra_config', () => {
  it('reports a namespace written straight into the service, an endpoint or a backend, and nothing else about it', () => {
    const config = {
      'plugin/http-server': { name: ['auth'] },
      endpoints: [{ endpoint: '/a', 'plugin/req-resp-modifier': { name: ['m'] }, backend: [{ url_pattern: '/', 'plugin/http-client': { name: 'c' } }] }],
    };
    expect(checkConfig(rule, config).map((d) => d.message)).toEqual([
      'plugin/http-server sits straight in the service (root) object, outside its extra_config, so KrakenD ignores it and the plugin never runs. Move it into "extra_config".',
      'plugin/req-resp-modifier sits straight in the endpoint /a, outside its extra_config, so KrakenD ignores it and the plugin never runs. Move it into "extra_config".',
      'plugin/http-client sits straight in backend 0 of the endpoint /a, outside its extra_config, so KrakenD ignores it and the plugin never runs. Move it into "extra_config".',
    ]);
    expect(checkConfig(typeRule, config)).toEqual([]);
  });
});
