import { describe, expect, it } from 'vitest';
import rule from './kpa307-plugin-namespace-wrong-level.js';
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
