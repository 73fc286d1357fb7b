/**
 * `kpa build` on a REAL Docker engine (issue #16): the builds, the files they leave and the errors are the
 * engine's, not a fake's. test/docker/engine.ts starts dockerd when none answers and makes the local builder
 * image (Debian bookworm's Go, nothing pulled: no registry is reachable) once. kpa runs as a process, as a
 * non-root user in the docker group, so what the build writes must be that user's. A missing engine fails
 * these tests; they never skip.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { buildLoader, runLoader } from '../../builder/testing/go-loader.js';
import { runBuildCommand } from '../../server/commands.js';
import { ensureBuilderImage, ensureDockerEngine, ensureUser, stopDockerEngine, type TestUser } from '../docker/engine.js';

const KPA = join(import.meta.dirname, '../../bin/kpa.js');
const HELLO = join(import.meta.dirname, '../../fixtures/build/hello');
const BROKEN = join(import.meta.dirname, '../../fixtures/build/broken');
/** A release whose Go (1.19.3) differs from the image's Debian Go (1.19.x, x ≠ 3), so the warning must show. */
const KRAKEND = '2.1.3';

let image: string;
let user: TestUser;
let outsider: TestUser;
let root: string;
let loader: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * `node bin/kpa.js …` as `as`, in `cwd`; `onStart` sees the child as soon as it runs. setpriv (util-linux) sets
 * the user's groups too, as a login would (spawn's uid/gid would keep root's groups and drop the docker group);
 * it execs node, so the pid is kpa's.
 */
function kpa(as: TestUser, cwd: string, args: string[], env: Record<string, string> = {}, onStart?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--init-groups', process.execPath, KPA, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: `/home/${as.name}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
    onStart?.(child.pid!);
  });
}

/** A directory of `as`'s own, for kpa to work in. */
function ownedDir(as: TestUser, name: string, from?: string): string {
  const dir = join(root, name);
  if (from) cpSync(from, dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  chownTree(dir, as);
  return dir;
}

function chownTree(path: string, as: TestUser): void {
  chownSync(path, as.uid, as.gid);
  if (lstatSync(path).isDirectory()) for (const f of readdirSync(path)) chownTree(join(path, f), as);
}

/** Every path under dir (itself included) with its owner. */
function owners(dir: string): [string, number][] {
  const out: [string, number][] = [[dir, lstatSync(dir).uid]];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (lstatSync(p).isDirectory()) out.push(...owners(p));
    else out.push([p, lstatSync(p).uid]);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return owners(dir).map(([p]) => p.slice(dir.length)).sort();
}

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** One sentence from kpa on failure: a `kpa build:` line, never a stack trace. */
function expectOneClearLine(r: Run): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.split('\n').filter((l) => l.startsWith('kpa build: '))).toHaveLength(1);
}

beforeAll(async () => {
  await ensureDockerEngine();
  image = await ensureBuilderImage();
  user = ensureUser('kpa-docker-user', true);
  outsider = ensureUser('kpa-no-docker-user', false);
  root = mkdtempSync(join(tmpdir(), 'kpa-build-docker-'));
  chmodSync(root, 0o755);
  loader = buildLoader(root);
}, 20 * 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  stopDockerEngine();
});

describe('kpa build on a real Docker engine', () => {
  it('the walkthrough as a docker-group user: kpa init → kpa lint → kpa build --image → kpa test-plugin, and the loader opens the plugin', async () => {
    const work = ownedDir(user, 'walkthrough');
    const init = await kpa(user, work, ['init', 'auth', '--kind', 'server', '--krakend', KRAKEND]);
    expect(init.code, init.stderr).toBe(0);
    const lint = await kpa(user, join(work, 'auth'), ['lint', '.', '--krakend', KRAKEND]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);

    const build = await kpa(user, join(work, 'auth'), ['build', '--image', image, '--krakend', KRAKEND]);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toBe(`built auth-${KRAKEND}-alpine-amd64.so\n`);
    // The image's Go is the image's to say: kpa asks it, and names the builder that matches the target.
    const imageGo = /go version go(\S+)/.exec(docker('run', '--rm', image, 'go', 'version'))![1];
    expect(imageGo).not.toBe('1.19.3');
    expect(build.stderr).toContain(
      `warning: ${image} has Go ${imageGo} but the target KrakenD was built with Go 1.19.3: the .so will not load in that KrakenD`,
    );
    expect(build.stderr).toContain(`krakend/builder:${KRAKEND} matches it. Building as asked.`);

    const so = join(work, 'auth', `auth-${KRAKEND}-alpine-amd64.so`);
    const test = await kpa(user, join(work, 'auth'), ['test-plugin', '-s', so]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout + test.stderr).toContain(`[OK] SERVER\tauth-${KRAKEND}-alpine-amd64.so`);

    // The Go runtime agrees: a KrakenD-like loader built with this machine's Go (the image's Debian Go) opens it.
    const server = runLoader(loader, so).find((r) => r.kind === 'server')!;
    expect(server).toMatchObject({ loads: true, error: '' });
    expect(server.names.length).toBe(1);

    // Every file the build (and kpa) wrote is the user's, none root's; nothing temporary is left.
    for (const [path, uid] of owners(work)) expect([path, uid]).toEqual([path, user.uid]);
    expect(readdirSync(join(work, 'auth')).filter((f) => f.startsWith('.kpa-build-'))).toEqual([]);

    // Module downloads live in the user's named volume at the builders' GOMODCACHE, which the user owns.
    const owner = execFileSync('docker', ['run', '--rm', '-v', `kpa-go-mod-${user.uid}:/go/pkg/mod`, image, 'stat', '-c', '%u', '/go/pkg/mod'], { encoding: 'utf8' });
    expect(owner.trim()).toBe(String(user.uid));
  }, 15 * 60_000);

  it('a nested plugin (up/go.mod, plugin in up/a/b/plugin): the module is read-only, only the output directory writable, as --dry-run says', async () => {
    const up = ownedDir(user, 'up');
    writeFileSync(join(up, 'go.mod'), 'module example.com/up\n\ngo 1.19\n');
    mkdirSync(join(up, 'a/b/plugin'), { recursive: true });
    cpSync(join(HELLO, 'main.go'), join(up, 'a/b/plugin/main.go'));
    writeFileSync(join(up, 'secret.txt'), 'not for the build to change\n');
    chownTree(up, user);
    const plugin = join(up, 'a/b/plugin');

    const dry = await kpa(user, root, ['build', plugin, '--image', image, '--krakend', KRAKEND, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`mount: ${up} → /app (read-only): the module the plugin is built from`);
    expect(dry.stderr).toContain(`mount: ${plugin} → /out (writable): where go build writes the .so; the only host directory the build can write to`);
    expect(dry.stdout).toContain(` -v ${up}:/app:ro -v ${plugin}:/out `);

    // The engine enforces that mount set: the planned container cannot write into the module, only into /out.
    const planned = JSON.parse((await kpa(user, root, ['build', plugin, '--image', image, '--krakend', KRAKEND, '--dry-run', '--format', 'json'])).stdout) as { command: string[] };
    const upToImage = planned.command.slice(1, planned.command.indexOf(image) + 1);
    const probe = (path: string) => spawnSync('docker', [...upToImage, 'touch', path], { encoding: 'utf8' });
    const intoModule = probe('/app/secret.txt');
    expect(intoModule.status).not.toBe(0);
    expect(intoModule.stderr).toContain('Read-only file system');
    expect(probe('/out/probe').status).toBe(0);
    rmSync(join(plugin, 'probe'));

    const before = filesUnder(up);
    const build = await kpa(user, root, ['build', plugin, '--image', image, '--krakend', KRAKEND]);
    expect(build.code, build.stderr).toBe(0);
    expect(filesUnder(up)).toEqual([...before, `/a/b/plugin/up-${KRAKEND}-alpine-amd64.so`].sort());
    expect(readFileSync(join(up, 'secret.txt'), 'utf8')).toBe('not for the build to change\n');
    expect(runLoader(loader, join(plugin, `up-${KRAKEND}-alpine-amd64.so`)).find((r) => r.kind === 'server')).toMatchObject({ loads: true });
  }, 15 * 60_000);

  it('docker errors each have their exit code and one sentence: daemon unreachable 6, socket permission 6, image unpullable 7, no go in the image 8, compile error 4, disk full 9', async () => {
    const plugin = ownedDir(user, 'errors', HELLO);
    const build = (as: TestUser, args: string[], env: Record<string, string> = {}) => kpa(as, plugin, ['build', '.', '--no-lint', '--krakend', KRAKEND, ...args], env);

    const unreachable = await build(user, ['--image', image], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(unreachable.code, unreachable.stderr).toBe(6);
    expect(unreachable.stderr).toContain(
      'kpa build: the Docker daemon is not reachable (Cannot connect to the Docker daemon at unix:///nonexistent.sock. Is the docker daemon running?). Start Docker',
    );
    expectOneClearLine(unreachable);

    const outsiderDir = ownedDir(outsider, 'outsider', HELLO);
    const denied = await kpa(outsider, outsiderDir, ['build', '.', '--no-lint', '--image', image]);
    expect(denied.code, denied.stderr).toBe(6);
    expect(denied.stderr).toMatch(/kpa build: you may not use the Docker daemon's socket \(.*permission denied while trying to connect.*\)\. Add your user to the docker group/);
    expectOneClearLine(denied);

    const unpullable = await build(user, ['--image', 'kpa-test/never-built:1']);
    expect(unpullable.code, unpullable.stderr).toBe(7);
    expect(unpullable.stderr).toMatch(/kpa build: could not pull the builder image kpa-test\/never-built:1 \(Error response from daemon: .+\)\. Check your network/);
    expectOneClearLine(unpullable);

    // An image without go: made here from the builder image (docker commit needs no registry).
    spawnSync('docker', ['rm', '--force', 'kpa-test-no-go'], { encoding: 'utf8' });
    docker('run', '--name', 'kpa-test-no-go', image, 'rm', '/usr/bin/go');
    docker('commit', 'kpa-test-no-go', 'kpa-test/no-go:1');
    docker('rm', 'kpa-test-no-go');
    const noGo = await build(user, ['--image', 'kpa-test/no-go:1']);
    expect(noGo.code, noGo.stderr).toBe(8);
    expect(noGo.stderr).toContain('warning: could not read the Go version of kpa-test/no-go:1');
    expect(noGo.stderr).toMatch(/kpa build: the builder image kpa-test\/no-go:1 could not run go \(exit 127\): .*executable file not found in \$PATH/);
    expectOneClearLine(noGo);

    const broken = ownedDir(user, 'broken', BROKEN);
    const compile = await kpa(user, broken, ['build', '.', '--no-lint', '--image', image, '--krakend', KRAKEND]);
    expect(compile.code, compile.stderr).toBe(4);
    // go's error, inside the container at /app, is reported at the host file, in UTF-16 columns.
    expect(compile.stdout).toMatch(/^main\.go:10:\d+: error go-build undefined: undefinedThing/m);
    expect(compile.stderr).toContain('kpa build: go build failed (exit 2) with 1 compiler error; no plugin was written.');
    expect(readdirSync(broken).sort()).toEqual(['go.mod', 'main.go']);

    // A full disk where the .so is written: a 1 MB tmpfs of the user's as the output directory.
    const full = join(root, 'full');
    mkdirSync(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=1m,uid=${user.uid},gid=${user.gid}`, 'tmpfs', full]);
    try {
      const noSpace = await build(user, ['--image', image, '-o', join(full, 'hello.so')]);
      expect(noSpace.code, noSpace.stderr).toBe(9);
      expect(noSpace.stderr).toMatch(/kpa build: no space left on the device \(.*no space left on device.*\)\. Free space/);
      expectOneClearLine(noSpace);
      expect(readdirSync(full)).toEqual([]);
    } finally {
      execFileSync('umount', [full]);
    }
  }, 15 * 60_000);

  it("the language server's build command reads .kpa.json build.image, and refuses one that reads as an option", async () => {
    const plugin = ownedDir(user, 'server-build', HELLO);
    const resolved = resolveTarget({ krakend: KRAKEND });
    if ('error' in resolved) throw new Error(resolved.error);
    writeFileSync(join(plugin, '.kpa.json'), JSON.stringify({ build: { image } }));
    const lines: string[] = [];
    const code = await runBuildCommand(plugin, resolved.target, process.env, (l) => lines.push(l));
    expect(code, lines.join('\n')).toBe(0);
    expect(lines).toContain(`Building hello-plugin-${KRAKEND}-alpine-amd64.so in ${image} for KrakenD ${KRAKEND} (alpine, amd64)`);
    expect(runLoader(loader, join(plugin, `hello-plugin-${KRAKEND}-alpine-amd64.so`)).find((r) => r.kind === 'server')).toMatchObject({ loads: true });

    writeFileSync(join(plugin, '.kpa.json'), '{"build": {"image": "-v=/:/host"}}');
    const refused: string[] = [];
    expect(await runBuildCommand(plugin, resolved.target, process.env, (l) => refused.push(l))).toBe(2);
    expect(refused).toEqual(['kpa build: .kpa.json:1:21: "build.image" starts with "-", so docker would read it as an option (kpa lint lists every problem)']);
  }, 15 * 60_000);

  it('Ctrl-C during a running build leaves no container and no file behind', async () => {
    const plugin = ownedDir(user, 'slow', HELLO);
    // Enough code that compiling it takes seconds, different on every run so no build cache can skip it.
    const salt = `${Date.now()}${Math.random()}`.replace(/\D/g, '');
    const funcs = Array.from({ length: 3000 }, (_, i) => `func slow${i}(x int) int { y := x*${i} + ${salt.slice(0, 9)}; for j := 0; j < ${i % 7}; j++ { y ^= y << 1 }; return y }`);
    writeFileSync(join(plugin, 'slow.go'), `package main\n\n${funcs.join('\n')}\n`);
    chownTree(plugin, user);

    let pid = 0;
    const running = kpa(user, plugin, ['build', '.', '--no-lint', '--image', image, '--krakend', KRAKEND], {}, (p) => (pid = p));
    const containers = () => docker('ps', '--all', '--quiet', '--filter', `name=kpa-build-${pid}-`);
    const until = Date.now() + 5 * 60_000;
    // Wait for the build's own container (its name carries kpa's pid), then a moment more for go to be compiling.
    while (!containers() || !docker('ps', '--quiet', '--filter', `name=kpa-build-${pid}-`, '--filter', 'status=running')) {
      if (Date.now() > until) throw new Error('the build container never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(pid, 'SIGINT');
    const r = await running;
    expect(r.signal ?? r.code, r.stderr).toBe(r.signal ? 'SIGINT' : 130);
    expect(r.stderr).toContain('kpa build: interrupted; no plugin was written.');
    expect(containers()).toBe('');
    expect(readdirSync(plugin).sort()).toEqual(['go.mod', 'main.go', 'slow.go']);
    expect(existsSync(join(plugin, `hello-plugin-${KRAKEND}-alpine-amd64.so`))).toBe(false);
  }, 15 * 60_000);
});
