/**
 * `kpa build [dir]`: lint, then build the plugin in the KrakenD builder image matching the target
 * (or with the local go, --local). builder/build-plugin.ts does the whole build (prepare → lint → run, shared
 * with the language server's build lens); this file is the door: flags in, lines and a report out.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import type { Target } from '../../analyzers/target.js';
import { buildPlugin, displayPath, prepareBuild, type BuildResult } from '../../builder/build-plugin.js';
import { formatCommand, type BuildMount } from '../../builder/plan.js';
import { BUILD_EXIT } from '../../builder/run.js';
import { escapeControlCharacters, escapeControlCharactersKeepingLayout } from '../../host/display-text.js';
import { toPosix } from '../../host/disk-workspace.js';
import { kpaVersion } from '../../host/version.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { formatText } from '../reporters/text.js';

export interface BuildCommandOptions {
  krakend?: string;
  flavour?: string;
  arch?: string;
  manifest?: string;
  output?: string;
  local?: boolean;
  image?: string;
  dryRun?: boolean;
  lint?: boolean;
  format?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('build'), { purpose: 'to build for', defaults: 'settings', manifest: true })
    .description('lint, then build the plugin in the KrakenD builder image that matches the target')
    .argument('[dir]', "the plugin's main package directory", '.')
    .option('-o, --output <file>', 'the .so to write (default, in the plugin directory: <name>-<krakend>-<flavour>-<arch>.so; with --local, named for what builds it: <name>-<krakend>-local-<glibc|musl>-<arch>.so)')
    .option('--local', 'build with the go on PATH instead of Docker (warns when its version differs from the target)')
    .option('--image <image>', "build in this image instead of KrakenD's builder (a mirror, Enterprise or custom builder; default: .kpa.json build.image); kpa warns when its Go differs from the target's")
    .option('--dry-run', 'print the exact command and do nothing else')
    .option('--no-lint', 'do not run kpa lint first')
    .option('--format <format>', 'text, or json (one object on stdout, for editors)', 'text')
    .addHelpText(
      'after',
      '\nExit codes: 0 built, 1 lint found errors (nothing built), 2 usage or input error, 4 go build failed,\n' +
        '5 docker (or go, with --local) not on PATH, 6 Docker daemon not reachable, 7 builder image could not be pulled,\n' +
        '8 docker could not run the build container, 9 no space left on the device, 130 interrupted.\n',
    )
    .action(async (dir: string, opts: BuildCommandOptions) => done(await buildCommand(dir, opts, io)));
}

export async function buildCommand(dirArg: string, opts: BuildCommandOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}": use text or json`);
  const p = prepareBuild(dirArg, opts, io);
  const shown = p.shown;

  if (opts.dryRun) {
    if (format === 'json') {
      const { command, args, env, cwd, image, mounts, notes } = shown;
      io.stdout(JSON.stringify({ command: [command, ...args], env, cwd, image, mounts, output: p.output, notes }, null, 2) + '\n');
    } else {
      io.stdout(escapeControlCharacters(formatCommand(shown)) + '\n');
      for (const m of shown.mounts) io.stderr(escapeControlCharacters(`mount: ${describeMount(m)}`) + '\n');
      for (const n of shown.notes) io.stderr(escapeControlCharacters(`note: ${n}`) + '\n');
    }
    return BUILD_EXIT.built;
  }

  // Ctrl-C: stop the build, let runBuild remove the temporary output, then die of the signal as usual.
  const controller = new AbortController();
  let caught: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    caught = signal;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: BuildResult;
  try {
    result = await buildPlugin(
      p,
      io,
      {
        onLint: (run) => {
          if (run.diagnostics.length && format === 'text') {
            io.stderr(
              formatText(
                { diagnostics: run.diagnostics, suppressed: run.suppressed, rules: ALL_RULES, fileCount: run.files.length, target: targetSummary(p.target) },
                { cwd: toPosix(io.cwd), readText: run.readText, toolVersion: kpaVersion(), colour: useColour(io, 'stderr'), quiet: true, threshold: 'warning' },
              ),
            );
          }
        },
        // Messages and the build's own output quote workspace data (paths, module names): shown, never acted on.
        onWarning: (message) => io.stderr(`warning: ${escapeControlCharactersKeepingLayout(message)}\n`),
        onNote: (message) => io.stderr(`note: ${escapeControlCharactersKeepingLayout(message)}\n`),
        onStart: (message) => io.stderr(`${escapeControlCharactersKeepingLayout(message)}\n`),
        onLine: (line) => io.stderr(escapeControlCharacters(line.text) + '\n'),
      },
      { lint: opts.lint, abort: controller.signal },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (result.kind === 'refused') {
    if (format === 'json') {
      io.stdout(JSON.stringify({ ok: false, exitCode: result.exitCode, failure: 'lint', message: result.message, output: null, diagnostics: result.errors }, null, 2) + '\n');
    } else io.stderr(`kpa build: ${escapeControlCharactersKeepingLayout(result.message)}\n`);
    return result.exitCode;
  }
  report(result, io, format);
  if (caught) process.kill(process.pid, caught);
  return result.outcome.exitCode;
}

/** `/home/me/up → /app, read-only: why` (a volume by its name). */
function describeMount(m: BuildMount): string {
  const what = m.kind === 'volume' ? `volume ${m.source}` : m.source;
  return `${what} → ${m.target} (${m.readOnly ? 'read-only' : 'writable'}): ${m.why}`;
}

function targetSummary(t: Target) {
  return { krakend: t.spec.krakend, flavour: t.spec.flavour, arch: t.spec.arch, go: t.manifest.go };
}

function report({ outcome, warnings }: Extract<BuildResult, { kind: 'ran' }>, io: CliIO, format: string): void {
  if (format === 'json') {
    io.stdout(JSON.stringify({ ...outcome, warnings }, null, 2) + '\n');
    return;
  }
  if (outcome.ok) {
    io.stdout(`built ${escapeControlCharacters(displayPath(io.cwd, outcome.output!))}\n`);
    return;
  }
  if (outcome.diagnostics.length) io.stdout(formatDiagnostics(outcome.diagnostics, io));
  io.stderr(`kpa build: ${escapeControlCharactersKeepingLayout(outcome.message)}\n`);
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
