import { describe, expect, it } from 'vitest';
import rule from './kpa310-duplicate-plugin-name.js';
import { brief, checkConfig } from '../config/testing.js';

describe('KPA310 duplicate-plugin-name', () => {
  it('reports each registration of a name two packages register for the same kind', () => {
    const plugins = [
      { dir: '/w/a', kind: 'server' as const, names: ['x', 'y'] },
      { dir: '/w/b', kind: 'server' as const, names: ['x'] },
      { dir: '/w/c', kind: 'client' as const, names: ['y'] },
    ];
    expect(brief(checkConfig(rule, {}, { plugins }))).toEqual(['a/plugin.go:11 duplicate warning', 'b/plugin.go:11 duplicate warning']);
  });

  it('is silent when one package registers a name twice (KrakenD keeps the last, same plugin)', () => {
    expect(checkConfig(rule, {}, { plugins: [{ dir: '/w/a', kind: 'server', names: ['x', 'x'] }] })).toEqual([]);
  });
});
