/**
 * `kpa build [dir]`: lint, then build the plugin in the KrakenD builder image matching the target
 * (or with the local go, --local). builder/plan.ts chooses, builder/run.ts runs; this file is the door.
 */
import { readManifestOption } from '../read-manifest.js';
import { loadParserFor } from '../run-analysis.js';
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { atLeast, type Diagnostic } from '../../analyzers/diagnostics.js';
import { analyze } from '../../analyzers/engine.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { applySuppressions } from '../../analyzers/suppressions.js';
import { EMPTY_SETTINGS, parseKpaSettings, type KpaSettings } from '../../analyzers/settings/parse-kpa-settings.js';
import { globMatcher } from '../../analyzers/settings/glob.js';
import type { Manifest, Target } from '../../analyzers/target.js';
import { relativePath, Workspace } from '../../analyzers/workspace.js';
import { defaultOutputName, formatCommand, planBuild, type BuildPlan } from '../../builder/plan.js';
import { BUILD_EXIT, hostLibc, probeLocalGo, runBuild, type BuildOutcome } from '../../builder/run.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { describeFsError, DiskFileSource, loadDiskWorkspace, readRegularFile, toPosix } from '../load-workspace.js';
import { formatText } from '../reporters/text.js';
import { findSettingsFile } from '../find-up.js';
import { kpaVersion } from '../main.js';

export interface BuildCommandOptions {
  krakend?: string;
  flavour?: string;
  arch?: string;
  manifest?: string;
  output?: string;
  local?: boolean;
  dryRun?: boolean;
  lint?: boolean;
  format?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('build')
    .description('lint, then build the plugin in the KrakenD builder image that matches the target')
    .argument('[dir]', "the plugin's main package directory", '.')
    .option('--krakend <version>', 'KrakenD release: X.Y.Z, X.Y (newest patch) or latest (default: .kpa.json, then latest)')
    .option('--flavour <flavour>', 'alpine (the Docker image, musl) or linux-generic (deb/rpm/tgz, glibc) (default: .kpa.json, then alpine)')
    .option('--arch <arch>', 'amd64 or arm64 (default: .kpa.json, then amd64)')
    .option('--manifest <file>', 'a manifest written by `kpa manifest` (instead of --krakend)')
    .option('-o, --output <file>', 'the .so to write (default: <name>-<krakend>-<flavour>-<arch>.so in the plugin directory)')
    .option('--local', 'build with the go on PATH instead of Docker (warns when its version differs from the target)')
    .option('--dry-run', 'print the exact command and do nothing else')
    .option('--no-lint', 'do not run kpa lint first')
    .option('--format <format>', 'text, or json (one object on stdout, for editors)', 'text')
    .addHelpText(
      'after',
      '\nExit codes: 0 built, 1 lint found errors (nothing built), 2 usage or input error, 4 go build failed,\n' +
        '5 docker (or go, with --local) not on PATH, 6 Docker daemon not reachable, 7 builder image could not be pulled,\n' +
        '8 docker could not run the build container, 130 interrupted.\n',
    )
    .action(async (dir: string, opts: BuildCommandOptions) => done(await buildCommand(dir, opts, io)));
}

interface Prepared {
  dir: string;
  /** .kpa.json found at or above dir (target defaults, rule settings, ignore globs), as kpa lint reads it. */
  settings: KpaSettings;
  settingsDir: string | null;
  moduleRoot: string;
  modulePath: string;
  requires: boolean;
  target: Target;
  output: string;
  /** The `-o` argument for the printed command: relative to dir when the output lies inside it. */
  shownOutput: string;
}

export async function buildCommand(dirArg: string, opts: BuildCommandOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}": use text or json`);
  const p = prepare(dirArg, opts, io);
  const planFor = (output: string): BuildPlan => planBuild(p.target, { dir: p.dir, moduleRoot: p.moduleRoot, output, local: opts.local });
  const shown = planFor(p.shownOutput);

  if (opts.dryRun) {
    if (format === 'json') {
      io.stdout(JSON.stringify({ command: [shown.command, ...shown.args], env: shown.env, cwd: shown.cwd, image: shown.image, output: p.output, notes: shown.notes }, null, 2) + '\n');
    } else {
      io.stdout(formatCommand(shown) + '\n');
      for (const n of shown.notes) io.stderr(`note: ${n}\n`);
    }
    return BUILD_EXIT.built;
  }

  if (opts.lint !== false) {
    const blocking = await lintBeforeBuild(p, io, format);
    if (blocking > 0) return BUILD_EXIT.lintFindings;
  }

  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    io.stderr(`warning: ${message}\n`);
  };
  if (opts.local) await checkLocalToolchain(p, io, warn);
  for (const n of shown.notes) io.stderr(`note: ${n}\n`);
  io.stderr(
    opts.local
      ? `Building ${relativeForDisplay(io.cwd, p.output)} with the local go for KrakenD ${p.target.spec.krakend} (${p.target.spec.flavour}, ${p.target.spec.arch})\n`
      : `Building ${relativeForDisplay(io.cwd, p.output)} in ${shown.image} for KrakenD ${p.target.spec.krakend} (${p.target.spec.flavour}, ${p.target.spec.arch})\n`,
  );

  // Ctrl-C: stop the build, let runBuild remove the temporary output, then die of the signal as usual.
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    caught = signal;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome: BuildOutcome;
  try {
    outcome = await runBuild({
      dir: p.dir,
      output: p.output,
      plan: planFor,
      env: io.env,
      onLine: (line) => io.stderr(line.text + '\n'),
      onWarning: warn,
      abort: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  report(outcome, warnings, io, format);
  if (caught) process.kill(process.pid, caught);
  return outcome.exitCode;
}

function prepare(dirArg: string, opts: BuildCommandOptions, io: CliIO): Prepared {
  const dir = toPosix(resolve(io.cwd, dirArg));
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`${dirArg}: no such directory`);
  }
  if (!st.isDirectory()) throw new UsageError(`${dirArg}: not a directory (give the plugin's package directory)`);

  const settingsFile = findSettingsFile(dir);
  const settings = settingsFile ? readSettings(settingsFile, io) : EMPTY_SETTINGS;
  let manifest: Manifest | undefined;
  if (opts.manifest) manifest = readManifestOption(opts.manifest, io.cwd);
  const resolved = resolveTarget({
    krakend: opts.krakend ?? settings.target.krakend,
    flavour: opts.flavour ?? settings.target.flavour,
    arch: opts.arch ?? settings.target.arch,
    manifest,
  });
  if ('error' in resolved) throw new UsageError(resolved.error);
  const target = resolved.target;

  const goMod = findGoMod(dir);
  if (!goMod) throw new UsageError(`no go.mod in ${dirArg} or above it: create one with \`go mod init <module path>\` (or start from \`kpa init\`)`);
  const goModText = readFileSync(goMod, 'utf8');
  const moduleMatch = /^\s*module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m.exec(goModText);
  if (!moduleMatch) throw new UsageError(`${relativeForDisplay(io.cwd, goMod)}: no module line`);
  const modulePath = moduleMatch[2];
  const moduleRoot = toPosix(dirname(goMod));

  const output = toPosix(opts.output ? resolve(io.cwd, opts.output) : `${dir}/${defaultOutputName(modulePath, target)}`);
  const outDir = dirname(output);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new UsageError(`${opts.output}: the directory ${outDir} does not exist`);
  if (existsSync(output) && statSync(output).isDirectory()) throw new UsageError(`${opts.output}: is a directory; give a file name ending in .so`);
  const rel = relative(dir, output);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return {
    dir,
    settings,
    settingsDir: settingsFile ? toPosix(dirname(settingsFile)) : null,
    moduleRoot,
    modulePath,
    requires: /^\s*require\b/m.test(goModText),
    target,
    output,
    shownOutput: inside ? rel.split(sep).join('/') : output.slice(output.lastIndexOf('/') + 1),
  };
}

/** A broken .kpa.json stops the build as it stops kpa lint; `kpa lint` prints every problem in it. */
function readSettings(file: string, io: CliIO): KpaSettings {
  const shown = relativeForDisplay(io.cwd, file);
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (err) {
    throw new UsageError(`${shown}: ${describeFsError(err)}`);
  }
  const { settings, problems } = parseKpaSettings(text, ALL_RULES);
  if (problems.length) {
    const p = problems[0];
    throw new UsageError(`${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message} (kpa lint lists every problem)`);
  }
  return settings;
}


function findGoMod(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(`${d === '/' ? '' : d}/go.mod`)) return `${d === '/' ? '' : d}/go.mod`;
    if (dirname(d) === d) return null;
  }
}

function relativeForDisplay(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') ? file : rel.split(sep).join('/');
}

/** Runs the engine on the module (sources only: built .so files are not the subject here); returns the error count. */
async function lintBeforeBuild(p: Prepared, io: CliIO, format: string): Promise<number> {
  const { workspace } = loadDiskWorkspace([p.moduleRoot], io.cwd);
  const ignored = globMatcher(p.settings.ignore);
  const isIgnored = (file: string) => {
    if (!p.settingsDir) return false;
    const rel = relativePath(p.settingsDir, file);
    return !rel.startsWith('../') && rel !== '..' && ignored(rel);
  };
  const files = workspace.source.paths().filter((f) => !f.endsWith('.so') && !isIgnored(f));
  const ws = new Workspace(workspace.root, new DiskFileSource([...files]));
  const parser = await loadParserFor(ws, io);
  const found = analyze(ws, { parser, target: p.target, rules: p.settings.rules });
  const readText = (f: string) => {
    const r = ws.read(f);
    return 'text' in r ? r.text : undefined;
  };
  const ranRules = new Set(ALL_RULES.filter((r) => p.settings.rules[r.id] !== 'off').map((r) => r.id));
  const { diagnostics, suppressed } = applySuppressions(found.diagnostics, files, readText, {
    knownRules: new Set(ALL_RULES.map((r) => r.id)),
    ranRules,
    setting: p.settings.rules.KPA002,
  });
  const errors = diagnostics.filter((d) => atLeast(d.severity, 'error'));
  if (diagnostics.length && format === 'text') {
    const text = formatText(
      { diagnostics, suppressed, rules: ALL_RULES, fileCount: files.length, target: targetSummary(p.target) },
      { cwd: toPosix(io.cwd), readText, toolVersion: kpaVersion(), colour: useColour(io, 'stderr'), quiet: true, threshold: 'warning' },
    );
    io.stderr(text);
  }
  if (errors.length) {
    if (format === 'json') {
      io.stdout(JSON.stringify({ ok: false, exitCode: BUILD_EXIT.lintFindings, failure: 'lint', message: lintRefusal(errors.length), output: null, diagnostics: errors }, null, 2) + '\n');
    } else io.stderr(`kpa build: ${lintRefusal(errors.length)}\n`);
  }
  return errors.length;
}

function lintRefusal(n: number): string {
  return `not building: kpa lint found ${n} error${n === 1 ? '' : 's'} that would keep KrakenD from loading the plugin. Fix them, or build anyway with --no-lint.`;
}

function targetSummary(t: Target) {
  return { krakend: t.spec.krakend, flavour: t.spec.flavour, arch: t.spec.arch, go: t.manifest.go };
}

/** --local: the Go version decides whether the plugin loads (spec §7.1); say so before building. */
async function checkLocalToolchain(p: Prepared, io: CliIO, warn: (m: string) => void): Promise<void> {
  const local = await probeLocalGo(io.env, p.dir);
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
        'may then count as a different version (spec §7.1). Set GOMODCACHE=/go/pkg/mod or build in the builder image.',
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

function report(outcome: BuildOutcome, warnings: string[], io: CliIO, format: string): void {
  if (format === 'json') {
    io.stdout(JSON.stringify({ ...outcome, warnings }, null, 2) + '\n');
    return;
  }
  if (outcome.ok) {
    io.stdout(`built ${relativeForDisplay(io.cwd, outcome.output!)}\n`);
    return;
  }
  if (outcome.diagnostics.length) io.stdout(formatDiagnostics(outcome.diagnostics, io));
  io.stderr(`kpa build: ${outcome.message}\n`);
}

function formatDiagnostics(diagnostics: Diagnostic[], io: CliIO): string {
  const readText = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  return formatText(
    { diagnostics, suppressed: [], rules: ALL_RULES, fileCount: new Set(diagnostics.map((d) => d.file)).size, target: null },
    { cwd: toPosix(io.cwd), readText, toolVersion: kpaVersion(), colour: useColour(io, 'stdout') },
  );
}
