import { describe, expect, it } from 'vitest';
import type { ImportFact, PackageFacts } from '../go/facts.js';
import type { ReadResult } from '../workspace.js';
import type { ReplaceFact } from './facts.js';
import { computeLinkSet, type GraphModule } from './link-set.js';
import { escapeModulePath, moduleVersionDir, resolveDir, type DependencySource, type ModuleCacheSource } from './module-cache.js';

/** An in-memory module cache (and disk, for replace directories), counting reads. */
class MemoryCache implements ModuleCacheSource {
  reads = 0;
  constructor(
    private readonly files: Map<string, string>,
    private readonly dir: string | null = '/cache',
  ) {}
  cacheDir(): string | null {
    return this.dir;
  }
  unavailable(): string {
    return 'no Go module cache was found';
  }
  listFiles(dir: string): readonly string[] | null {
    const names = [...this.files.keys()].filter((f) => f.startsWith(dir + '/') && !f.slice(dir.length + 1).includes('/')).map((f) => f.slice(dir.length + 1));
    const exists = [...this.files.keys()].some((f) => f.startsWith(dir + '/'));
    return exists ? names : null;
  }
  read(path: string): ReadResult {
    this.reads++;
    const text = this.files.get(path);
    return text === undefined ? { kind: 'unreadable', error: 'no such file' } : { text };
  }
}

const go = (name: string, imports: string[], head = '') => `${head}package ${name}\n\nimport (\n${imports.map((i) => `\t"${i}"`).join('\n')}\n)\n`;

function ownPackage(dir: string, imports: string[]): PackageFacts {
  const facts: ImportFact[] = imports.map((path) => ({ path, alias: null, file: `${dir}/main.go`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
  return { dir, name: 'main', imports: facts } as unknown as PackageFacts;
}

function graph(...modules: [string, string, ReplaceFact?][]): Map<string, GraphModule> {
  return new Map(modules.map(([path, version, replace]) => [path, { path, version, replace: replace ?? null }]));
}

function replace(from: string, to: string, toVersion: string | null): ReplaceFact {
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { from, fromVersion: null, to, toVersion, inBlock: false, range: zero };
}

const source = (cache: ModuleCacheSource, goarch = 'amd64'): DependencySource => ({ cache, goos: 'linux', goarch });

describe('module cache paths', () => {
  it('escapes upper-case letters as Go does, in paths and versions', () => {
    expect(escapeModulePath('github.com/Azure/azure-sdk-for-go')).toBe('github.com/!azure/azure-sdk-for-go');
    expect(moduleVersionDir('/c/', 'example.com/Upper/Case', 'v1.0.0-RC1')).toBe('/c/example.com/!upper/!case@v1.0.0-!r!c1');
  });

  it('resolves replace directories against the module directory', () => {
    expect(resolveDir('/w/plugin', '../fork')).toBe('/w/fork');
    expect(resolveDir('/w/plugin', './vendor/x/')).toBe('/w/plugin/vendor/x');
    expect(resolveDir('/w/plugin', '/abs/dir')).toBe('/abs/dir');
  });
});

describe('computeLinkSet', () => {
  const files = new Map<string, string>([
    // a: imports b through a subpackage; a file for windows, a test file and an ignored generator import others.
    ['/cache/example.com/a@v1.0.0/a.go', go('a', ['example.com/a/internal/x', 'fmt'])],
    ['/cache/example.com/a@v1.0.0/a_windows.go', go('a', ['example.com/winonly'])],
    ['/cache/example.com/a@v1.0.0/a_test.go', go('a', ['example.com/testonly'])],
    ['/cache/example.com/a@v1.0.0/gen.go', go('main', ['example.com/ignored'], '//go:build ignore\n\n')],
    ['/cache/example.com/a@v1.0.0/arm.go', go('a', ['example.com/armonly'], '// +build arm64\n\n')],
    ['/cache/example.com/a@v1.0.0/internal/x/x.go', go('x', ['example.com/B/v2'])],
    ['/cache/example.com/!b/v2@v2.1.0/b.go', go('b', ['unsafe', 'C'])],
    // nested modules: example.com/n and example.com/n/sub
    ['/cache/example.com/n/sub@v1.0.0/pkg/p.go', go('p', [])],
    ['/cache/example.com/n@v1.0.0/n.go', go('n', [])],
    // a replacement module and a replacement directory
    ['/cache/example.com/fork@v1.1.0/lib/lib.go', go('lib', ['example.com/viafork'])],
    ['/cache/example.com/viafork@v1.0.0/f.go', go('viafork', [])],
    ['/w/local/l.go', go('local', ['example.com/vialocal'])],
    ['/cache/example.com/vialocal@v1.0.0/v.go', go('vialocal', [])],
  ]);
  const modules = graph(
    ['example.com/a', 'v1.0.0'],
    ['example.com/B/v2', 'v2.1.0'],
    ['example.com/winonly', 'v1.0.0'],
    ['example.com/testonly', 'v1.0.0'],
    ['example.com/armonly', 'v1.0.0'],
    ['example.com/n', 'v1.0.0'],
    ['example.com/n/sub', 'v1.0.0'],
    ['example.com/old', 'v1.0.0', replace('example.com/old', 'example.com/fork', 'v1.1.0')],
    ['example.com/viafork', 'v1.0.0'],
    ['example.com/local', 'v0.0.0', replace('example.com/local', '../local', null)],
    ['example.com/vialocal', 'v1.0.0'],
  );
  const input = {
    modulePath: 'example.com/plugin',
    moduleDir: '/w/plugin',
    ownPackages: [ownPackage('/w/plugin', ['example.com/a', 'example.com/n/sub/pkg', 'example.com/old/lib', 'example.com/local', 'net/http', 'example.com/plugin/internal/own']), ownPackage('/w/plugin/internal/own', [])],
    graph: modules,
  };

  it('follows imports into dependencies: build constraints, case-escaping, nested modules, replaces', () => {
    const set = computeLinkSet(input, source(new MemoryCache(files)));
    expect(set.gaps).toEqual([]);
    expect(set.complete).toBe(true);
    expect([...set.linked.keys()].sort()).toEqual(['example.com/B/v2', 'example.com/a', 'example.com/local', 'example.com/n/sub', 'example.com/old', 'example.com/viafork', 'example.com/vialocal']);
    expect(set.linked.get('example.com/a')).toMatchObject({ pkg: 'example.com/a', importer: null, importedBy: { path: 'example.com/a' } });
    expect(set.linked.get('example.com/B/v2')).toMatchObject({ pkg: 'example.com/B/v2', importer: 'example.com/a/internal/x', importedBy: null });
  });

  it('honours the target architecture', () => {
    const set = computeLinkSet(input, source(new MemoryCache(files), 'arm64'));
    expect(set.linked.has('example.com/armonly')).toBe(true);
  });

  it('reads a module version of the cache once across analyses, and a replace directory each time', () => {
    const cache = new MemoryCache(files);
    computeLinkSet(input, source(cache));
    const first = cache.reads;
    computeLinkSet(input, source(cache));
    // Only the replacement directory (/w/local, one file) is read again: it can change, the cache cannot.
    expect(cache.reads - first).toBe(1);
  });

  it('stops where it cannot read, and says why', () => {
    const partial = new Map([...files].filter(([f]) => !f.startsWith('/cache/example.com/a@')));
    const set = computeLinkSet(input, source(new MemoryCache(partial)));
    expect(set.complete).toBe(false);
    expect(set.gaps).toEqual(['example.com/a@v1.0.0 is not in the module cache (/cache)']);
    expect(set.linked.has('example.com/a')).toBe(true);
    expect(set.linked.has('example.com/B/v2')).toBe(false);

    const none = computeLinkSet(input, source(new MemoryCache(files, null)));
    expect(none.complete).toBe(false);
    expect(none.gaps).toContain('no Go module cache was found');
    // The local replacement is still read: it is no part of the cache.
    expect(none.linked.has('example.com/vialocal')).toBe(true);
  });

  it('reads a vendoring module\'s dependencies from vendor/ when it has vendor/modules.txt', () => {
    const vendored = new Map([
      ['/w/plugin/vendor/modules.txt', '# example.com/a v1.0.0\n'],
      ['/w/plugin/vendor/example.com/a/a.go', go('a', ['example.com/B/v2'])],
      ['/w/plugin/vendor/example.com/B/v2/b.go', go('b', [])],
    ]);
    const set = computeLinkSet({ ...input, ownPackages: [ownPackage('/w/plugin', ['example.com/a'])], vendorDir: '/w/plugin/vendor' }, source(new MemoryCache(vendored, null)));
    expect(set).toMatchObject({ complete: true, gaps: [] });
    expect([...set.linked.keys()]).toEqual(['example.com/a', 'example.com/B/v2']);
    // Without modules.txt the go command does not use vendor/: neither does kpa.
    const stale = computeLinkSet({ ...input, ownPackages: [ownPackage('/w/plugin', ['example.com/a'])], vendorDir: '/w/other/vendor' }, source(new MemoryCache(vendored, null)));
    expect(stale.gaps).toEqual(['no Go module cache was found']);
  });

  it('is complete without reading anything when the build imports no dependency', () => {
    const set = computeLinkSet({ ...input, ownPackages: [ownPackage('/w/plugin', ['net/http', 'context'])] }, undefined);
    expect(set).toEqual({ linked: new Map(), complete: true, gaps: [] });
  });

  it('reports an import no module of the graph provides', () => {
    const set = computeLinkSet({ ...input, ownPackages: [ownPackage('/w/plugin', ['github.com/nobody/pkg'])] }, source(new MemoryCache(files)));
    expect(set.gaps).toEqual(['no module in go.mod or go.sum provides github.com/nobody/pkg']);
  });
});
