import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listReleases, resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { ARCHES, FLAVOURS, type Target } from '../analyzers/target.js';
import { defaultOutputName, formatCommand, mountArgs, planBuild, shellQuote } from './plan.js';

function target(krakend: string, flavour = 'alpine', arch = 'amd64'): Target {
  const r = resolveTarget({ krakend, flavour, arch });
  if ('error' in r) throw new Error(r.error);
  return r.target;
}

const DIR = '/home/me/plugin';
const plan = (t: Target, output = `${DIR}/p.so`) => planBuild(t, { dir: DIR, output });

const SH = ['sh', '-c', 'apk add --no-cache gcc musl-dev >&2 && exec go "$@"', 'sh'];
const GO = ['build', '-buildmode=plugin', '-o', '/out/p.so', '.'];
const LOCAL_GO = ['build', '-buildmode=plugin', '-o', 'p.so', '.'];
const armGo = (cc: string, o = '/out/p.so') => ['build', `-ldflags=-extldflags=-fuse-ld=bfd -extld=${cc}`, '-buildmode=plugin', '-o', o, '.'];
const GO_ENV = ['-e', 'HOME=/tmp', '-e', 'GOCACHE=/tmp/go-build', '-e', 'GOMODCACHE=/go/pkg/mod'];
const armEnv = (cc: string) => [...GO_ENV, '-e', 'CGO_ENABLED=1', '-e', `CC=${cc}`, '-e', 'GOARCH=arm64', '-e', 'GOHOSTARCH=amd64'];
const MOUNTS = ['-v', `${DIR}:/app:ro`, '-v', `${DIR}:/out`, '-v', 'kpa-go-mod-image-user:/go/pkg/mod', '-v', 'kpa-go-build-image-user:/tmp/go-build'];
const RUN = ['run', '--rm', ...MOUNTS, '-w', '/app'];

describe('planBuild: the exact docker argv per target (spec §6.2)', () => {
  it.each([
    ['2.13.8', 'alpine', 'amd64', [...RUN, ...GO_ENV, 'krakend/builder:2.13.8', 'go', ...GO]],
    ['2.13.8', 'linux-generic', 'amd64', [...RUN, ...GO_ENV, 'krakend/builder:2.13.8-linux-generic', 'go', ...GO]],
    ['2.13.8', 'alpine', 'arm64', [...RUN, ...armEnv('aarch64-linux-musl-gcc'), 'krakend/builder:2.13.8', 'go', ...armGo('aarch64-linux-musl-gcc')]],
    [
      '2.13.8',
      'linux-generic',
      'arm64',
      [...RUN, ...armEnv('aarch64-linux-gnu-gcc'), 'krakend/builder:2.13.8-linux-generic', 'go', ...armGo('aarch64-linux-gnu-gcc')],
    ],
    ['2.1.3', 'alpine', 'amd64', [...RUN, ...GO_ENV, 'krakend/builder:2.1.3', 'go', ...GO]],
    // 2.1.1–2.1.2: only the old amd64 plugin builder.
    ['2.1.1', 'alpine', 'amd64', [...RUN, ...GO_ENV, 'devopsfaith/krakend-plugin-builder:2.1.1', 'go', ...GO]],
    ['2.1.2', 'alpine', 'arm64', [...RUN, '--platform', 'linux/arm64', ...GO_ENV, 'golang:1.19.2-alpine3.16', ...SH, ...GO]],
    ['2.1.1', 'linux-generic', 'amd64', [...RUN, ...GO_ENV, 'golang:1.19.2-bullseye', 'go', ...GO]],
    // 2.0.0–2.1.0: no builder at all → the golang image of the release, saying so.
    ['2.0.0', 'alpine', 'amd64', [...RUN, ...GO_ENV, 'golang:1.17.8-alpine3.15', ...SH, ...GO]],
    ['2.0.0', 'alpine', 'arm64', [...RUN, '--platform', 'linux/arm64', ...GO_ENV, 'golang:1.17.8-alpine3.15', ...SH, ...GO]],
    ['2.0.0', 'linux-generic', 'amd64', [...RUN, ...GO_ENV, 'golang:1.17.8-bullseye', 'go', ...GO]],
    ['2.0.0', 'linux-generic', 'arm64', [...RUN, '--platform', 'linux/arm64', ...GO_ENV, 'golang:1.17.8-bullseye', 'go', ...GO]],
  ])('%s %s %s', (krakend, flavour, arch, argv) => {
    const p = plan(target(krakend, flavour, arch));
    expect(p.command).toBe('docker');
    expect(p.args).toEqual(argv);
  });

  it('says why when a release had no builder image, and when it runs under emulation', () => {
    expect(plan(target('2.0.0')).notes.join(' ')).toMatch(/published no plugin builder image; kpa builds in golang:1\.17\.8-alpine3\.15/);
    expect(plan(target('2.1.1')).notes.join(' ')).toMatch(/old plugin builder devopsfaith\/krakend-plugin-builder:2\.1\.1/);
    expect(plan(target('2.1.1', 'alpine', 'arm64')).notes.join(' ')).toMatch(/amd64-only.*QEMU/s);
    expect(plan(target('2.0.6', 'linux-generic')).notes.join(' ')).toMatch(/no linux-generic builder image.*UNCONFIRMED/);
    expect(plan(target('2.13.8')).notes).toEqual([]);
  });

  it('every shipped release × flavour × arch: the documented image rule, cgo for arm64, and never -trimpath', () => {
    let count = 0;
    for (const v of listReleases()) {
      for (const flavour of FLAVOURS) {
        for (const arch of ARCHES) {
          const t = target(v, flavour, arch);
          const p = plan(t);
          count++;
          expect(p.args.join(' ')).not.toContain('trimpath');
          expect(p.args).toContain('-buildmode=plugin');
          const m = t.manifest;
          const builder = flavour === 'alpine' ? m.builders.alpine : m.builders.linuxGeneric;
          if (builder) {
            expect(builder).toBe(flavour === 'alpine' ? `krakend/builder:${v}` : `krakend/builder:${v}-linux-generic`);
            expect(p.image).toBe(builder);
            expect(p.args.includes('GOARCH=arm64')).toBe(arch === 'arm64');
          } else if (flavour === 'alpine' && m.builders.legacy && arch === 'amd64') {
            expect(p.image).toBe(`devopsfaith/krakend-plugin-builder:${v}`);
          } else {
            expect(p.image).toBe(flavour === 'alpine' ? `golang:${m.go}-alpine${m.alpine}` : `golang:${m.go}-bullseye`);
            expect(p.notes.length).toBeGreaterThan(0);
            expect(p.args.includes('--platform')).toBe(arch === 'arm64');
          }
        }
      }
    }
    expect(count).toBe(listReleases().length * 4);
  });
});

describe('planBuild --local', () => {
  it('runs go with cgo on and the target arch, cross-compiling arm64 like the builders', () => {
    const amd = planBuild(target('2.1.0'), { dir: DIR, output: `${DIR}/p.so`, local: true });
    expect([amd.command, ...amd.args]).toEqual(['go', ...LOCAL_GO]);
    expect(amd.env).toEqual({ CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'amd64' });
    expect(amd.cwd).toBe(DIR);
    const arm = planBuild(target('2.13.8', 'linux-generic', 'arm64'), { dir: DIR, output: `${DIR}/p.so`, local: true });
    expect(arm.args).toEqual(armGo('aarch64-linux-gnu-gcc', 'p.so'));
    expect(arm.env).toEqual({ CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'arm64', CC: 'aarch64-linux-gnu-gcc' });
    expect(formatCommand(amd)).toBe('CGO_ENABLED=1 GOOS=linux GOARCH=amd64 go build -buildmode=plugin -o p.so .');
  });
});

describe('paths and names', () => {
  it('mounts the module read-only, only the output directory writable, and works in the package below the module root', () => {
    const p = planBuild(target('2.13.8'), { dir: '/src/up/a/b/plugin', moduleRoot: '/src/up', output: '/src/up/a/b/plugin/x.so' });
    expect(p.args.slice(0, 12)).toEqual([
      ...['run', '--rm', '-v', '/src/up:/app:ro', '-v', '/src/up/a/b/plugin:/out'],
      ...['-v', 'kpa-go-mod-image-user:/go/pkg/mod', '-v', 'kpa-go-build-image-user:/tmp/go-build', '-w', '/app/a/b/plugin'],
    ]);
    expect(p.mounts.map((m) => [m.source, m.target, m.readOnly])).toEqual([
      ['/src/up', '/app', true],
      ['/src/up/a/b/plugin', '/out', false],
      ['kpa-go-mod-image-user', '/go/pkg/mod', false],
      ['kpa-go-build-image-user', '/tmp/go-build', false],
    ]);
    expect(p.args.slice(p.args.indexOf('-o'), p.args.indexOf('-o') + 2)).toEqual(['-o', '/out/x.so']);
  });

  it('runs as the given user under the given name, with that user\'s module cache volume', () => {
    const p = planBuild(target('2.13.8'), { dir: DIR, output: `${DIR}/x.so`, user: { uid: 1001, gid: 1002 }, containerName: 'kpa-build-1-ab' });
    expect(p.args.slice(0, 6)).toEqual(['run', '--rm', '--name', 'kpa-build-1-ab', '--user', '1001:1002']);
    expect(p.args).toContain('kpa-go-mod-1001:/go/pkg/mod');
    expect(p.args).toContain('kpa-go-build-1001:/tmp/go-build');
  });

  it('uses --mount for a directory with a colon or comma, quoting it as the CSV docker parses', () => {
    expect(mountArgs({ source: '/a b/it\'s', target: '/app', readOnly: true })).toEqual(['-v', "/a b/it's:/app:ro"]);
    expect(mountArgs({ source: '/x:y/"q",z', target: '/app', readOnly: true })).toEqual(['--mount', 'type=bind,"source=/x:y/""q"",z",target=/app,readonly']);
    expect(mountArgs({ source: '/x,y', target: '/out', readOnly: false })).toEqual(['--mount', 'type=bind,"source=/x,y",target=/out']);
    expect(() => mountArgs({ source: '-v=/:/host', target: '/out', readOnly: false })).toThrow(/absolute/);
  });

  it('a value is never an option: an image that is not a reference is refused, an -o name starting with "-" is made ./-…', () => {
    expect(() => planBuild(target('2.13.8'), { dir: DIR, output: `${DIR}/x.so`, image: '-v=/:/host' })).toThrow(/refusing to plan/);
    const local = planBuild(target('2.13.8'), { dir: DIR, output: `${DIR}/-x.so`, local: true });
    expect(local.args.slice(local.args.indexOf('-o'), local.args.indexOf('-o') + 2)).toEqual(['-o', './-x.so']);
  });

  it('names the output <name>-<krakend>-<flavour>-<arch>.so from the module path', () => {
    expect(defaultOutputName('github.com/acme/krakend-auth', target('2.13.8'))).toBe('krakend-auth-2.13.8-alpine-amd64.so');
    expect(defaultOutputName('github.com/acme/auth/v3', target('2.1.1', 'linux-generic', 'arm64'))).toBe('auth-2.1.1-linux-generic-arm64.so');
    expect(defaultOutputName('plain', target('2.0.0'))).toBe('plain-2.0.0-alpine-amd64.so');
  });

  it('names a local build for the C library that built it, never for the flavour', () => {
    expect(defaultOutputName('github.com/acme/auth', target('2.13.8'), { libc: 'glibc' })).toBe('auth-2.13.8-local-glibc-amd64.so');
    expect(defaultOutputName('github.com/acme/auth', target('2.13.8', 'linux-generic', 'arm64'), { libc: 'musl' })).toBe('auth-2.13.8-local-musl-arm64.so');
    expect(defaultOutputName('github.com/acme/auth', target('2.13.8'), { libc: 'unknown' })).toBe('auth-2.13.8-local-amd64.so');
  });

  it('prints a command a POSIX shell reads back into exactly the same argv', () => {
    const dir = `/tmp/with space/it's "quoted"/$HOME/\`x\``;
    const p = planBuild(target('2.13.8', 'alpine', 'arm64'), { dir, output: `${dir}/out file.so` });
    const line = formatCommand(p);
    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(words).toEqual([p.command, ...p.args]);
    expect(shellQuote('')).toBe("''");
  });
});
