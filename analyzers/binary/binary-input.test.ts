/** Pure tests (no Go): bad input is a value with a plain reason, build info text parses, manifests validate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseElf } from './elf.js';
import { analyzeBinary, modulesFromFilePaths } from './index.js';
import { parseModInfo } from './go-build-info.js';
import { loadManifestFile, manifestFromBuildInfo } from './manifest.js';

describe('parseElf on bad input', () => {
  it('names what the file is instead of throwing', () => {
    const cases: [number[] | string, RegExp][] = [
      [[], /empty/],
      ['hello, world', /invalid ELF header: not an ELF file/],
      [[0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], /macOS \(Mach-O\)/],
      [[0x4d, 0x5a, 0x90, 0], /Windows/],
      [[0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], /truncated/],
      [[0x7f, 0x45, 0x4c], /truncated/],
    ];
    for (const [input, re] of cases) {
      const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : Uint8Array.from(input);
      const r = parseElf(bytes);
      expect('error' in r && r.error).toMatch(re);
    }
  });

  it('never throws on random bytes, with or without an ELF magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, magic) => {
        if (magic && bytes.length >= 6) bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
        const facts = analyzeBinary('x.so', bytes);
        expect(facts.file).toBe('x.so');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseModInfo', () => {
  it('reads path, mod, deps, replacements and quoted build settings inside the sentinels', () => {
    const body = [
      'path\tgithub.com/krakend/krakend-ce/v2/cmd/krakend-ce',
      'mod\tgithub.com/krakend/krakend-ce/v2\tv2.13.8\th1:abc=',
      'dep\tgithub.com/auth0-community/go-auth0\tv1.0.0',
      '=>\tgithub.com/devopsfaith/go-auth0\tv0.0.0-20220422124632-a1358a81b559\th1:def=',
      'dep\tgithub.com/luraproject/lura/v2\tv2.14.0\th1:ghi=',
      'build\t-ldflags="-X github.com/luraproject/lura/v2/core.KrakendVersion=2.13.8 -X github.com/luraproject/lura/v2/core.GlibcVersion=GLIBC-2.36_(debian-12)"',
      'build\tCGO_ENABLED=1',
      'build\tGOARCH=arm64',
      '',
    ].join('\n');
    const info = parseModInfo('0w\xaf\x0c\x92t\x08\x02A\xe1\xc1\x07\xe6\xd6\x18\xe6' + body + '\xf92C1\x86\x18 r\x00\x82B\x10A\x16\xd8\xf2');
    expect(info.main).toMatchObject({ path: 'github.com/krakend/krakend-ce/v2', version: 'v2.13.8' });
    expect(info.deps[0].replace).toEqual({ path: 'github.com/devopsfaith/go-auth0', version: 'v0.0.0-20220422124632-a1358a81b559', sum: 'h1:def=' });
    const m = manifestFromBuildInfo({ goVersion: 'go1.25.12', ...info });
    expect(m).toMatchObject({ krakend: '2.13.8', go: '1.25.12', glibc: '2.36', lura: 'v2.14.0', libcStringLinuxGeneric: 'GLIBC-2.36_(debian-12)' });
    expect(m.modules['github.com/auth0-community/go-auth0']).toBe('v1.0.0');
    expect(m.replaces).toEqual([{ from: 'github.com/auth0-community/go-auth0', fromVersion: 'v1.0.0', to: 'github.com/devopsfaith/go-auth0', toVersion: 'v0.0.0-20220422124632-a1358a81b559' }]);
    expect(m.build).toMatchObject({ goarch: 'arm64', cgo: true, trimpath: false });
  });
});

describe('modulesFromFilePaths', () => {
  it('reads module versions, the module cache and -trimpath from source paths', () => {
    const abs = modulesFromFilePaths(['/usr/local/go/src/runtime/proc.go', '/go/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go', '/src/plugin/main.go']);
    expect(abs).toEqual({ modules: [{ path: 'github.com/BurntSushi/toml', version: 'v1.2.0' }], trimpath: false, modCache: '/go/pkg/mod' });
    const trimmed = modulesFromFilePaths(['runtime/proc.go', 'golang.org/x/text@v0.3.7/unicode/norm.go']);
    expect(trimmed).toEqual({ modules: [{ path: 'golang.org/x/text', version: 'v0.3.7' }], trimpath: true, modCache: null });
  });
});

describe('loadManifestFile', () => {
  const good = { krakend: '2.5.0-ee', source: 'binary', go: '1.20.11', modulePath: 'x', modules: { a: 'v1.0.0' } };

  it('accepts a minimal manifest and fills the optional fields', () => {
    const r = loadManifestFile(JSON.stringify(good));
    expect('manifest' in r && r.manifest).toMatchObject({ ...good, builders: { alpine: null, linuxGeneric: null, legacy: null }, replaces: [], notes: [] });
  });

  it('says which field is wrong and how, and where JSON breaks', () => {
    const r = loadManifestFile(JSON.stringify({ ...good, go: 42, modules: [] }));
    expect('error' in r && r.error).toBe('not a usable kpa manifest: "go" must be a Go version like "1.25.12" (got 42); "modules" must be an object of module path → version strings (got [])');
    const bad = loadManifestFile('{\n  "krakend": "x",\n  oops\n}');
    expect('error' in bad && bad.error).toMatch(/^not valid JSON at line 3, column \d+/);
    expect(loadManifestFile('[]')).toEqual({ error: 'a manifest is a JSON object (written by `kpa manifest from-binary`)' });
  });
});
