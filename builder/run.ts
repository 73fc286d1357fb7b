/**
 * Carries out a BuildPlan: the only file of kpa that spawns docker or go. Every argument travels as an
 * argv array (no shell); output is streamed line by line as it arrives; each way a build can fail is a
 * distinct outcome with its own exit code; the output file appears only when the build succeeded
 * (go writes a temporary name in the output directory, renamed on success). In Docker the container runs as the
 * user (so every file it writes is theirs), under a name kpa removes when the build is interrupted.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Diagnostic } from '../analyzers/diagnostics.js';
import { parseGoBuildOutput } from './go-errors.js';
import { CONTAINER_DIR, type BuildPlan } from './plan.js';

/** kpa build's exit codes: 0–2 follow every kpa command; the rest name one failure each. */
export const BUILD_EXIT = {
  built: 0,
  /** `kpa lint` found error-level problems, so nothing was built. */
  lintFindings: 1,
  usage: 2,
  /** go build failed (compiler errors are printed and returned as diagnostics). */
  buildFailed: 4,
  /** docker (or go, with --local) is not on PATH. */
  toolMissing: 5,
  dockerDaemon: 6,
  imagePull: 7,
  /** docker could not start the container for another reason. */
  container: 8,
  /** No space left on the device (the output's, or Docker's storage). */
  noSpace: 9,
  /** Stopped by the user (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

export type BuildFailure = 'tool-missing' | 'docker-daemon' | 'image-pull' | 'container' | 'no-space' | 'build-failed' | 'interrupted';

const EXIT_OF: Record<BuildFailure, number> = {
  'tool-missing': BUILD_EXIT.toolMissing,
  'docker-daemon': BUILD_EXIT.dockerDaemon,
  'image-pull': BUILD_EXIT.imagePull,
  container: BUILD_EXIT.container,
  'no-space': BUILD_EXIT.noSpace,
  'build-failed': BUILD_EXIT.buildFailed,
  interrupted: BUILD_EXIT.interrupted,
};

export type BuildPhase = 'check' | 'pull' | 'build';

export interface BuildLine {
  phase: BuildPhase;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface RunBuildOptions {
  /** Absolute plugin directory: go build's working directory. */
  dir: string;
  /** Absolute path of the .so to produce; a temporary name beside it is written first. */
  output: string;
  /** The plan for a given output path; called with the temporary one. */
  plan: (output: string) => BuildPlan;
  /** Go version of the target, compared with the builder image's own `go version`. */
  targetGo?: string;
  /** The image that matches the target, named when another image's Go differs. */
  matchingImage?: string;
  /** The environment the user runs kpa in (PATH, DOCKER_HOST, GOFLAGS …). */
  env: Record<string, string | undefined>;
  onLine?: (line: BuildLine) => void;
  onWarning?: (message: string) => void;
  /** Aborting stops the running process; the temporary output is removed once it has exited. */
  abort?: AbortSignal;
}

export interface BuildOutcome {
  ok: boolean;
  exitCode: number;
  failure: BuildFailure | null;
  /** One sentence for the user: what happened and, on failure, what to do. */
  message: string;
  output: string | null;
  /** Go compiler errors mapped to the host's files. */
  diagnostics: Diagnostic[];
  /** Every process started, program first. */
  ran: string[][];
}

/** PATH lookup the way execvp does it, against the given environment rather than kpa's own. */
export function findExecutable(name: string, env: Record<string, string | undefined>): string | null {
  if (name.includes('/')) return isExecutableFile(name) ? name : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir || '.', name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: BuildLine[];
  /** Set when the process could not be started at all. */
  spawnError: NodeJS.ErrnoException | null;
}

/** Keeps memory bounded on a runaway build; the user saw every line live anyway. */
const MAX_KEPT_LINES = 20_000;

export function runProcess(
  program: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; phase: BuildPhase; onLine?: (line: BuildLine) => void; abort?: AbortSignal },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const lines: BuildLine[] = [];
    const emit = (line: BuildLine) => {
      if (lines.length < MAX_KEPT_LINES) lines.push(line);
      options.onLine?.(line);
    };
    let child;
    try {
      child = spawn(program, [...args], {
        cwd: options.cwd,
        env: options.env as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        signal: options.abort,
      });
    } catch (err) {
      resolve({ code: null, signal: null, lines, spawnError: err as NodeJS.ErrnoException });
      return;
    }
    const splitters = (['stdout', 'stderr'] as const).map((stream) => {
      let pending = '';
      const source = child[stream]!;
      source.setEncoding('utf8');
      source.on('data', (chunk: string) => {
        pending += chunk;
        let nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
          emit({ phase: options.phase, stream, text: pending.slice(0, nl).replace(/\r$/, '') });
          pending = pending.slice(nl + 1);
        }
      });
      return () => {
        if (pending) emit({ phase: options.phase, stream, text: pending.replace(/\r$/, '') });
        pending = '';
      };
    });
    let spawnError: NodeJS.ErrnoException | null = null;
    child.on('error', (err) => {
      // An abort is reported through the exit signal, not as a failure to start.
      if ((err as Error).name !== 'AbortError') spawnError = err;
    });
    child.on('close', (code, signal) => {
      for (const flush of splitters) flush();
      resolve({ code, signal, lines, spawnError });
    });
  });
}

const DAEMON_TEXT = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|permission denied while trying to connect|dial unix .*docker\.sock/i;
const PERMISSION_TEXT = /permission denied while trying to connect/i;
const NO_SPACE_TEXT = /no space left on device/i;
const PULL_TEXT = /Unable to find image|pull access denied|manifest unknown|manifest for \S+ not found|repository does not exist|no matching manifest|not found: manifest|failed to resolve reference|toomanyrequests/i;

function lastText(lines: readonly BuildLine[], stream?: 'stdout' | 'stderr'): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if ((!stream || l.stream === stream) && l.text.trim() && !/^Run 'docker .* --help'/.test(l.text)) return l.text.trim().replace(/^docker: /, '');
  }
  return '';
}

function failure(kind: BuildFailure, message: string, ran: string[][], diagnostics: Diagnostic[] = []): BuildOutcome {
  return { ok: false, exitCode: EXIT_OF[kind], failure: kind, message, output: null, diagnostics, ran };
}

function describeExit(r: ProcessResult): string {
  return r.signal ? `signal ${r.signal}` : `exit ${r.code}`;
}

/** `-trimpath` in GOFLAGS would make the plugin unloadable (golang/go#68349: KrakenD is built without it); local builds drop it. */
export function localBuildEnv(
  plan: BuildPlan,
  env: Record<string, string | undefined>,
): { env: Record<string, string | undefined>; warnings: string[] } {
  const out: Record<string, string | undefined> = { ...env, ...plan.env };
  const warnings: string[] = [];
  const flags = env.GOFLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const kept = flags.filter((f) => !/^-?-trimpath(=.*)?$/.test(f));
  if (kept.length !== flags.length) {
    warnings.push('GOFLAGS asks for -trimpath, which KrakenD cannot load (a plugin must be built without it); kpa removed it for this build.');
    out.GOFLAGS = kept.join(' ');
  }
  return { env: out, warnings };
}

export async function runBuild(options: RunBuildOptions): Promise<BuildOutcome> {
  const tempName = `.kpa-build-${randomBytes(6).toString('hex')}.so`;
  const tempPath = join(dirname(options.output), tempName);
  const plan = options.plan(tempPath);
  const ran: string[][] = [];
  const program = findExecutable(plan.command, options.env);
  if (!program) {
    return failure(
      'tool-missing',
      plan.mode === 'docker'
        ? 'docker was not found on PATH. Install Docker (or put its client on PATH), or build with the Go toolchain on PATH: kpa build --local.'
        : 'go was not found on PATH. Install the Go version of your KrakenD release, or build in the KrakenD builder image (kpa build without --local).',
      ran,
    );
  }
  const stopContainer = plan.mode === 'docker' ? containerStopper(program, plan, options, ran) : null;
  try {
    let env = options.env;
    if (plan.mode === 'docker') {
      const ready = await prepareDocker(program, plan, options, ran);
      if (options.abort?.aborted) return interrupted(ran);
      if (ready) return ready;
    } else {
      // A missing cross compiler would surface as a cgo error deep in go's output; say it plainly instead.
      if (plan.env.CC && !findExecutable(plan.env.CC, options.env)) {
        return failure(
          'tool-missing',
          `the arm64 cross compiler ${plan.env.CC} is not on PATH. Install it, or build in the KrakenD builder image (kpa build without --local), which has it.`,
          ran,
        );
      }
      const local = localBuildEnv(plan, options.env);
      env = local.env;
      for (const w of local.warnings) options.onWarning?.(w);
    }
    ran.push([plan.command, ...plan.args]);
    options.abort?.addEventListener('abort', () => void stopContainer?.(), { once: true });
    const result = await runProcess(program, plan.args, { cwd: plan.cwd, env, phase: 'build', onLine: options.onLine, abort: options.abort });
    if (options.abort?.aborted) {
      await stopContainer?.();
      return interrupted(ran);
    }
    if (result.spawnError) {
      return failure('tool-missing', `${plan.command} could not be started: ${result.spawnError.message}.`, ran);
    }
    const all = result.lines.map((l) => l.text).join('\n');
    if (plan.mode === 'docker' && result.code === 125) {
      // docker's own failure (not the container's): the daemon or the image went away since the checks.
      const text = lastText(result.lines, 'stderr');
      if (DAEMON_TEXT.test(all)) return daemonFailure(text, ran);
      if (PULL_TEXT.test(all)) return pullFailure(plan.image!, text, ran);
      if (NO_SPACE_TEXT.test(all)) return noSpaceFailure(text, ran);
      return failure('container', `docker could not run the build container (exit 125): ${text || 'no message'}.`, ran);
    }
    if (plan.mode === 'docker' && (result.code === 126 || result.code === 127)) {
      return failure('container', `the builder image ${plan.image} could not run go (exit ${result.code}): ${lastText(result.lines) || 'no message'}.`, ran);
    }
    if (result.code !== 0) {
      if (NO_SPACE_TEXT.test(all)) return noSpaceFailure(lastMatching(result.lines, NO_SPACE_TEXT), ran);
      const diagnostics = parseGoBuildOutput(
        result.lines.map((l) => l.text),
        {
          buildCwd: plan.mode === 'docker' ? containerCwd(plan) : plan.cwd,
          mount: plan.mode === 'docker' ? { container: CONTAINER_DIR, host: mountedHostDir(plan) } : undefined,
          readText: readTextOrNull,
        },
      );
      const count = diagnostics.length ? ` with ${diagnostics.length} compiler error${diagnostics.length === 1 ? '' : 's'}` : '';
      return failure('build-failed', `go build failed (${describeExit(result)})${count}; no plugin was written.`, ran, diagnostics);
    }
    if (!existsSync(tempPath)) {
      return failure('build-failed', `go build reported success but wrote no ${tempName} in ${dirname(options.output)}; no plugin was written.`, ran);
    }
    moveIntoPlace(tempPath, options.output);
    return { ok: true, exitCode: BUILD_EXIT.built, failure: null, message: `built ${options.output}`, output: options.output, diagnostics: [], ran };
  } finally {
    rmSync(tempPath, { force: true });
  }
}

/**
 * Removes the build container by name (docker rm --force): killing the docker client alone would leave it
 * running. Its own process, never aborted, so it runs while kpa is being interrupted; called on the abort and
 * again once the client has exited, for a container the daemon was still creating at the first call.
 */
function containerStopper(program: string, plan: BuildPlan, options: RunBuildOptions, ran: string[][]): (() => Promise<void>) | null {
  const nameAt = plan.args.indexOf('--name');
  if (nameAt < 0) return null;
  return async () => {
    const args = ['rm', '--force', plan.args[nameAt + 1]];
    ran.push(['docker', ...args]);
    await runProcess(program, args, { cwd: plan.cwd, env: options.env, phase: 'check' });
  };
}

/**
 * Before the build: the daemon is reachable, the image present (pulled if needed), its Go compared with the
 * target's, and the cache volumes writable by the user. Returns a failure outcome, or null when ready.
 */
async function prepareDocker(program: string, plan: BuildPlan, options: RunBuildOptions, ran: string[][]): Promise<BuildOutcome | null> {
  const common = { cwd: plan.cwd, env: options.env, abort: options.abort };
  const docker = (args: string[], phase: BuildPhase = 'check', onLine?: (line: BuildLine) => void) => {
    ran.push(['docker', ...args]);
    return runProcess(program, args, { ...common, phase, onLine });
  };
  const version = await docker(['version', '--format', '{{.Server.Version}}']);
  if (version.spawnError) return failure('tool-missing', `docker could not be started: ${version.spawnError.message}.`, ran);
  if (version.code !== 0) return daemonFailure(lastText(version.lines, 'stderr') || lastText(version.lines), ran);

  const image = plan.image!;
  const platform = plan.args.includes('--platform') ? plan.args[plan.args.indexOf('--platform') + 1] : null;
  const present = !platform && (await docker(['image', 'inspect', '--format', '{{.Id}}', image])).code === 0;
  if (!present) {
    const pull = await docker(platform ? ['pull', '--platform', platform, image] : ['pull', image], 'pull', options.onLine);
    if (pull.code !== 0) {
      const all = pull.lines.map((l) => l.text).join('\n');
      if (DAEMON_TEXT.test(all)) return daemonFailure(lastText(pull.lines, 'stderr'), ran);
      if (NO_SPACE_TEXT.test(all)) return noSpaceFailure(lastText(pull.lines, 'stderr'), ran);
      return pullFailure(image, lastText(pull.lines, 'stderr') || lastText(pull.lines), ran);
    }
  }
  if (options.abort?.aborted) return null;
  if (options.targetGo && !platform) await checkImageGo(docker, plan, options);
  return prepareCacheVolumes(docker, plan, ran);
}

/**
 * The Go of the image decides whether the plugin loads (runtime/plugin.go compares every shared package's hash):
 * a custom image's Go is unknown to kpa, and KrakenD's own builders have differed from their release (spec §7.2 #11).
 */
async function checkImageGo(docker: DockerCall, plan: BuildPlan, options: RunBuildOptions): Promise<void> {
  const r = await docker(['run', '--rm', plan.image!, 'go', 'version']);
  const m = /\bgo version go(\S+)/.exec(r.lines.map((l) => l.text).join('\n'));
  if (r.code !== 0 || !m) {
    options.onWarning?.(`could not read the Go version of ${plan.image} (\`go version\` in it: ${lastText(r.lines) || `exit ${r.code}`}); the build will tell.`);
    return;
  }
  const have = m[1];
  if (have === options.targetGo) return;
  const better = options.matchingImage && options.matchingImage !== plan.image ? ` ${options.matchingImage} matches it.` : '';
  options.onWarning?.(
    `${plan.image} has Go ${have} but the target KrakenD was built with Go ${options.targetGo}: the .so will not load in that KrakenD ` +
      `("plugin was built with a different version of package …").${better} Building as asked.`,
  );
}

type DockerCall = (args: string[], phase?: BuildPhase, onLine?: (line: BuildLine) => void) => Promise<ProcessResult>;

/** The label kpa puts on a cache volume it made and handed to a user: such a volume needs no chown again. */
const VOLUME_USER_LABEL = 'kpa.user';

/**
 * A new cache volume belongs to root; hand it to the build's user (chown as root in the image), so Go can write
 * into it. A volume kpa made for the user says so in a label; any other (made by hand, or by a `docker run` that
 * named it first) is handed over again on each build.
 */
async function prepareCacheVolumes(docker: DockerCall, plan: BuildPlan, ran: string[][]): Promise<BuildOutcome | null> {
  const userAt = plan.args.indexOf('--user');
  const user = userAt < 0 ? null : plan.args[userAt + 1];
  for (const volume of plan.mounts.filter((m) => m.kind === 'volume')) {
    const inspect = await docker(['volume', 'inspect', '--format', `{{index .Labels "${VOLUME_USER_LABEL}"}}`, volume.source]);
    const labelled = inspect.lines.some((l) => l.stream === 'stdout' && l.text.trim() === user);
    if (inspect.code === 0 && (labelled || !user)) continue;
    if (inspect.code !== 0) {
      const created = await docker(['volume', 'create', ...(user ? ['--label', `${VOLUME_USER_LABEL}=${user}`] : []), volume.source]);
      if (created.code !== 0) return dockerFailure(`could not create the cache volume ${volume.source}`, created, ran);
    }
    if (!user || user.startsWith('0:')) continue;
    const chown = await docker(['run', '--rm', '--user', '0:0', '-v', `${volume.source}:${volume.target}`, '--entrypoint', 'chown', plan.image!, user, volume.target]);
    if (chown.code !== 0) return dockerFailure(`could not give the cache volume ${volume.source} to user ${user}`, chown, ran);
  }
  return null;
}

function dockerFailure(what: string, r: ProcessResult, ran: string[][]): BuildOutcome {
  const text = lastText(r.lines, 'stderr') || lastText(r.lines);
  if (DAEMON_TEXT.test(text)) return daemonFailure(text, ran);
  if (NO_SPACE_TEXT.test(text)) return noSpaceFailure(text, ran);
  return failure('container', `docker ${what}: ${text || `exit ${r.code}`}.`, ran);
}

function lastMatching(lines: readonly BuildLine[], pattern: RegExp): string {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i].text)) return lines[i].text.trim();
  return '';
}

function interrupted(ran: string[][]): BuildOutcome {
  return failure('interrupted', 'interrupted; no plugin was written.', ran);
}

function daemonFailure(text: string, ran: string[][]): BuildOutcome {
  if (PERMISSION_TEXT.test(text)) {
    return failure(
      'docker-daemon',
      `you may not use the Docker daemon's socket (${text}). Add your user to the docker group (then log in again), or use rootless Docker or Podman; kpa build --local builds without Docker.`,
      ran,
    );
  }
  return failure(
    'docker-daemon',
    `the Docker daemon is not reachable${text ? ` (${text})` : ''}. Start Docker, or check DOCKER_HOST and your permission on its socket; kpa build --local builds without Docker.`,
    ran,
  );
}

function pullFailure(image: string, text: string, ran: string[][]): BuildOutcome {
  return failure(
    'image-pull',
    `could not pull the builder image ${image}${text ? ` (${text})` : ''}. Check your network and registry login; kpa build --dry-run shows the exact command.`,
    ran,
  );
}

function noSpaceFailure(text: string, ran: string[][]): BuildOutcome {
  return failure(
    'no-space',
    `no space left on the device${text ? ` (${text})` : ''}. Free space where the plugin is written and in Docker's storage (docker system df; docker builder prune, docker image prune), then build again.`,
    ran,
  );
}

function containerCwd(plan: BuildPlan): string {
  return plan.args[plan.args.indexOf('-w') + 1];
}

/** The host directory mounted at CONTAINER_DIR (the module). */
function mountedHostDir(plan: BuildPlan): string {
  return plan.mounts.find((m) => m.target === CONTAINER_DIR)!.source;
}

function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** rename(2) is atomic; across file systems copy beside the target first, then rename. */
function moveIntoPlace(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const beside = `${to}.kpa-tmp-${randomBytes(4).toString('hex')}`;
    try {
      copyFileSync(from, beside);
      renameSync(beside, to);
    } finally {
      rmSync(beside, { force: true });
    }
  }
}

/** `go env GOVERSION GOMODCACHE` of the go on PATH, for the version check of --local. */
export async function probeLocalGo(
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<{ version: string; gomodcache: string } | null> {
  const go = findExecutable('go', env);
  if (!go) return null;
  const r = await runProcess(go, ['env', 'GOVERSION', 'GOMODCACHE'], { cwd, env, phase: 'check' });
  if (r.code !== 0) return null;
  const out = r.lines.filter((l) => l.stream === 'stdout').map((l) => l.text.trim());
  return { version: (out[0] ?? '').replace(/^go/, ''), gomodcache: out[1] ?? '' };
}

/** The C library of this machine: musl when its dynamic loader is there (Alpine), glibc otherwise on Linux. */
export function hostLibc(): 'musl' | 'glibc' | 'unknown' {
  if (process.platform !== 'linux') return 'unknown';
  try {
    if (readdirSync('/lib').some((f) => f.startsWith('ld-musl-'))) return 'musl';
  } catch {
    return 'unknown';
  }
  return 'glibc';
}
