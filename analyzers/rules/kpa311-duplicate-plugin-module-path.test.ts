import { describe, expect, it } from 'vitest';
import rule from './kpa311-duplicate-plugin-module-path.js';
import { checkConfig } from '../config/testing.js';

const plugins = [
  { dir: '/w/a', kind: 'server' as const, names: ['x'] },
  { dir: '/w/b', kind: 'client' as const, names: ['y'] },
  { dir: '/w/m/one', kind: 'server' as const, names: ['z'] },
  { dir: '/w/m/two', kind: 'server' as const, names: ['q'] },
];

describe('KPA311 duplicate-plugin-module-path', () => {
  it('reports plugin packages whose import paths are equal, at each go.mod module line', () => {
    const modules = [
      { dir: '/w/a', modulePath: 'krakend-server' },
      { dir: '/w/b', modulePath: 'krakend-server' },
      { dir: '/w/m', modulePath: 'multi' },
    ];
    const found = checkConfig(rule, {}, { plugins, modules });
    expect(found.map((d) => [d.file, d.range.start.line, d.data?.importPath])).toEqual([
      ['/w/a/go.mod', 0, 'krakend-server'],
      ['/w/b/go.mod', 0, 'krakend-server'],
    ]);
  });

  it('is silent for distinct paths, subpackages of one module and packages without go.mod', () => {
    expect(checkConfig(rule, {}, { plugins, modules: [{ dir: '/w/m', modulePath: 'multi' }, { dir: '/w/a', modulePath: 'a' }] })).toEqual([]);
  });
});
