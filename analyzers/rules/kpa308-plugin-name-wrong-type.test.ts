import { describe, expect, it } from 'vitest';
import rule from './kpa308-plugin-name-wrong-type.js';
import { checkConfig, configWith } from '../config/testing.js';

const ids = (where: 'service' | 'endpoint' | 'backend', ns: string, value: unknown) => checkConfig(rule, configWith(where, ns, value)).map((d) => d.data?.messageId);

describe('KPA308 plugin-name-wrong-type', () => {
  it('server: a string or a list is fine; anything else is not', () => {
    expect(ids('service', 'plugin/http-server', { name: 'a' })).toEqual([]);
    expect(ids('service', 'plugin/http-server', { name: ['a', 'b'] })).toEqual([]);
    expect(ids('service', 'plugin/http-server', { name: { a: 1 } })).toEqual(['wrongType']);
    expect(ids('service', 'plugin/http-server', { name: ['a', 1, true] })).toEqual(['itemNotString', 'itemNotString']);
  });

  it('modifier: a string silently disables it (fix: wrap in a list)', () => {
    const [d] = checkConfig(rule, configWith('endpoint', 'plugin/req-resp-modifier', { name: 'geo' }));
    expect([d.data?.messageId, d.fixes?.[0].edits[0].newText]).toEqual(['modifierString', '["geo"]']);
    expect(ids('endpoint', 'plugin/req-resp-modifier', { name: ['geo'] })).toEqual([]);
  });

  it('client: a list is ignored (fix: the single string)', () => {
    const [d] = checkConfig(rule, configWith('backend', 'plugin/http-client', { name: ['c'] }));
    expect([d.data?.messageId, d.fixes?.[0].edits[0].newText]).toEqual(['clientList', '"c"']);
    expect(checkConfig(rule, configWith('backend', 'plugin/http-client', { name: ['c', 'd'] }))[0].fixes).toBeUndefined();
  });

  it('middleware: a string is a warning (Enterprise behaviour unconfirmed)', () => {
    expect(checkConfig(rule, configWith('endpoint', 'plugin/middleware', { name: 'm' })).map((d) => d.severity)).toEqual(['warning']);
  });

  it('reports a missing name and a namespace value that is not an object', () => {
    expect(ids('backend', 'plugin/http-client', { c: {} })).toEqual(['missingName']);
    expect(ids('backend', 'plugin/http-client', 'c')).toEqual(['notObject']);
  });
});
