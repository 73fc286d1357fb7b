import { describe, expect, it } from 'vitest';
import rule from './kpa305-unknown-plugin-name.js';
import { checkConfig, configWith, STANDARD_PLUGINS } from '../config/testing.js';
import { closestNames } from './helpers/closest-names.js';
import { editDistance } from '../edit-distance.js';

describe('KPA305 unknown-plugin-name', () => {
  it('suggests the closest registered name of the same kind, with a fix', () => {
    const [d] = checkConfig(rule, configWith('endpoint', 'plugin/req-resp-modifier', { name: ['geo-requst'] }));
    expect(d.message).toMatch(/registers the modifier name "geo-requst".*Did you mean "geo-request"\?/);
    expect(d.fixes?.[0].edits[0].newText).toBe('"geo-request"');
  });

  it('does not suggest a name already listed beside the unknown one', () => {
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'authh'] }));
    expect(d.message).toMatch(/"authh".*Registered server names: "logger"\./);
  });

  it('is silent for registered names (any kind; KPA306 handles the kind) and template names', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 's3-client', '{{ .n }}'] }))).toEqual([]);
  });

  it('is silent when the workspace has no plugin code to compare with', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['x'] }), { plugins: [] })).toEqual([]);
  });

  it('becomes a note when some registered names are computed at run time', () => {
    const ws = { plugins: [...STANDARD_PLUGINS, { dir: '/w/plugins/dyn', kind: 'server' as const, names: [{ name: null }] }] };
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: 'who' }), ws);
    expect([d.severity, d.message]).toEqual(['note', expect.stringMatching(/computed at run time/)]);
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('auht', 'auth')).toBe(1);
    expect(editDistance('auht', 'audit')).toBe(2);
    expect(closestNames('AUTH', ['auth', 'zzzz'])).toEqual(['auth']);
    expect(closestNames('ab', ['xyz'])).toEqual([]);
  });
});
