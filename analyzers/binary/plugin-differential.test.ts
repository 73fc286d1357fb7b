/**
 * The Go runtime is the judge: every fixture plugin is built with the real toolchain and loaded by a
 * host that does what lura's loaders do; kpa's static verdict must match for every kind.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, loadWithHost, PLUGIN_FIXTURES } from '../../fixtures/binaries/build-fixtures.js';
import { analyzeBinary } from './index.js';
import { kindVerdict } from './plugin-verdict.js';
import { PLUGIN_KINDS } from '../go/plugin-kinds.js';

const HOST_TO_STATUS: Record<string, string> = { OK: 'ok', MISSING: 'missing', UNKNOWN: 'unknown-type' };

describe('static verdict vs the real loader (Go 1.19 plugins)', () => {
  let files: string[] = [];
  let host: Map<string, string>;
  beforeAll(() => {
    files = PLUGIN_FIXTURES.map((f) => buildFixture(f));
    host = loadWithHost(files);
  });

  it('matches plugin.Open + Lookup + type assertion for every fixture and kind', () => {
    const rows: string[] = [];
    for (const file of files) {
      const facts = analyzeBinary(file, readFileSync(file));
      expect(facts.kind).toBe('plugin');
      for (const kind of PLUGIN_KINDS) {
        const real = HOST_TO_STATUS[host.get(`${file} ${kind}`) ?? ''] ?? `host said ${host.get(`${file} ${kind}`)}`;
        rows.push(`${file.slice(file.lastIndexOf('/') + 1)} ${kind} kpa=${kindVerdict(facts, kind).status} go=${real}`);
      }
    }
    expect(rows.filter((r) => !/kpa=(\S+) go=\1$/.test(r))).toEqual([]);
    // The run covers every outcome, so agreement is not vacuous.
    expect(rows.some((r) => r.endsWith('go=ok'))).toBe(true);
    expect(rows.some((r) => r.endsWith('go=unknown-type'))).toBe(true);
    expect(rows.some((r) => r.endsWith('go=missing'))).toBe(true);
  });

  it('reads types and method sets from the runtime type data', () => {
    const facts = analyzeBinary('pointer-var.so', readFileSync(buildFixture('pointer-var')));
    const byName = Object.fromEntries(facts.go!.exports.map((e) => [e.name, e]));
    expect(byName.ClientRegisterer.type).toMatchObject({ type: '**example.com/kpa-fixtures/pointer-var.registerer', methods: [] });
    expect(byName.HandlerRegisterer.type?.elem?.kind).toBe('ptr');
    expect(byName.ModifierRegisterer.type?.elem?.kind).toBe('interface');
    expect(byName.MiddlewareRegisterer.kind).toBe('func');
    expect(kindVerdict(facts, 'client').explanation).toMatch(/holds a pointer/);
    const server = analyzeBinary('server.so', readFileSync(buildFixture('server')));
    expect(server.go).toMatchObject({ version: expect.stringMatching(/^1\.19\./), versionSource: 'dwarf', pluginPath: 'example.com/kpa-fixtures/server', trimpath: false, cgo: true });
    expect(server.go!.exports[0].type!.methods.map((m) => m.name)).toEqual(['RegisterHandlers', 'RegisterLogger']);
    expect(server.go!.packageHashes.length).toBeGreaterThan(20);
    expect(server.elf).toMatchObject({ goarch: 'amd64', libc: 'glibc', needed: ['libc.so.6'] });
    const wrong = analyzeBinary('wrong.so', readFileSync(buildFixture('wrong-signature')));
    expect(kindVerdict(wrong, 'server').explanation).toContain('HandlerFactory');
  });

  it('tells -trimpath from the source paths and still reads a stripped plugin', () => {
    const trim = analyzeBinary('t.so', readFileSync(buildFixture('server', { flags: ['-trimpath'] })));
    expect(trim.go!.trimpath).toBe(true);
    const stripped = analyzeBinary('s.so', readFileSync(buildFixture('client', { flags: ['-ldflags=-s -w'] })));
    expect(stripped.elf!.stripped).toBe(true);
    expect(stripped.go!.version).toBeNull();
    expect(stripped.undecided.join(' ')).toMatch(/Go version/);
    expect(kindVerdict(stripped, 'client').status).toBe('ok');
    expect(kindVerdict(stripped, 'server').status).toBe('missing');
  });
});
