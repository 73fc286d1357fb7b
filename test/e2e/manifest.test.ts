/** `kpa manifest from-binary` on a Go program built in the test from fixture modules with a local `replace`. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { buildFixture } from '../../fixtures/binaries/build-fixtures.js';
import { loadManifestFile } from '../../analyzers/binary/manifest.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';

describe('kpa manifest from-binary', () => {
  let dir: string;
  let app: string;
  let trimmed: string;
  beforeAll(() => {
    trimmed = buildFixture('app', { flags: ['-trimpath'] });
    dir = mkdtempSync(join(tmpdir(), 'kpa-manifest-'));
    app = buildFixture('app', { flags: ['-ldflags=-X github.com/luraproject/lura/v2/core.KrakendVersion=2.99.1'] });
  });

  it('writes a manifest with Go version, modules, replacements, build settings and package hashes', async () => {
    const io = captureIO(dir, {});
    expect(await main(['manifest', 'from-binary', app, '-o', 'm.json'], io)).toBe(0);
    expect(io.stderrText()).toMatch(/^wrote m\.json: KrakenD 2\.99\.1, Go 1\.19\.\d+, 1 modules, \d+ package hashes\n$/);
    const loaded = loadManifestFile(readFileSync(join(dir, 'm.json'), 'utf8'));
    if ('error' in loaded) throw new Error(loaded.error);
    const m = loaded.manifest;
    expect(m).toMatchObject({
      krakend: '2.99.1',
      source: 'binary',
      go: expect.stringMatching(/^1\.19\.\d+$/),
      modulePath: 'example.com/kpa-fixtures/app',
      modules: { 'example.com/kpa-fixtures/dep': 'v1.2.3' },
      replaces: [{ from: 'example.com/kpa-fixtures/dep', fromVersion: 'v1.2.3', to: '../dep', toVersion: null }],
    });
    expect(m.build).toMatchObject({ goarch: 'amd64', libc: 'glibc', cgo: true, trimpath: false });
    expect(m.build!.settings['-ldflags']).toContain('KrakendVersion=2.99.1');
    expect(Object.keys(m.build!.packageHashes)).toContain('runtime');
    expect(m.notes.join(' ')).toMatch(/does not link github\.com\/luraproject\/lura\/v2/);
    // Usable as a Target: flavour follows the binary's libc when the CLI passes it.
    const t = resolveTarget({ manifest: m, flavour: 'linux-generic' });
    expect('target' in t && t.target.manifest.go).toBe(m.go);
  });

  it('prints to stdout without -o and reads -trimpath from the build info', async () => {
    const io = captureIO(dir, {});
    expect(await main(['manifest', 'from-binary', trimmed], io)).toBe(0);
    const m = JSON.parse(io.stdoutText());
    expect(m.build.trimpath).toBe(true);
    expect(m.krakend).toBe('custom');
  });

  it('refuses plugins, junk, directories and missing files with exit 2 and a clear message', async () => {
    writeFileSync(join(dir, 'junk'), 'no elf here');
    const cases: [string, RegExp][] = [
      [buildFixture('server'), /this is a Go plugin, not an executable/],
      ['junk', /junk: invalid ELF header: not an ELF file/],
      ['.', /is a directory/],
      ['nope', /nope: no such file or directory/],
      ['/bin/true', /not a Go binary/],
    ];
    for (const [file, re] of cases) {
      const io = captureIO(dir, {});
      expect(await main(['manifest', 'from-binary', file, '-o', 'bad.json'], io)).toBe(2);
      expect(io.stderrText()).toMatch(re);
      expect(io.stderrText()).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
  });
});
