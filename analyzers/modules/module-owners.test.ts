import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisContext } from '../analysis-context.js';
import type { EngineFacts } from '../facts.js';
import type { PackageFacts } from '../go/facts.js';
import type { ModuleFacts } from './facts.js';
import { governingModule, moduleDirIndex, packagesByModuleDir, packagesGovernedBy, packagesOfModule } from './module-owners.js';

const moduleAt = (dir: string): ModuleFacts => ({ goModFile: `${dir === '/' ? '' : dir}/go.mod`, dir, modulePath: null, goMod: null, goSum: null, goSumFile: null, readErrors: [] });
const packageAt = (dir: string): PackageFacts => ({ dir, imports: [] }) as unknown as PackageFacts;
/** The facts module rules read: the modules and the Go packages. */
const factsOf = (modules: ModuleFacts[], packages: PackageFacts[]) => ({ modules, go: packages }) as unknown as EngineFacts;

/** The definition the index replaces: the module whose directory is the longest prefix of `dir` at a `/`. */
function bruteForceOwner(modules: readonly ModuleFacts[], dir: string): ModuleFacts | null {
  let best: ModuleFacts | null = null;
  for (const m of modules) {
    const inside = dir === m.dir || dir.startsWith(m.dir === '/' ? '/' : m.dir + '/');
    if (inside && (!best || m.dir.length > best.dir.length)) best = m;
  }
  return best;
}

describe('governingModule', () => {
  it('picks the nearest ancestor go.mod, the directory itself included, and never a sibling sharing a name prefix', () => {
    const modules = ['/w', '/w/plugin-1', '/w/plugin-10/sub', '/'].map(moduleAt);
    const index = moduleDirIndex(modules);
    const owner = (dir: string) => governingModule(index, dir)?.dir ?? null;
    expect(owner('/w/plugin-1')).toBe('/w/plugin-1');
    expect(owner('/w/plugin-1/pkg/deep')).toBe('/w/plugin-1');
    expect(owner('/w/plugin-10')).toBe('/w');
    expect(owner('/w/plugin-10/sub/x')).toBe('/w/plugin-10/sub');
    expect(owner('/elsewhere')).toBe('/');
    expect(governingModule(moduleDirIndex([moduleAt('/w')]), '/v/x')).toBeNull();
  });

  it('agrees with the longest-prefix definition on random directory trees', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', 'a-1', 'a.b');
    const dir = fc.array(segment, { maxLength: 4 }).map((parts) => '/' + parts.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(dir, { maxLength: 8 }), fc.array(dir, { maxLength: 12 }), (moduleDirs, packageDirs) => {
        const modules = moduleDirs.map(moduleAt);
        const index = moduleDirIndex(modules);
        for (const d of packageDirs) expect(governingModule(index, d)).toBe(bruteForceOwner(modules, d));
        const packages = packageDirs.map(packageAt);
        const derived = new AnalysisContext(factsOf(modules, packages));
        for (const m of modules) {
          const governed = packages.filter((p) => bruteForceOwner(modules, p.dir) === m);
          expect(packagesOfModule(derived, m)).toEqual(governed);
          expect(packagesGovernedBy(m, modules, packages)).toEqual(governed);
        }
      }),
    );
  });
});

describe('packagesByModuleDir', () => {
  it('reads each package directory once however many modules there are', () => {
    const reads = (count: number) => {
      let n = 0;
      const modules = Array.from({ length: count }, (_, i) => moduleAt(`/w/plugin-${i}`));
      const packages = modules.map((m) =>
        Object.defineProperty({ imports: [] }, 'dir', {
          get: () => {
            n++;
            return `${m.dir}/cmd`;
          },
        }) as unknown as PackageFacts,
      );
      const byDir = packagesByModuleDir(new AnalysisContext(factsOf(modules, packages)));
      expect(byDir.size).toBe(count);
      return n;
    };
    expect(reads(100)).toBe(100);
    expect(reads(1_000)).toBe(1_000);
  });

  it('shares one grouping within an analysis and regroups in the next one, when the packages changed', () => {
    const modules = [moduleAt('/w/a'), moduleAt('/w/b')];
    const packages = [packageAt('/w/a'), packageAt('/w/b/x')];
    const derived = new AnalysisContext(factsOf(modules, packages));
    const first = packagesByModuleDir(derived);
    expect(packagesByModuleDir(derived)).toBe(first);
    derived.advance(factsOf(modules, [...packages, packageAt('/w/a/y')]), new Set(['go']));
    expect(packagesOfModule(derived, modules[0]).map((p) => p.dir)).toEqual(['/w/a', '/w/a/y']);
  });
});
