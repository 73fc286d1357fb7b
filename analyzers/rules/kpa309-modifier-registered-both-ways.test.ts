import { describe, expect, it } from 'vitest';
import rule from './kpa309-modifier-registered-both-ways.js';
import { checkConfig, configWith } from '../config/testing.js';

const ws = (request: boolean, response: boolean) => ({ plugins: [{ dir: '/w/p', kind: 'modifier' as const, names: [{ name: 'rw', request, response }] }] });

describe('KPA309 modifier-registered-both-ways', () => {
  it('warns where a name registered for requests and responses is used', () => {
    const [d] = checkConfig(rule, configWith('backend', 'plugin/req-resp-modifier', { name: ['rw'] }), ws(true, true));
    expect(d.message).toMatch(/never runs it on responses/);
    expect(d.related?.[0].file).toBe('/w/p/plugin.go');
  });

  it('is silent for one-sided registrations', () => {
    expect(checkConfig(rule, configWith('backend', 'plugin/req-resp-modifier', { name: ['rw'] }), ws(false, true))).toEqual([]);
    expect(checkConfig(rule, configWith('backend', 'plugin/req-resp-modifier', { name: ['rw'] }), ws(true, false))).toEqual([]);
  });
});
