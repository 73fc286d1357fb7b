import { describe, expect, it } from 'vitest';
import { handBuiltPackages } from '../../fixtures/modules/harness.js';
import { computeModuleFacts } from '../modules/index.js';
import { MemoryFileSource, Workspace } from '../workspace.js';
import { compatMatrix, diffAgainst, pluginModuleView } from './compat.js';
import { allManifests, getManifest } from './resolve-target.js';

const GIN_GO = 'package main\n\nimport "github.com/gin-gonic/gin"\n\nvar _ = gin.New\n';

function facts(files: Record<string, string>) {
  const map = new Map(Object.entries(files));
  const ws = new Workspace('/w', new MemoryFileSource(map));
  return { modules: computeModuleFacts(ws), packages: handBuiltPackages(map) };
}

describe('pluginModuleView', () => {
  it('gives an import to the module whose go.mod is the nearest ancestor of the package', () => {
    const { modules, packages } = facts({
      '/w/go.mod': 'module example.com/root\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.11.0\n',
      '/w/sub/go.mod': 'module example.com/sub\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.11.0\n',
      '/w/sub/pkg/main.go': GIN_GO,
    });
    const [root, sub] = modules;
    const manifest = getManifest('2.13.8')!;
    // The root module has no package of its own: gin is required there but not linked.
    expect(diffAgainst(pluginModuleView(root, packages, modules), manifest).map((f) => [f.module, f.level])).toEqual([['github.com/gin-gonic/gin', 'note']]);
    expect(diffAgainst(pluginModuleView(sub, packages, modules), manifest).map((f) => [f.module, f.level])).toEqual([['github.com/gin-gonic/gin', 'error']]);
  });

  it('uses the replacement version when the plugin replaces a module, and points the fix at that replace', () => {
    const { modules, packages } = facts({
      '/w/go.mod': 'module example.com/p\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.9.0\n\nreplace github.com/gin-gonic/gin => github.com/gin-gonic/gin v1.12.0\n',
    });
    expect(diffAgainst(pluginModuleView(modules[0], packages, modules), getManifest('2.13.8')!)).toEqual([]);
    const [f] = diffAgainst(pluginModuleView(modules[0], packages, modules), getManifest('2.12.1')!);
    // No package imports gin: required, not linked.
    expect(f).toMatchObject({ module: 'github.com/gin-gonic/gin', have: 'v1.12.0', level: 'note', linkage: 'unlinked' });
    expect(f.fixes[0].edits[0].range.start.line).toBe(6);
  });

  describe('levels by the link set, and judges from go.sum where the closure stops (no module cache here)', () => {
    const manifest = getManifest('2.13.8')!;
    const [imported, likely, direct, unlinked, sumLikely, sumOnly, local] = [
      'github.com/gin-gonic/gin',
      'github.com/cespare/xxhash/v2',
      'golang.org/x/sys',
      'github.com/google/uuid',
      'github.com/go-contrib/uuid',
      'github.com/krakend/bloomfilter/v2',
      'golang.org/x/net',
    ].map((path) => ({ path, version: `${manifest.modules[path]}-0` }));
    const sumLine = (m: { path: string; version: string }, suffix: string) => `${m.path} ${m.version}${suffix} h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
    /** Levels and linkage per module; `testRequirement`: go.mod also requires x/sys directly, which the plugin does not import. */
    function levels(testRequirement: boolean) {
      const { modules, packages } = facts({
        '/w/go.mod': `module example.com/p\n\ngo 1.22\n\nrequire (\n\t${imported.path} ${imported.version}\n${testRequirement ? `\t${direct.path} ${direct.version}\n` : ''}\t${local.path} ${local.version} // indirect\n\t${likely.path} ${likely.version} // indirect\n\t${unlinked.path} ${unlinked.version} // indirect\n)\n\nreplace ${local.path} => ../net\n`,
        '/w/go.sum': [
          ...[imported, direct, likely, sumLikely].map((m) => sumLine(m, '')),
          ...[imported, direct, likely, unlinked, sumLikely, sumOnly].map((m) => sumLine(m, '/go.mod')),
        ].join('\n') + '\n',
        '/w/main.go': GIN_GO,
      });
      const view = pluginModuleView(modules[0], packages, modules);
      expect(view.linkSet.complete).toBe(false);
      return Object.fromEntries(diffAgainst(view, manifest).map((f) => [f.module, [f.level, f.linkage]]));
    }

    it('a source hash in go.sum makes a module most likely linked when the build imports every direct requirement', () => {
      expect(levels(false)).toEqual({
        [imported.path]: ['error', 'linked'], // the plugin's own code imports it
        [likely.path]: ['error', 'likely'], // go.sum holds its source hash
        [sumLikely.path]: ['error', 'likely'], // the same, though go.mod does not name it (a go.mod older than Go 1.17)
        [direct.path]: ['error', 'likely'], // (here only go.sum names it, with its source hash)
        [local.path]: ['warning', 'unknown'], // replaced by a directory: go.sum cannot tell
        [unlinked.path]: ['note', 'unlinked'], // no source hash: the go command would not build it
        // sumOnly: only go.sum lists it, without a source hash: not linked, not reported
      });
    });

    it('a direct requirement the build does not import (a test\'s) makes source hashes say nothing', () => {
      expect(levels(true)).toEqual({
        [imported.path]: ['error', 'linked'],
        [direct.path]: ['warning', 'unknown'],
        [likely.path]: ['warning', 'unknown'],
        [sumLikely.path]: ['warning', 'unknown'],
        [local.path]: ['warning', 'unknown'],
        [unlinked.path]: ['note', 'unlinked'],
      });
    });
  });

  it('counts findings per release in the matrix exactly as diffAgainst reports them', () => {
    const { modules, packages } = facts({ '/w/go.mod': 'module example.com/p\n\ngo 1.22\n\nrequire github.com/luraproject/lura/v2 v2.7.0\n', '/w/main.go': 'package main\n\nimport "github.com/luraproject/lura/v2/proxy"\n' });
    const view = pluginModuleView(modules[0], packages, modules);
    const matrix = compatMatrix(view, allManifests());
    for (const row of matrix.rows) {
      const levels = diffAgainst(view, getManifest(row.krakend)!).map((f) => f.level);
      expect([row.errors, row.warnings, row.notes]).toEqual(['error', 'warning', 'note'].map((l) => levels.filter((x) => x === l).length));
    }
    // lura v2.7.0 is linked by CE 2.7.0-2.7.2; Go 1.22 (a two-part go line) is not newer than their Go 1.22.x.
    expect(matrix.rows.filter((r) => r.errors === 0 && r.warnings === 0).map((r) => r.krakend)).toEqual(['2.7.0', '2.7.1', '2.7.2']);
    expect(matrix.newestClean).toBe('2.7.2');
  });

  it('finds the same differences whether it walks the plugin modules or the manifest modules (the smaller side)', () => {
    const manifest = getManifest('2.13.8')!;
    const linked = Object.entries(manifest.modules).slice(0, 150);
    const requires = linked.map(([path, version], i) => `\t${path} ${i % 2 ? version : version + '-0'}${i % 3 ? ' // indirect' : ''}`).join('\n');
    const goMod = `module example.com/p\n\ngo 1.22\n\nrequire (\n${requires}\n)\n`;
    const synthetic = Array.from({ length: 200 }, (_, i) => `example.com/synthetic/m${i} v1.0.${i} h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`).join('\n');
    // Both with a go.sum (one line), so go.sum judges the modules the closure does not reach the same way.
    const small = facts({ '/w/go.mod': goMod, '/w/go.sum': synthetic.split('\n')[0] + '\n', '/w/main.go': GIN_GO });
    const large = facts({ '/w/go.mod': goMod, '/w/go.sum': synthetic + '\n', '/w/main.go': GIN_GO });
    const smallView = pluginModuleView(small.modules[0], small.packages, small.modules);
    const largeView = pluginModuleView(large.modules[0], large.packages, large.modules);
    const linkedCount = Object.keys(manifest.modules).length;
    expect(smallView.modules.size).toBeLessThan(linkedCount);
    expect(largeView.modules.size).toBeGreaterThan(linkedCount);
    const findings = diffAgainst(smallView, manifest);
    expect(findings.length).toBeGreaterThan(50);
    expect(diffAgainst(largeView, manifest)).toEqual(findings);
  });
});
