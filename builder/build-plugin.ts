/**
 * The whole `kpa build`, for every door that builds (the CLI command, the language server's build lens):
 * prepare (directory, .kpa.json, target, go.mod, output) → lint (the one lint pipeline, host/lint-pipeline.ts)
 * → run (builder/run.ts, in the builder image or with the local go). What is shown, and how, is the door's.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { AnalysisContext, analysisContextOf } from '../analyzers/analysis-context.js';
import { atLeast, type Diagnostic } from '../analyzers/diagnostics.js';
import { imageReferenceProblem } from '../analyzers/image-reference.js';
import { filesDecidingBuild } from '../analyzers/plugin-builds.js';
import type { Target } from '../analyzers/target.js';
import { toPosix } from '../host/disk-workspace.js';
import type { HostEnv } from '../host/host-env.js';
import { runLint, type LintRun } from '../host/lint-pipeline.js';
import { loadProjectSettings, type ProjectSettings } from '../host/project-settings.js';
import { targetFromFlags, type TargetFlags } from '../host/target-flags.js';
import { UsageError } from '../host/usage-error.js';
import { chooseImage, defaultOutputName, planBuild, type BuildPlan } from './plan.js';
import { BUILD_EXIT, hostLibc, probeLocalGo, runBuild, type BuildLine, type BuildOutcome } from './run.js';

export interface BuildOptions extends TargetFlags {
  /** The .so to write (relative to the cwd); default: <name>-<krakend>-<flavour>-<arch>.so in the plugin directory. */
  output?: string;
  /** Build with the go on PATH instead of Docker. */
  local?: boolean;
  /** The builder image to use instead of KrakenD's (overrides .kpa.json's build.image). */
  image?: string;
}

export interface PreparedBuild {
  dir: string;
  /** .kpa.json found at or above dir (target defaults, rule settings, ignore globs), as kpa lint reads it. */
  project: ProjectSettings;
  moduleRoot: string;
  modulePath: string;
  requires: boolean;
  target: Target;
  local: boolean;
  output: string;
  /** The plan as shown to the user: `-o` relative to dir when the output lies inside it. */
  shown: BuildPlan;
  /** The plan for another output path (runBuild builds to a temporary name beside the output first). */
  planFor(output: string): BuildPlan;
}

export function prepareBuild(dirArg: string, options: BuildOptions, host: HostEnv): PreparedBuild {
  const dir = toPosix(resolve(host.cwd, dirArg));
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`${dirArg}: no such directory`);
  }
  if (!st.isDirectory()) throw new UsageError(`${dirArg}: not a directory (give the plugin's package directory)`);

  const project = loadProjectSettings(dir, host.cwd, dir);
  if (project.problems.length) throw new UsageError(`${project.problems[0]} (kpa lint lists every problem)`);
  const target = targetFromFlags(options, project, host);

  const goMod = findGoMod(dir);
  if (!goMod) throw new UsageError(`no go.mod in ${dirArg} or above it: create one with \`go mod init <module path>\` (or start from \`kpa init\`)`);
  const goModText = readFileSync(goMod, 'utf8');
  const moduleMatch = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m.exec(goModText);
  if (!moduleMatch) throw new UsageError(`${displayPath(host.cwd, goMod)}: no module line`);
  const modulePath = moduleMatch[2];
  const moduleRoot = toPosix(dirname(goMod));

  const defaultName = defaultOutputName(modulePath, target, options.local ? { libc: hostLibc() } : undefined);
  const output = toPosix(options.output ? resolve(host.cwd, options.output) : `${dir}/${defaultName}`);
  const outDir = dirname(output);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new UsageError(`${options.output}: the directory ${outDir} does not exist`);
  if (existsSync(output) && statSync(output).isDirectory()) throw new UsageError(`${options.output}: is a directory; give a file name ending in .so`);
  const image = options.local ? undefined : chooseBuilderImage(options, project, target, host);
  const user = typeof process.getuid === 'function' ? { uid: process.getuid(), gid: process.getgid!() } : null;
  const containerName = `kpa-build-${process.pid}-${randomBytes(4).toString('hex')}`;
  const planFor = (o: string): BuildPlan => planBuild(target, { dir, moduleRoot, output: o, local: options.local, image, user, containerName });
  return {
    dir,
    project,
    moduleRoot,
    modulePath,
    requires: /^\s*require\b/m.test(goModText),
    target,
    local: Boolean(options.local),
    output,
    shown: planFor(output),
    planFor,
  };
}

/** The lint before a build, over the module's sources (built .so files are not the subject here); decidingFindings narrows it. */
export function lintForBuild(p: PreparedBuild, host: HostEnv): Promise<LintRun> {
  return runLint({ paths: [p.moduleRoot], project: p.project, target: p.target, exclude: (f) => f.endsWith('.so') }, host);
}

/**
 * The lint's findings that decide whether this plugin loads (analyzers/plugin-builds.ts filesDecidingBuild):
 * its packages, its module, the configs that name it. The rest of the module is `kpa lint`'s to report.
 */
export function decidingFindings(run: LintRun, p: PreparedBuild): LintRun {
  // The lint's own analysis context already derived the plugin builds: ask it rather than derive them again.
  const decides = filesDecidingBuild(analysisContextOf(run.facts) ?? new AnalysisContext(run.facts), p.dir);
  return { ...run, diagnostics: run.diagnostics.filter((d) => decides(d.file)), suppressed: run.suppressed.filter((s) => decides(s.diagnostic.file)) };
}

/** What a door hears of a build while it runs. */
export interface BuildEvents {
  /** The lint's findings that decide whether the plugin loads, before the build starts (or is refused). */
  onLint?(run: LintRun, errors: Diagnostic[]): void;
  onWarning(message: string): void;
  onNote(message: string): void;
  /** One line saying what is built, where and for which target. */
  onStart(message: string): void;
  onLine(line: BuildLine): void;
}

export type BuildResult =
  | { kind: 'refused'; exitCode: number; message: string; errors: Diagnostic[] }
  | { kind: 'ran'; outcome: BuildOutcome; warnings: string[] };

/** Lints (unless `lint` is false), then builds. Never throws for a failed build: the result says what happened. */
export async function buildPlugin(p: PreparedBuild, host: HostEnv, events: BuildEvents, options: { lint?: boolean; abort?: AbortSignal } = {}): Promise<BuildResult> {
  if (options.lint !== false) {
    const run = await lintForBuild(p, host);
    const deciding = decidingFindings(run, p);
    const errors = deciding.diagnostics.filter((d) => atLeast(d.severity, 'error'));
    events.onLint?.(deciding, errors);
    if (errors.length) return { kind: 'refused', exitCode: BUILD_EXIT.lintFindings, message: lintRefusal(errors.length), errors };
  }

  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    events.onWarning(message);
  };
  if (p.local) await checkLocalToolchain(p, host, warn);
  for (const n of p.shown.notes) events.onNote(n);
  const { krakend, flavour, arch } = p.target.spec;
  const shownOutput = displayPath(host.cwd, p.output);
  events.onStart(
    p.local
      ? `Building ${shownOutput} with the local go${localLibc()} for KrakenD ${krakend} (${flavour}, ${arch})`
      : `Building ${shownOutput} in ${p.shown.image} for KrakenD ${krakend} (${flavour}, ${arch})`,
  );
  const outcome = await runBuild({
    dir: p.dir,
    output: p.output,
    plan: p.planFor,
    env: host.env,
    targetGo: p.target.manifest.go,
    matchingImage: p.local ? undefined : matchingImage(p.target),
    onLine: events.onLine,
    onWarning: warn,
    abort: options.abort,
  });
  return { kind: 'ran', outcome, warnings };
}

/** KrakenD's own builder for the target, when its name is usable: what a warning about another image's Go points at. */
function matchingImage(target: Target): string | undefined {
  const { image } = chooseImage(target);
  return imageReferenceProblem(image) ? undefined : image;
}

/** `and this machine's glibc`: what a local build links, which decides where it loads (and its default name). */
function localLibc(): string {
  const libc = hostLibc();
  return libc === 'unknown' ? '' : ` and this machine's ${libc}`;
}

function lintRefusal(n: number): string {
  return `not building: kpa lint found ${n} error${n === 1 ? '' : 's'} that would keep KrakenD from loading the plugin. Fix them, or build anyway with --no-lint.`;
}

/**
 * --local: the Go version, GOMODCACHE and the C library decide whether the plugin loads (Go's runtime/plugin.go
 * compares every shared package's hash; golang/go#63230 for GOMODCACHE); say so before building.
 */
async function checkLocalToolchain(p: PreparedBuild, host: HostEnv, warn: (m: string) => void): Promise<void> {
  const local = await probeLocalGo(host.env, p.dir);
  if (!local) return; // runBuild reports the missing go with its own exit code
  const want = p.target.manifest.go;
  if (local.version !== want) {
    warn(
      `the go on PATH is ${local.version} but KrakenD ${p.target.spec.krakend} was built with Go ${want}; KrakenD refuses a plugin ` +
        `built with another Go version ("plugin was built with a different version of package runtime"). Use Go ${want}, or build without --local.`,
    );
  }
  if (p.requires && local.gomodcache !== '/go/pkg/mod') {
    warn(
      `GOMODCACHE is ${local.gomodcache}, not /go/pkg/mod as in KrakenD's builders; packages the plugin shares with KrakenD ` +
        'may then count as a different version (https://github.com/golang/go/issues/63230). Set GOMODCACHE=/go/pkg/mod or build in the builder image.',
    );
  }
  const libc = hostLibc();
  if (libc !== 'unknown' && libc !== p.target.libc) {
    warn(
      `this machine uses ${libc} but KrakenD's ${p.target.spec.flavour} build uses ${p.target.libc}; a plugin linked against the other C library ` +
        `does not load there. Build for --flavour ${libc === 'musl' ? 'alpine' : 'linux-generic'} here, or build in the builder image.`,
    );
  }
}

/**
 * The image a docker build runs, checked against Docker's reference grammar wherever it comes from (--image,
 * .kpa.json build.image, a --manifest's builders or Go/Alpine versions): a value is never a docker option.
 * Returns the user's image, or undefined for the target's own builder.
 */
function chooseBuilderImage(options: BuildOptions, project: ProjectSettings, target: Target, host: HostEnv): string | undefined {
  if (options.image !== undefined) {
    const why = imageReferenceProblem(options.image);
    if (why) throw new UsageError(`--image ${JSON.stringify(options.image)} ${why}`);
    return options.image;
  }
  const fromSettings = project.settings.build?.image;
  if (fromSettings) return fromSettings; // checked where .kpa.json is parsed, with its position
  const choice = chooseImage(target);
  const why = imageReferenceProblem(choice.image);
  if (!why) return undefined;
  const field =
    choice.source === 'builder'
      ? target.spec.flavour === 'alpine' ? '"builders.alpine"' : '"builders.linuxGeneric"'
      : choice.source === 'legacy-builder' ? '"builders.legacy"' : `"go" or "alpine" (they name the image golang:<go>-alpine<alpine>)`;
  const from = options.manifest ? `--manifest ${options.manifest}` : `KrakenD ${target.spec.krakend}'s manifest`;
  throw new UsageError(`${from}: ${field}: the builder image ${JSON.stringify(choice.image)} ${why}`);
}

function findGoMod(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(`${d === '/' ? '' : d}/go.mod`)) return `${d === '/' ? '' : d}/go.mod`;
    if (dirname(d) === d) return null;
  }
}

/** A path as the user sees it: relative to the cwd when below it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') ? file : rel.split(sep).join('/');
}
