import { describe, expect, it } from 'vitest';
import rule from './kpa311-duplicate-plugin-module-path.js';
import { handFacts, runRule, type HandWorkspace } from '../config/testing.js';
import type { BinaryFacts } from '../binary/facts.js';
import type { EngineFacts } from '../facts.js';
import type { RecipeFacts } from '../recipes/facts.js';

const plugins = [
  { dir: '/w/a', kind: 'server' as const, names: ['x'] },
  { dir: '/w/b', kind: 'server' as const, names: ['y'] },
  { dir: '/w/m/one', kind: 'server' as const, names: ['z'] },
  { dir: '/w/m/two', kind: 'server' as const, names: ['q'] },
];
const sameModule = [
  { dir: '/w/a', modulePath: 'krakend-server' },
  { dir: '/w/b', modulePath: 'krakend-server' },
  { dir: '/w/m', modulePath: 'multi' },
];

const config = (names: string[], folder = './plugins/', pattern = '.so') =>
  JSON.stringify({ version: 3, plugin: { folder, pattern }, extra_config: { 'plugin/http-server': { name: names } } }, null, 2);

/** A Makefile at /w/Makefile whose n-th line builds `builds[n]`. */
function makefile(builds: { cwd?: string; targets: string[]; output: string | null; partial?: boolean }[]): RecipeFacts {
  return {
    file: '/w/Makefile',
    kind: 'makefile',
    pluginBuilds: builds.map((b, i) => ({
      file: '/w/Makefile',
      range: { start: { line: i, character: 0 }, end: { line: i, character: 40 } },
      cwd: b.cwd ?? '/w',
      targets: b.targets,
      output: b.output,
      partial: b.partial ?? false,
    })),
  };
}

function pluginSo(file: string, pluginPath: string): BinaryFacts {
  return { file, error: null, kind: 'plugin', elf: null, go: { pluginPath } as BinaryFacts['go'], undecided: [] };
}

function run(spec: HandWorkspace, extra: Partial<Pick<EngineFacts, 'recipes' | 'binaries'>> = {}) {
  const facts = handFacts({ plugins, modules: sameModule, ...spec });
  return runRule(rule, { ...facts, ...extra });
}

const where = (found: ReturnType<typeof run>) => found.map((d) => [d.file, d.range.start.line, d.data?.importPath]);

describe('KPA311 duplicate-plugin-module-path', () => {
  it('reports two plugins one config loads (it names a plugin only each registers), at each go.mod module line', () => {
    const found = run({ configs: { '/w/krakend.json': config(['x', 'y']) } });
    expect(where(found)).toEqual([
      ['/w/a/go.mod', 0, 'krakend-server'],
      ['/w/b/go.mod', 0, 'krakend-server'],
    ]);
    expect(found[0].message).toBe(
      'The plugin in a has the import path "krakend-server", like the plugin in b, and both end up in the plugin folder plugins (krakend.json loads "x" and "y" from it). KrakenD loads the first and the second fails with "plugin already loaded". Give each plugin module its own path in go.mod.',
    );
    expect(found[0].related?.map((r) => `${r.file}:${r.range.start.line} ${r.message}`)).toEqual([
      '/w/b/go.mod:0 the same module path',
      '/w/krakend.json:9 names "x", which only a registers',
      '/w/krakend.json:10 names "y", which only b registers',
    ]);
  });

  it('is silent for independent examples: each config loads its own plugin from its own folder', () => {
    const configs = { '/w/a/krakend.json': config(['x']), '/w/b/krakend.json': config(['y']) };
    expect(run({ configs })).toEqual([]);
    // The same folder for both configs: both plugins end up there.
    expect(where(run({ configs: { '/w/krakend.json': config(['x']), '/w/krakend-dev.json': config(['y']) } }))).toHaveLength(2);
  });

  it('is silent without evidence that the two meet: no config, no recipe, or a name both register', () => {
    expect(run({})).toEqual([]);
    const both = [...plugins, { dir: '/w/b', kind: 'server' as const, names: ['x'] }];
    expect(run({ plugins: both, configs: { '/w/krakend.json': config(['x']) } })).toEqual([]);
  });

  it('reports plugins build recipes write into one folder, with or without a config loading it', () => {
    const recipes = [makefile([{ targets: ['/w/a'], output: '/w/build/a.so' }, { targets: ['/w/b/main.go'], output: '/w/build/b.so' }])];
    const found = run({}, { recipes });
    expect(where(found)).toEqual([
      ['/w/a/go.mod', 0, 'krakend-server'],
      ['/w/b/go.mod', 0, 'krakend-server'],
    ]);
    expect(found[0].message).toContain('end up in the plugin folder build (Makefile:1 and Makefile:2 build into it)');
    // A command without -o writes into the directory it runs in: each plugin's own.
    expect(run({}, { recipes: [makefile([{ cwd: '/w/a', targets: [], output: null }, { cwd: '/w/b', targets: [], output: null }])] })).toEqual([]);
    // What a variable hides is not evidence.
    expect(run({}, { recipes: [makefile([{ targets: [], output: null, partial: true }, { targets: [], output: null, partial: true }])] })).toEqual([]);
  });

  it("keeps to what a config's pattern opens, and takes several outputs of one package as alternatives", () => {
    const recipes = [makefile([{ targets: ['/w/a'], output: '/w/plugins/a.so' }, { targets: ['/w/b'], output: '/w/plugins/b.so.off' }])];
    expect(run({ configs: { '/w/krakend.json': config([], './plugins/', 'a.so') } }, { recipes })).toEqual([]);
    const variants = [makefile([{ targets: ['/w/a'], output: '/w/out/a-amd64.so' }, { targets: ['/w/a'], output: '/w/out/a-arm64.so' }, { targets: ['/w/b'], output: '/w/dist/b.so' }])];
    expect(run({}, { recipes: variants })).toEqual([]);
  });

  it('reports two .so files with one plugin path in the folder a config loads, unless a package is known to be deployed elsewhere', () => {
    const binaries = [pluginSo('/w/plugins/a.so', 'krakend-server'), pluginSo('/w/plugins/b.so', 'krakend-server'), pluginSo('/w/plugins/m.so', 'multi/one')];
    const found = run({ configs: { '/w/krakend.json': config([]) } }, { binaries });
    expect(where(found)).toEqual([
      ['/w/a/go.mod', 0, 'krakend-server'],
      ['/w/b/go.mod', 0, 'krakend-server'],
    ]);
    expect(found[0].message).toContain('(plugins/a.so and plugins/b.so there both have that plugin path)');
    // One .so with the path is one plugin, whichever package built it.
    expect(run({ configs: { '/w/krakend.json': config([]) } }, { binaries: binaries.slice(1) })).toEqual([]);
    // b is loaded by its own config from its own folder: it did not build these.
    const configs = { '/w/krakend.json': config([]), '/w/b/krakend.json': config(['y']) };
    expect(run({ configs }, { binaries })).toEqual([]);
  });

  it('is silent for distinct paths, subpackages of one module and packages without go.mod', () => {
    const configs = { '/w/krakend.json': config(['x', 'y', 'z', 'q']) };
    expect(run({ configs, modules: [{ dir: '/w/m', modulePath: 'multi' }, { dir: '/w/a', modulePath: 'a' }] })).toEqual([]);
  });
});
