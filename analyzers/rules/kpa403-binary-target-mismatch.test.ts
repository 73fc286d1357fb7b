import { describe, expect, it } from 'vitest';
import type { BinaryFacts } from '../binary/facts.js';
import { runRules } from '../engine.js';
import { resolveTarget } from '../manifests/resolve-target.js';
import type { Target } from '../target.js';
import rule from './kpa403-binary-target-mismatch.js';
import { factsWith } from './kpa401-binary-not-a-plugin.test.js';

function target(flavour: string, krakend = '2.13.8'): Target {
  const r = resolveTarget({ krakend, flavour, arch: 'amd64' });
  if ('error' in r) throw new Error(r.error);
  return r.target;
}

function plugin(file: string, over: Partial<NonNullable<BinaryFacts['go']>> = {}, glibc = '2.34'): BinaryFacts {
  return {
    file, error: null, kind: 'plugin', undecided: [],
    elf: { bits: 64, endian: 'little', type: 'shared-object', machine: 62, machineName: 'x86-64', goarch: 'amd64', needed: ['libc.so.6'], soname: null, interpreter: null, libc: 'glibc', glibcVersions: [{ version: glibc, symbols: ['pthread_create'] }], maxGlibc: glibc, stripped: false, sectionHeaders: 'present' },
    go: { version: '1.25.12', versionSource: 'dwarf', buildInfo: null, pluginPath: 'example.com/p', modules: [], modulesSource: 'file-paths', trimpath: false, modCache: null, cgo: true, goarch: 'amd64', packageHashes: [{ pkg: 'internal/goarch', hash: '00' }], exports: [], exportsSource: 'ptab', ...over },
  };
}

describe('KPA403 binary-target-mismatch', () => {
  it('is silent for a plugin that matches the target', () => {
    expect(runRules(factsWith([plugin('/a.so')]), { target: target('linux-generic') }, [rule])).toEqual([]);
  });

  it('reports libc family, Go version, module version, -trimpath and a shared plugin path', () => {
    const lura = 'github.com/luraproject/lura/v2';
    const facts = factsWith([
      plugin('/a.so'),
      plugin('/b.so', { version: '1.19.8', trimpath: true, modules: [{ path: lura, version: 'v2.0.0' }] }),
    ]);
    const d = runRules(facts, { target: target('alpine') }, [rule]);
    const codes = d.map((x) => `${x.file} ${(x.data as { code: string }).code}`);
    expect(codes).toEqual(expect.arrayContaining(['/a.so libc-family', '/b.so libc-family', '/b.so duplicate-path', '/b.so go-version', '/b.so module-version', '/b.so trimpath']));
    expect(d.find((x) => (x.data as { code: string }).code === 'go-version')!.message).toBe(
      'This plugin was built with Go 1.19.8 but KrakenD 2.13.8 (alpine, amd64) was built with Go 1.25.12: build it with Go 1.25.12 (krakend/builder:2.13.8). Opening it, KrakenD fails with "plugin was built with a different version of package internal/goarch".',
    );
    expect(d.find((x) => (x.data as { code: string }).code === 'module-version')!.message).toMatch(/built linking github\.com\/luraproject\/lura\/v2 v2\.0\.0 but KrakenD 2\.13\.8 .* links v2\.14\.2-0\.20260316170719-6d79b4ef723b: run `go get/);
  });

  it('reports GLIBC_ versions newer than the target glibc', () => {
    const all = runRules(factsWith([plugin('/a.so', {}, '2.34')]), { target: target('linux-generic', '2.10.2') }, [rule]);
    const d = all.find((x) => (x.data as { code: string }).code === 'glibc-version')!;
    expect(d.message).toMatch(/needs glibc 2\.34 \(pthread_create\) but KrakenD 2\.10\.2 .* glibc 2\.31.*version `GLIBC_2\.34' not found/);
  });
});
