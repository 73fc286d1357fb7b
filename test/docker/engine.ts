/**
 * A real Docker engine and a local builder image for the tests that prove `kpa build` end to end
 * (test/e2e/build-docker.test.ts). Self-sufficient on a fresh Debian machine run as root, as in .ci/run: it
 * starts dockerd when none answers, and makes the builder image once when it is missing (no registry is
 * reachable: debootstrap a Debian bookworm with its golang-go, then `docker import`). Anything missing is a
 * thrown error with what to install: a test that needs Docker fails, it never skips.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The local builder image: Debian bookworm's Go (1.19.x), gcc and libc6-dev, nothing pulled. */
export const TEST_BUILDER_IMAGE = 'kpa-test/builder:bookworm';

const isRoot = () => process.getuid?.() === 0;

function docker(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('docker', args, { encoding: 'utf8', env });
}

function engineAnswers(): boolean {
  return docker(['version', '--format', '{{.Server.Version}}']).status === 0;
}

function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** The dockerd this process started (stopped by stopDockerEngine), or null when one was already running. */
let started: ChildProcess | null = null;

/** A Docker engine answering on the default socket: the running one, or dockerd started here (as root). */
export async function ensureDockerEngine(): Promise<void> {
  if (!onPath('docker')) throw new Error('the docker client is not on PATH: install docker.io (apt-get install docker.io)');
  if (engineAnswers()) return;
  if (!isRoot()) throw new Error('no Docker engine answers and only root can start dockerd here: start Docker, or run the tests as root');
  if (!onPath('dockerd')) throw new Error('dockerd is not on PATH: install docker.io (apt-get install docker.io)');
  const log = openSync(join(tmpdir(), 'kpa-test-dockerd.log'), 'a');
  // No bridge and no iptables: the tests need no container network, and a CI machine may not allow either.
  started = spawn('dockerd', ['--iptables=false', '--bridge=none'], { stdio: ['ignore', log, log], detached: true });
  started.unref();
  for (let i = 0; i < 600; i++) {
    if (engineAnswers()) return;
    if (started.exitCode !== null) throw new Error(`dockerd exited with ${started.exitCode}; see ${join(tmpdir(), 'kpa-test-dockerd.log')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dockerd did not answer within 60 s; see ${join(tmpdir(), 'kpa-test-dockerd.log')}`);
}

/** Stops the dockerd ensureDockerEngine started, if it did. */
export function stopDockerEngine(): void {
  if (started?.pid && started.exitCode === null) process.kill(started.pid, 'SIGTERM');
  started = null;
}

/** The Debian archive apt already uses (deb822 `URIs:` or a `deb URL bookworm` line), else Debian's own. */
function debianMirror(): string {
  const files = ['/etc/apt/sources.list', ...safeList('/etc/apt/sources.list.d').map((f) => `/etc/apt/sources.list.d/${f}`)];
  for (const file of files) {
    if (!/\.(list|sources)$/.test(file) || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const deb822 = /^URIs:\s*(\S+)\s*\nSuites:\s*bookworm\b/m.exec(text);
    if (deb822) return deb822[1];
    const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(text);
    if (line) return line[1];
  }
  return 'http://deb.debian.org/debian';
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * TEST_BUILDER_IMAGE, made once per engine when missing (about 2.5 minutes: debootstrap, then docker import).
 * A lock directory keeps two test processes from making it at once.
 */
export async function ensureBuilderImage(): Promise<string> {
  if (docker(['image', 'inspect', TEST_BUILDER_IMAGE]).status === 0) return TEST_BUILDER_IMAGE;
  const lock = join(tmpdir(), 'kpa-test-builder-image.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (docker(['image', 'inspect', TEST_BUILDER_IMAGE]).status === 0) return TEST_BUILDER_IMAGE;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    if (docker(['image', 'inspect', TEST_BUILDER_IMAGE]).status === 0) return TEST_BUILDER_IMAGE;
    if (!isRoot()) throw new Error(`the image ${TEST_BUILDER_IMAGE} is missing and only root can debootstrap it`);
    if (!onPath('debootstrap')) throw new Error(`the image ${TEST_BUILDER_IMAGE} is missing and debootstrap is not on PATH: apt-get install debootstrap`);
    const root = mkdtempSync(join(tmpdir(), 'kpa-builder-rootfs-'));
    try {
      execFileSync('debootstrap', ['--variant=minbase', '--include=golang-go,gcc,libc6-dev,ca-certificates', 'bookworm', root, debianMirror()], {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 20 * 60_000,
      });
      execFileSync('sh', ['-c', 'tar -C "$1" -c . | docker import - "$2"', 'sh', root, TEST_BUILDER_IMAGE], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return TEST_BUILDER_IMAGE;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
}

/** A local user (created when missing, as root), in the docker group or not: who runs `kpa build` in the tests. */
export function ensureUser(name: string, inDockerGroup: boolean): TestUser {
  if (spawnSync('id', ['-u', name]).status !== 0) {
    if (!isRoot()) throw new Error(`the test user ${name} does not exist and only root can create it`);
    execFileSync('useradd', ['--create-home', ...(inDockerGroup ? ['--groups', 'docker'] : []), name]);
  }
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  const groups = execFileSync('id', ['-Gn', name], { encoding: 'utf8' }).trim().split(/\s+/);
  if (groups.includes('docker') !== inDockerGroup) throw new Error(`the test user ${name} is ${inDockerGroup ? 'not ' : ''}in the docker group`);
  return { name, uid, gid };
}
