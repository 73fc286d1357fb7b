/**
 * Carries out a BuildPlan: the only file of kpa that spawns docker or go. Every argument travels as an
 * argv array (no shell); output is streamed line by line as it arrives; each way a build can fail is a
 * distinct outcome with its own exit code; the output file appears only when the build succeeded
 * (go writes a temporary name in the plugin directory, renamed on success).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
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
  /** Stopped by the user (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

export type BuildFailure = 'tool-missing' | 'docker-daemon' | 'image-pull' | 'container' | 'build-failed' | 'interrupted';

const EXIT_OF: Record<BuildFailure, number> = {
  'tool-missing': BUILD_EXIT.toolMissing,
  'docker-daemon': BUILD_EXIT.dockerDaemon,
  'image-pull': BUILD_EXIT.imagePull,
  container: BUILD_EXIT.container,
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
  /** Absolute plugin directory: go build's working directory, where the temporary output is written. */
  dir: string;
  /** Absolute path of the .so to produce. */
  output: string;
  /** The plan for a given `-o` name (relative to dir); called with the temporary name. */
  plan: (output: string) => BuildPlan;
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
  const tempPath = join(options.dir, tempName);
  const plan = options.plan(tempName);
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
    const result = await runProcess(program, plan.args, { cwd: plan.cwd, env, phase: 'build', onLine: options.onLine, abort: options.abort });
    if (options.abort?.aborted) return interrupted(ran);
    if (result.spawnError) {
      return failure('tool-missing', `${plan.command} could not be started: ${result.spawnError.message}.`, ran);
    }
    if (plan.mode === 'docker' && result.code === 125) {
      // docker's own failure (not the container's): the daemon or the image went away since the checks.
      const text = lastText(result.lines, 'stderr');
      const all = result.lines.map((l) => l.text).join('\n');
      if (DAEMON_TEXT.test(all)) return daemonFailure(text, ran);
      if (PULL_TEXT.test(all)) return pullFailure(plan.image!, text, ran);
      return failure('container', `docker could not run the build container (exit 125): ${text || 'no message'}.`, ran);
    }
    if (plan.mode === 'docker' && (result.code === 126 || result.code === 127)) {
      return failure('container', `the builder image ${plan.image} could not run go (exit ${result.code}): ${lastText(result.lines) || 'no message'}.`, ran);
    }
    if (result.code !== 0) {
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
      return failure('build-failed', `go build reported success but wrote no ${tempName} in ${options.dir}; no plugin was written.`, ran);
    }
    moveIntoPlace(tempPath, options.output);
    return { ok: true, exitCode: BUILD_EXIT.built, failure: null, message: `built ${options.output}`, output: options.output, diagnostics: [], ran };
  } finally {
    rmSync(tempPath, { force: true });
  }
}

/** Daemon reachable and image present (pulled if needed); returns a failure outcome or null when ready. */
async function prepareDocker(program: string, plan: BuildPlan, options: RunBuildOptions, ran: string[][]): Promise<BuildOutcome | null> {
  const common = { cwd: plan.cwd, env: options.env, abort: options.abort };
  const versionArgs = ['version', '--format', '{{.Server.Version}}'];
  ran.push(['docker', ...versionArgs]);
  const version = await runProcess(program, versionArgs, { ...common, phase: 'check' });
  if (version.spawnError) return failure('tool-missing', `docker could not be started: ${version.spawnError.message}.`, ran);
  if (version.code !== 0) return daemonFailure(lastText(version.lines, 'stderr') || lastText(version.lines), ran);

  const image = plan.image!;
  const platform = plan.args.includes('--platform') ? plan.args[plan.args.indexOf('--platform') + 1] : null;
  if (!platform) {
    const inspectArgs = ['image', 'inspect', '--format', '{{.Id}}', image];
    ran.push(['docker', ...inspectArgs]);
    const inspect = await runProcess(program, inspectArgs, { ...common, phase: 'check' });
    if (inspect.code === 0) return null;
  }
  const pullArgs = platform ? ['pull', '--platform', platform, image] : ['pull', image];
  ran.push(['docker', ...pullArgs]);
  const pull = await runProcess(program, pullArgs, { ...common, phase: 'pull', onLine: options.onLine });
  if (pull.code === 0) return null;
  const all = pull.lines.map((l) => l.text).join('\n');
  if (DAEMON_TEXT.test(all)) return daemonFailure(lastText(pull.lines, 'stderr'), ran);
  return pullFailure(image, lastText(pull.lines, 'stderr') || lastText(pull.lines), ran);
}

function interrupted(ran: string[][]): BuildOutcome {
  return failure('interrupted', 'interrupted; no plugin was written.', ran);
}

function daemonFailure(text: string, ran: string[][]): BuildOutcome {
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

function containerCwd(plan: BuildPlan): string {
  return plan.args[plan.args.indexOf('-w') + 1];
}

/** The host directory mounted at CONTAINER_DIR (what `-v`/`--mount` names). */
function mountedHostDir(plan: BuildPlan): string {
  const sub = containerCwd(plan).slice(CONTAINER_DIR.length).replace(/^\/+/, '');
  if (!sub) return plan.cwd;
  return plan.cwd.slice(0, plan.cwd.length - sub.length).replace(/\/+$/, '') || '/';
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
