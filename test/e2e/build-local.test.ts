/**
 * `kpa build --local` for real: the go on this machine (Go 1.19 here) builds the fixture plugins, and the
 * KrakenD-like loader (fixtures/loader) opens the result. Needs Go on PATH; fails without it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { buildLoader, runLoader } from '../../builder/testing/go-loader.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/build');
let root: string;
let loader: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-build-local-'));
  loader = buildLoader(root);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function copyFixture(name: string, as: string): string {
  const dir = join(root, as);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

async function kpa(args: string[], env: Record<string, string | undefined> = {}) {
  const io = captureIO(root, { ...process.env, ...env });
  const code = await main(['build', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

function localGoVersion(): string {
  return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, '');
}

describe('kpa build --local with the real Go toolchain', () => {
  it('builds a plugin that the KrakenD-like loader opens, in a directory with spaces and quotes', async () => {
    const dir = copyFixture('hello', `local "quoted" it's`);
    const r = await kpa([dir, '--local', '--krakend', '2.1.0', '--flavour', 'linux-generic']);
    expect(r.stderr).not.toContain('kpa build:');
    expect(r.code).toBe(0);
    // Named for what built it (this machine's glibc), not for the flavour asked for.
    const so = join(dir, 'hello-plugin-2.1.0-local-glibc-amd64.so');
    expect(readdirSync(dir).sort()).toEqual(['go.mod', 'hello-plugin-2.1.0-local-glibc-amd64.so', 'main.go']);
    expect(readFileSync(so).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    const server = runLoader(loader, so).find((x) => x.kind === 'server')!;
    expect(server).toMatchObject({ loads: true, error: '', names: ['hello'] });
    // KrakenD 2.1.0 was built with Go 1.19.1; this machine's go differs, and kpa must say so.
    expect(localGoVersion()).not.toBe('1.19.1');
    expect(r.stderr).toContain(`warning: the go on PATH is ${localGoVersion()} but KrakenD 2.1.0 was built with Go 1.19.1`);
    expect(r.stderr).toContain(`Building ${`local "quoted" it's`}/hello-plugin-2.1.0-local-glibc-amd64.so with the local go and this machine's glibc for KrakenD 2.1.0 (linux-generic, amd64)`);
    expect(r.stdout).toBe(`built ${`local "quoted" it's`}/hello-plugin-2.1.0-local-glibc-amd64.so\n`);
  });

  it('warns when this machine\'s C library is not the flavour\'s (glibc here vs the musl of alpine)', async () => {
    const dir = copyFixture('hello', 'libc');
    const r = await kpa([dir, '--local', '--krakend', '2.1.0', '--flavour', 'alpine']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: this machine uses glibc but KrakenD's alpine build uses musl");
    // …and the output is not named for alpine, where it would not load.
    expect(readdirSync(dir).sort()).toEqual(['go.mod', 'hello-plugin-2.1.0-local-glibc-amd64.so', 'main.go']);
  });

  it('drops -trimpath from GOFLAGS, says so, and the binary shows no -trimpath', async () => {
    const dir = copyFixture('hello', 'trimpath');
    const r = await kpa([dir, '--local', '--no-lint', '--krakend', '2.1.0', '-o', 'trimpath/out.so'], { GOFLAGS: '-trimpath -mod=mod' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('GOFLAGS asks for -trimpath');
    // Go 1.19 cannot print a plugin's build info. Without -trimpath the source's absolute path is in the
    // binary; -trimpath would have rewritten it to example.com/hello-plugin/main.go.
    expect(readFileSync(join(dir, 'out.so')).includes(`${dir}/main.go`)).toBe(true);
    expect(runLoader(loader, join(dir, 'out.so')).find((x) => x.kind === 'server')!.loads).toBe(true);
  });

  it('a compile error: exit 4, the error at its host file and UTF-16 column, nothing written', async () => {
    const dir = copyFixture('broken', 'broken');
    const r = await kpa([dir, '--local', '--krakend', '2.1.0', '--format', 'json']);
    expect(r.code).toBe(4);
    const outcome = JSON.parse(r.stdout);
    expect(outcome.failure).toBe('build-failed');
    expect(outcome.diagnostics).toHaveLength(1);
    expect(outcome.diagnostics[0]).toMatchObject({ rule: 'go-build', file: `${dir}/main.go`, message: 'undefined: undefinedThing' });
    // Go says column 49 (bytes); after 🚀 (4 bytes, 2 units) and é (2 bytes, 1 unit) that is UTF-16 character 45.
    expect(outcome.diagnostics[0].range.start).toEqual({ line: 9, character: 45 });
    expect(readdirSync(dir).sort()).toEqual(['go.mod', 'main.go']);

    const text = await kpa([dir, '--local', '--krakend', '2.1.0']);
    expect(text.stdout).toContain('broken/main.go:10:49: error go-build undefined: undefinedThing');
  });

  it('arm64 without the cross compiler on PATH: exit 5 naming it, before go runs', async () => {
    const dir = copyFixture('hello', 'arm');
    const r = await kpa([dir, '--local', '--no-lint', '--arch', 'arm64', '--flavour', 'linux-generic']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('kpa build: the arm64 cross compiler aarch64-linux-gnu-gcc is not on PATH.');
    expect(readdirSync(dir).sort()).toEqual(['go.mod', 'main.go']);
  });

  it('no go on PATH: exit 5', async () => {
    const dir = copyFixture('hello', 'nogo');
    const empty = join(root, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    const r = await kpa([dir, '--local', '--no-lint'], { PATH: empty });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('kpa build: go was not found on PATH.');
  });
});
