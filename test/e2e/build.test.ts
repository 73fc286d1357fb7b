/**
 * `kpa build` against a FAKE docker client (builder/testing/fake-docker.ts): no Docker engine runs on the
 * machines these tests run on, so a test-written `docker` executable first on PATH records every argv and
 * environment and imitates the real client's success, compiler failure, streaming, pull failure and
 * missing daemon. What is proven here is kpa's side: the exact commands, the exit codes, the messages,
 * the live streaming and that no half-written output survives. The --local path is built for real with
 * Go in build-local.test.ts.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { installFakeDocker, NO_DAEMON_MESSAGE, type FakeDocker } from '../../builder/testing/fake-docker.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/build/hello');
const TEMP_OUTPUT = /^\/out\/\.kpa-build-[0-9a-f]{12}\.so$/;
const UID = `${process.getuid!()}`;
const RUN = `docker run --rm --name kpa-build-N --user ${UID}:${process.getgid!()} -v {dir}:/app:ro -v {dir}:/out -v kpa-go-mod-${UID}:/go/pkg/mod -v kpa-go-build-${UID}:/tmp/go-build -w /app`;
const GO_ENV = '-e HOME=/tmp -e GOCACHE=/tmp/go-build -e GOMODCACHE=/go/pkg/mod';
/** The container's name is new on every run. */
const normalName = (text: string) => text.replace(/kpa-build-\d+-[0-9a-f]{8}/g, 'kpa-build-N');

let root: string;
let plugin: string;
let fake: FakeDocker;

function env(mode: string, extra: Record<string, string> = {}) {
  return { PATH: `${fake.binDir}:/usr/bin:/bin`, HOME: root, FAKE_DOCKER_MODE: mode, FAKE_DOCKER_LOG: fake.logFile, ...extra };
}

async function kpa(args: string[], mode = 'ok', extraEnv: Record<string, string> = {}, onStderr?: (t: string) => void) {
  const io = captureIO(root, env(mode, extraEnv), onStderr);
  const code = await main(['build', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** The argv of the build's `docker run` (the one running go build). */
function buildRun(): string[] {
  const runs = fake.runs().filter((c) => c.argv.includes('-buildmode=plugin'));
  expect(runs).toHaveLength(1);
  return runs[0].argv;
}

/** Files in the plugin directory other than the fixture's own. */
function leftovers(dir = plugin): string[] {
  return readdirSync(dir).filter((f) => f !== 'go.mod' && f !== 'main.go');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-build-'));
  plugin = join(root, 'plugin');
  cpSync(FIXTURE, plugin, { recursive: true });
  fake = installFakeDocker(root);
});

// Each test's tree, fake docker and outputs go with it: nothing is left in the temp directory.
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('kpa build --dry-run (fake docker on PATH, never called)', () => {
  it.each([
    ['2.13.8', 'alpine', 'amd64', "{run} {env} krakend/builder:2.13.8 go build -buildmode=plugin -o /out/hello-plugin-2.13.8-alpine-amd64.so ."],
    ['2.13.8', 'linux-generic', 'amd64', '{run} {env} krakend/builder:2.13.8-linux-generic go build -buildmode=plugin -o /out/hello-plugin-2.13.8-linux-generic-amd64.so .'],
    [
      '2.13.8',
      'alpine',
      'arm64',
      "{run} {env} -e CGO_ENABLED=1 -e CC=aarch64-linux-musl-gcc -e GOARCH=arm64 -e GOHOSTARCH=amd64 krakend/builder:2.13.8 go build '-ldflags=-extldflags=-fuse-ld=bfd -extld=aarch64-linux-musl-gcc' -buildmode=plugin -o /out/hello-plugin-2.13.8-alpine-arm64.so .",
    ],
    [
      '2.13.8',
      'linux-generic',
      'arm64',
      "{run} {env} -e CGO_ENABLED=1 -e CC=aarch64-linux-gnu-gcc -e GOARCH=arm64 -e GOHOSTARCH=amd64 krakend/builder:2.13.8-linux-generic go build '-ldflags=-extldflags=-fuse-ld=bfd -extld=aarch64-linux-gnu-gcc' -buildmode=plugin -o /out/hello-plugin-2.13.8-linux-generic-arm64.so .",
    ],
    ['2.1.1', 'alpine', 'amd64', '{run} {env} devopsfaith/krakend-plugin-builder:2.1.1 go build -buildmode=plugin -o /out/hello-plugin-2.1.1-alpine-amd64.so .'],
    [
      '2.0.0',
      'alpine',
      'amd64',
      `{run} {env} golang:1.17.8-alpine3.15 sh -c 'apk add --no-cache gcc musl-dev >&2 && exec go "$@"' sh build -buildmode=plugin -o /out/hello-plugin-2.0.0-alpine-amd64.so .`,
    ],
    ['2.0.0', 'linux-generic', 'arm64', '{run} --platform linux/arm64 {env} golang:1.17.8-bullseye go build -buildmode=plugin -o /out/hello-plugin-2.0.0-linux-generic-arm64.so .'],
  ])('%s %s %s prints the exact command', async (krakend, flavour, arch, expected) => {
    const r = await kpa(['plugin', '--dry-run', '--krakend', krakend, '--flavour', flavour, '--arch', arch]);
    expect(r.code).toBe(0);
    expect(normalName(r.stdout)).toBe(expected.replace('{run}', RUN).replace('{env}', GO_ENV).replaceAll('{dir}', plugin) + '\n');
    expect(r.stderr).toContain(`mount: ${plugin} → /app (read-only): the module`);
    expect(r.stderr).toContain(`mount: ${plugin} → /out (writable): where go build writes the .so`);
    expect(r.stderr).toContain(`mount: volume kpa-go-mod-${UID} → /go/pkg/mod (writable): module downloads`);
    expect(r.stderr).toContain(`mount: volume kpa-go-build-${UID} → /tmp/go-build (writable): Go's build cache`);
    expect(fake.calls()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('says on stderr when a release had no builder image', async () => {
    const r = await kpa(['plugin', '--dry-run', '--krakend', '2.0.0']);
    expect(r.stderr).toMatch(/note: KrakenD 2\.0\.0 published no plugin builder image; kpa builds in golang:1\.17\.8-alpine3\.15/);
  });
});

describe('kpa build with a fake docker (no engine runs here)', () => {
  it('checks the daemon and the image, runs exactly the dry-run command (but for the temporary -o), and renames on success', async () => {
    const dry = await kpa(['plugin', '--dry-run', '--format', 'json', '--krakend', '2.13.8', '--arch', 'arm64']);
    const expected = (JSON.parse(dry.stdout).command as string[]).map(normalName);
    const r = await kpa(['plugin', '--krakend', '2.13.8', '--arch', 'arm64']);
    expect(r.stderr).toBe(
      'Building plugin/hello-plugin-2.13.8-alpine-arm64.so in krakend/builder:2.13.8 for KrakenD 2.13.8 (alpine, arm64)\n' +
        'go: downloading nothing (fake docker: image krakend/builder:2.13.8)\n',
    );
    expect(r.code).toBe(0);
    const calls = fake.calls().map((c) => c.argv);
    expect(calls.slice(0, 5)).toEqual([
      ['version', '--format', '{{.Server.Version}}'],
      ['image', 'inspect', '--format', '{{.Id}}', 'krakend/builder:2.13.8'],
      ['run', '--rm', 'krakend/builder:2.13.8', 'go', 'version'],
      ['volume', 'inspect', '--format', '{{index .Labels "kpa.user"}}', `kpa-go-mod-${UID}`],
      ['volume', 'create', '--label', `kpa.user=${UID}:${process.getgid!()}`, `kpa-go-mod-${UID}`],
    ]);
    expect(calls.filter((c) => c[0] === 'volume').map((c) => c.slice(0, 2).concat(c.slice(-1)))).toEqual([
      ['volume', 'inspect', `kpa-go-mod-${UID}`],
      ['volume', 'create', `kpa-go-mod-${UID}`],
      ['volume', 'inspect', `kpa-go-build-${UID}`],
      ['volume', 'create', `kpa-go-build-${UID}`],
    ]);
    const run = calls[calls.length - 1].map(normalName);
    const o = run.indexOf('-o') + 1;
    expect(run[o]).toMatch(TEMP_OUTPUT);
    expect(['docker', ...run.slice(0, o), '/out/hello-plugin-2.13.8-alpine-arm64.so', ...run.slice(o + 1)]).toEqual(expected);
    // As root the new volume is already the build user's; anyone else's is handed over by a chown run first.
    expect(calls).toHaveLength(UID === '0' ? 8 : 10);
    expect(leftovers()).toEqual(['hello-plugin-2.13.8-alpine-arm64.so']);
    expect(readFileSync(join(plugin, 'hello-plugin-2.13.8-alpine-arm64.so'), 'utf8')).toContain('fake plugin built by the fake docker');
    expect(r.stdout).toBe('built plugin/hello-plugin-2.13.8-alpine-arm64.so\n');
  });

  it('passes the user environment to the docker client (DOCKER_HOST) and nothing of it into the container', async () => {
    await kpa(['plugin', '--no-lint'], 'ok', { DOCKER_HOST: 'unix:///run/user/docker.sock', GOFLAGS: '-trimpath' });
    const run = fake.runs().find((c) => c.argv.includes('-buildmode=plugin'))!;
    expect(run.env.DOCKER_HOST).toBe('unix:///run/user/docker.sock');
    expect(run.argv.filter((a) => a.includes('trimpath') || a.includes('GOFLAGS'))).toEqual([]);
  });

  it('pulls a missing image before running, streaming the pull output', async () => {
    const r = await kpa(['plugin', '--no-lint', '--krakend', '2.12.1'], 'missing-image');
    expect(r.code).toBe(0);
    expect(fake.calls().map((c) => c.argv[0])).toEqual(['version', 'image', 'pull', 'run', ...(UID === '0' ? ['volume', 'volume', 'volume', 'volume'] : ['volume', 'volume', 'run', 'volume', 'volume', 'run']), 'run']);
    expect(fake.calls()[2].argv).toEqual(['pull', 'krakend/builder:2.12.1']);
    expect(r.stderr).toContain('Status: Downloaded newer image for krakend/builder:2.12.1');
  });

  it('streams the build output while the build runs (the fake waits until kpa has shown "step 1")', async () => {
    const gate = join(root, 'gate');
    const r = await kpa(['plugin', '--no-lint'], 'stream', { FAKE_DOCKER_GATE: gate }, (t) => {
      if (t.includes('step 1')) writeFileSync(gate, '');
    });
    expect(r.stderr).not.toContain('gate timeout');
    expect(r.code).toBe(0);
    expect(r.stderr.indexOf('step 1')).toBeLessThan(r.stderr.indexOf('step 2'));
  });

  it('build failure: exit 4, compiler errors as diagnostics on the host file, no output and no temporary file left', async () => {
    const r = await kpa(['plugin', '--no-lint'], 'compile-error');
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('plugin/main.go:7:2: error go-build undefined: undefinedThing');
    expect(r.stdout).toContain('plugin/main.go:9:22: error go-build cannot use "x" (untyped string constant) as int value in assignment\nhave string\nwant int');
    expect(r.stderr).toContain('kpa build: go build failed (exit 1) with 2 compiler errors; no plugin was written.');
    expect(r.stderr).toContain('./main.go:7:2: undefined: undefinedThing'); // streamed as Go printed it
    expect(leftovers()).toEqual([]);
  });

  it('build failure --format json: the diagnostics carry absolute host paths and 0-based ranges', async () => {
    const r = await kpa(['plugin', '--no-lint', '--format', 'json'], 'compile-error');
    expect(r.code).toBe(4);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({ ok: false, exitCode: 4, failure: 'build-failed', output: null });
    expect(outcome.diagnostics[0]).toMatchObject({ rule: 'go-build', file: `${plugin}/main.go`, range: { start: { line: 6, character: 1 } } });
  });

  it('a previous build is kept when a new build fails', async () => {
    writeFileSync(join(plugin, 'hello-plugin-2.13.8-alpine-amd64.so'), 'previous good build');
    const r = await kpa(['plugin', '--no-lint', '--krakend', '2.13.8'], 'compile-error');
    expect(r.code).toBe(4);
    expect(readFileSync(join(plugin, 'hello-plugin-2.13.8-alpine-amd64.so'), 'utf8')).toBe('previous good build');
    expect(leftovers()).toEqual(['hello-plugin-2.13.8-alpine-amd64.so']);
  });

  it('image pull failure: exit 7 with the registry message, and no build attempted', async () => {
    const r = await kpa(['plugin', '--no-lint', '--krakend', '2.13.8'], 'pull-fail');
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(
      'kpa build: could not pull the builder image krakend/builder:2.13.8 (Error response from daemon: manifest for krakend/builder:2.13.8 not found: manifest unknown: manifest unknown).',
    );
    expect(fake.runs()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('daemon not reachable: exit 6 with the client message, checked before anything else', async () => {
    const r = await kpa(['plugin', '--no-lint'], 'no-daemon');
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`kpa build: the Docker daemon is not reachable (${NO_DAEMON_MESSAGE}). Start Docker`);
    expect(fake.calls().map((c) => c.argv[0])).toEqual(['version']);
  });

  it('daemon lost between the checks and the run (docker run exits 125): still exit 6, not a build failure', async () => {
    const r = await kpa(['plugin', '--no-lint'], 'daemon-lost');
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('the Docker daemon is not reachable');
    expect(leftovers()).toEqual([]);
  });

  it('no docker on PATH: exit 5, pointing at --local', async () => {
    const empty = join(root, 'empty-bin');
    mkdirSync(empty);
    const r = await kpa(['plugin', '--no-lint'], 'ok', { PATH: empty });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('kpa build: docker was not found on PATH.');
    expect(r.stderr).toContain('kpa build --local');
  });

  it('a directory whose path has spaces and quotes reaches docker as one argument, and the output lands there', async () => {
    const odd = join(root, `it's a "plugin" dir`);
    cpSync(FIXTURE, odd, { recursive: true });
    const r = await kpa([odd, '--no-lint', '--krakend', '2.13.8']);
    expect(r.code).toBe(0);
    expect(buildRun().slice(6, 10)).toEqual(['-v', `${odd}:/app:ro`, '-v', `${odd}:/out`]);
    expect(leftovers(odd)).toEqual(['hello-plugin-2.13.8-alpine-amd64.so']);
  });

  it('a directory with a colon is mounted with --mount', async () => {
    const odd = join(root, 'a:b,c');
    cpSync(FIXTURE, odd, { recursive: true });
    const r = await kpa([odd, '--no-lint', '--krakend', '2.13.8']);
    expect(r.code).toBe(0);
    expect(buildRun().slice(6, 10)).toEqual(['--mount', `type=bind,"source=${odd}",target=/app,readonly`, '--mount', `type=bind,"source=${odd}",target=/out`]);
    expect(leftovers(odd)).toEqual(['hello-plugin-2.13.8-alpine-amd64.so']);
  });

  it('-o outside the plugin directory: built inside (the mount), then moved there', async () => {
    const dist = join(root, 'dist dir');
    mkdirSync(dist);
    const r = await kpa(['plugin', '--no-lint', '-o', 'dist dir/auth.so']);
    expect(r.code).toBe(0);
    expect(readdirSync(dist)).toEqual(['auth.so']);
    expect(leftovers()).toEqual([]);
  });

  it('a package below the module root: the module is mounted, go runs in the package', async () => {
    const sub = join(plugin, 'cmd', 'server');
    mkdirSync(sub, { recursive: true });
    cpSync(join(FIXTURE, 'main.go'), join(sub, 'main.go'));
    const r = await kpa([sub, '--no-lint', '--krakend', '2.13.8']);
    expect(r.code).toBe(0);
    const run = buildRun();
    expect(run.slice(6, 10)).toEqual(['-v', `${plugin}:/app:ro`, '-v', `${sub}:/out`]);
    expect(run.slice(run.indexOf('-w'), run.indexOf('-w') + 2)).toEqual(['-w', '/app/cmd/server']);
    expect(existsSync(join(sub, 'hello-plugin-2.13.8-alpine-amd64.so'))).toBe(true);
  });

  it('refuses to build a plugin kpa lint says cannot load (exit 1, docker never called); --no-lint builds it anyway', async () => {
    const bad = join(root, 'pointer');
    cpSync(join(FIXTURE, '../pointer'), bad, { recursive: true });
    const r = await kpa([bad, '--krakend', '2.13.8']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pointer/main.go:10:25: error KPA101 HandlerRegisterer holds a pointer');
    expect(r.stderr).toContain('kpa build: not building: kpa lint found 1 error that would keep KrakenD from loading the plugin.');
    expect(fake.calls()).toEqual([]);
    expect(readdirSync(bad).sort()).toEqual(['go.mod', 'main.go']);

    const anyway = await kpa([bad, '--krakend', '2.13.8', '--no-lint']);
    expect(anyway.code).toBe(0);
    expect(buildRun()).toContain('-buildmode=plugin');
  });

  it.each(['server', 'client', 'modifier', 'middleware'])('a fresh `kpa init --kind %s` passes the lint step and builds', async (kind) => {
    const dir = join(root, `scaffold-${kind}`);
    const io = captureIO(root, env('ok'));
    expect(await main(['init', dir, '--kind', kind, '--krakend', '2.1.3'], io)).toBe(0);
    const r = await kpa([dir, '--krakend', '2.1.3', '--arch', 'arm64']);
    expect(r.stderr).not.toContain('not building');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toContain(`scaffold-${kind}-2.1.3-alpine-arm64.so`);
  });

  it('reads .kpa.json as kpa lint does: target defaults, rule settings, and stops on a broken file', async () => {
    const bad = join(root, 'pointer');
    cpSync(join(FIXTURE, '../pointer'), bad, { recursive: true });
    writeFileSync(join(bad, '.kpa.json'), '{ "target": { "krakend": "2.12.1", "arch": "arm64" }, "rules": { "KPA101": "warning" } }');
    const r = await kpa([bad]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning KPA101');
    expect(buildRun()).toContain('krakend/builder:2.12.1');
    expect(readdirSync(bad)).toContain('pointer-plugin-2.12.1-alpine-arm64.so');
    // A flag still wins over the settings.
    expect((await kpa([bad, '--dry-run', '--krakend', '2.13.8'])).stdout).toContain('krakend/builder:2.13.8 ');

    writeFileSync(join(bad, '.kpa.json'), '{ "target": { "krakend": "2.12.1" }, "rules": { "KPA101": "fatal" } }');
    const broken = await kpa([bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^kpa: pointer\/\.kpa\.json:1:59: rule KPA101/);
  });

  it('--manifest from a binary: no builder image named, so the golang image of its Go (and libc), saying so', async () => {
    const manifest = {
      krakend: '2.12.4-ee',
      source: 'binary',
      go: '1.24.9',
      modulePath: 'github.com/krakend/krakend-ee/v2',
      modules: {},
      alpine: '3.21',
      glibc: '2.36',
    };
    writeFileSync(join(root, 'ee.json'), JSON.stringify(manifest));
    const alpine = await kpa(['plugin', '--dry-run', '--manifest', 'ee.json']);
    expect(alpine.code).toBe(0);
    expect(alpine.stdout).toContain(' golang:1.24.9-alpine3.21 sh -c ');
    expect(alpine.stdout).toContain('-o /out/hello-plugin-2.12.4-ee-alpine-amd64.so .');
    expect(alpine.stderr).toContain('note: the manifest (read from a KrakenD binary) names no builder image');
    const generic = await kpa(['plugin', '--dry-run', '--manifest', 'ee.json', '--flavour', 'linux-generic']);
    expect(generic.stdout).toContain(' golang:1.24.9-bookworm go build ');
    writeFileSync(join(root, 'bad.json'), '{"krakend": 2}');
    const bad = await kpa(['plugin', '--dry-run', '--manifest', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--manifest bad.json: not a usable kpa manifest');
  });

  it('an image reference from a manifest, .kpa.json or --image is never an option: exit 2 naming the field, docker never called', async () => {
    const manifest = (builders: Record<string, string | null>, extra: Record<string, string> = {}) =>
      JSON.stringify({ krakend: '2.13.8-ee', source: 'binary', go: '1.25.12', modulePath: 'x', modules: {}, alpine: '3.23', glibc: '2.36', builders, ...extra });
    const cases: [string[], RegExp][] = [];
    writeFileSync(join(root, 'inject.json'), manifest({ alpine: '-v=/:/host', linuxGeneric: '-h', legacy: null }));
    cases.push([['plugin', '--manifest', 'inject.json'], /^kpa: --manifest inject\.json: "builders\.alpine": the builder image "-v=\/:\/host" starts with "-", so docker would read it as an option\n$/]);
    cases.push([['plugin', '--manifest', 'inject.json', '--flavour', 'linux-generic'], /^kpa: --manifest inject\.json: "builders\.linuxGeneric": the builder image "-h" starts with "-"/]);
    writeFileSync(join(root, 'go.json'), manifest({ alpine: null, linuxGeneric: null, legacy: null }, { go: '1.25 --privileged' }));
    cases.push([['plugin', '--manifest', 'go.json'], /^kpa: --manifest go\.json: "go" or "alpine" .*"golang:1\.25 --privileged-alpine3\.23" is not a Docker image reference/]);
    cases.push([['plugin', '--image', '-h'], /^kpa: --image "-h" starts with "-"/]);
    cases.push([['plugin', '--image=--privileged'], /^kpa: --image "--privileged" starts with "-"/]);
    cases.push([['plugin', '--image', 'Bad Image'], /^kpa: --image "Bad Image" is not a Docker image reference \(\[registry\[:port\]\/\]name\[:tag\]\[@digest\]/]);
    for (const [args, message] of cases) {
      for (const dry of [[], ['--dry-run']]) {
        const r = await kpa([...args, ...dry, '--no-lint']);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stdout).toBe('');
      }
    }
    writeFileSync(join(plugin, '.kpa.json'), '{\n  "build": { "image": "-v=/:/host" }\n}\n');
    const settings = await kpa(['plugin', '--no-lint']);
    expect(settings.code).toBe(2);
    expect(settings.stderr).toMatch(/^kpa: plugin\/\.kpa\.json:2:23: "build\.image" starts with "-", so docker would read it as an option/);
    expect(fake.calls()).toEqual([]);
  });

  it('--image and .kpa.json build.image choose the builder (the flag wins), and its Go is compared with the target\'s', async () => {
    writeFileSync(join(plugin, '.kpa.json'), '{ "build": { "image": "registry.example.com:5000/team/builder:2.13.8" } }');
    const fromSettings = await kpa(['plugin', '--no-lint', '--krakend', '2.13.8'], 'ok', { FAKE_DOCKER_GO: '1.25.12' });
    expect(fromSettings.code).toBe(0);
    expect(buildRun()).toContain('registry.example.com:5000/team/builder:2.13.8');
    expect(fromSettings.stderr).not.toContain('warning');
    rmSync(fake.logFile);
    const flag = await kpa(['plugin', '--no-lint', '--krakend', '2.13.8', '--image', 'mirror.example.com/krakend/builder:2.13.8'], 'ok', { FAKE_DOCKER_GO: '1.19.8' });
    expect(flag.code).toBe(0);
    expect(buildRun()).toContain('mirror.example.com/krakend/builder:2.13.8');
    expect(flag.stderr).toContain(
      'warning: mirror.example.com/krakend/builder:2.13.8 has Go 1.19.8 but the target KrakenD was built with Go 1.25.12: the .so will not load in that KrakenD',
    );
    expect(flag.stderr).toContain('krakend/builder:2.13.8 matches it.');
  });

  it("KrakenD's own builder is checked too: its Go has differed from its release's (spec §7.2 #11), and kpa says so", async () => {
    const r = await kpa(['plugin', '--no-lint', '--krakend', '2.7.0'], 'ok', { FAKE_DOCKER_GO: '1.22.2' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: krakend/builder:2.7.0 has Go 1.22.2 but the target KrakenD was built with Go 1.22.5: the .so will not load in that KrakenD');
    expect(r.stderr).not.toContain('matches it');
  });

  it('a module path that reads as an option makes a plain output name, never "-…"', async () => {
    writeFileSync(join(plugin, 'go.mod'), 'module -v=x\n\ngo 1.19\n');
    const r = await kpa(['plugin', '--no-lint', '--dry-run', '--krakend', '2.13.8']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' -o /out/v_x-2.13.8-alpine-amd64.so .');
  });

  it('usage errors exit 2: unknown release, no go.mod, bad flavour', async () => {
    expect((await kpa(['plugin', '--krakend', '9.9.9'])).stderr).toMatch(/unknown KrakenD version "9\.9\.9"/);
    const bare = join(root, 'bare');
    mkdirSync(bare);
    const r = await kpa([bare]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no go.mod in');
    expect((await kpa(['plugin', '--flavour', 'debian'])).code).toBe(2);
    expect(fake.calls()).toEqual([]);
  });
});
