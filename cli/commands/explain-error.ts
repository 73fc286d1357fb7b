/**
 * `kpa explain-error [FILE|-|TEXT]`: each distinct plugin failure of a KrakenD log, what it means and what to
 * do in this workspace (analyzers/explain-log/). Steps: the log (bounded, text only) → the target (--krakend,
 * --manifest, .kpa.json; else what the log states; else the newest release) → the lint pipeline over the
 * current directory (its facts and findings) → the report. Exit 0 when the input was read, 2 on usage or
 * input errors (design.md): a log with failures is not kpa's failure.
 */
import { Option, type Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { explainLog, targetFromLog, type LogTarget } from '../../analyzers/explain-log/explain-log.js';
import { statedRelease } from '../../analyzers/explain-log/stated-release.js';
import { logLines } from '../../analyzers/explain-log/log-failures.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../../analyzers/workspace.js';
import { describeFsError, readRegularFile, toPosix } from '../../host/disk-workspace.js';
import { relativePath } from '../../analyzers/workspace.js';
import { runLint } from '../../host/lint-pipeline.js';
import { loadProjectSettings, type ProjectSettings } from '../../host/project-settings.js';
import { targetFromFlags, type TargetFlags } from '../../host/target-flags.js';
import { formatExplainErrorJson, formatExplainErrorText } from '../reporters/explain-error.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, type CliIO } from '../io.js';

interface ExplainErrorOptions extends TargetFlags {
  format: 'text' | 'json';
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('explain-error'), { purpose: 'that wrote the log', defaults: 'settings', manifest: true })
    .description('explain the plugin failures of a KrakenD log and how to fix them in this workspace')
    .argument('[log]', 'a log file, - for stdin, or the log text itself (default: stdin when piped)')
    .addOption(new Option('--format <format>', 'output format on stdout (json: see docs/explain-error.md)').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nThe target defaults to --krakend/--manifest, then .kpa.json, then the release the log states\n("Starting KrakenD v2.7.2", `krakend version` output), then the newest release.\n\nExamples:\n  docker logs krakend 2>&1 | kpa explain-error\n  kpa explain-error krakend.log --format json\n  kpa explain-error \'plugin.Open("p"): plugin was built with a different version of package runtime\'',
    )
    .action(async (log: string | undefined, options: ExplainErrorOptions) => done(await runExplainError(log, options, io)));
}

export async function runExplainError(log: string | undefined, options: ExplainErrorOptions, io: CliIO): Promise<number> {
  const { text, name } = await readLog(log, io);
  const project = loadProjectSettings(io.cwd, io.cwd, io.cwd);
  if (project.problems.length) {
    // As kpa lint: a .kpa.json that says something kpa cannot follow is a usage error, not a silent default.
    for (const problem of project.problems) io.stderr(`${problem}\n`);
    io.stderr(`kpa: fix ${relativePath(toPosix(io.cwd), project.file!)} (settings for kpa) and run again\n`);
    return 2;
  }
  const target = chooseTarget(text, options, project, io);
  const run = await runLint({ paths: ['.'], project, target: target.target }, io);
  const report = explainLog(text, { chosen: target, facts: run.facts, diagnostics: run.diagnostics });
  io.stdout(options.format === 'json' ? formatExplainErrorJson(report) : formatExplainErrorText(report, name));
  return 0;
}

/** The user's choice (flags, then .kpa.json) wins; without one, the release the log states, else the newest. */
function chooseTarget(text: string, flags: TargetFlags, project: ProjectSettings, io: CliIO): LogTarget {
  // Resolved even when the log decides, so that a bad --flavour or --arch is a usage error here too.
  const resolved = targetFromFlags(flags, project, io);
  const settings = project.settings.target;
  if (flags.manifest) return { target: resolved, source: 'manifest', note: null };
  if (flags.krakend) return { target: resolved, source: 'flags', note: null };
  if (settings.krakend) return { target: resolved, source: 'settings', note: null };
  return targetFromLog(statedRelease(logLines(text)), { flavour: flags.flavour ?? settings.flavour, arch: flags.arch ?? settings.arch });
}

/** The log: a file, stdin (`-`, or nothing when piped), or the argument's own text; at most MAX_SOURCE_BYTES. */
async function readLog(arg: string | undefined, io: CliIO): Promise<{ text: string; name: string }> {
  if (arg === undefined || arg === '-') {
    if (arg === undefined && process.stdin.isTTY) throw new UsageError('give a log file, - for stdin, or the log text (e.g. docker logs krakend 2>&1 | kpa explain-error)');
    return { text: decode(await readStdin(), 'stdin'), name: 'stdin' };
  }
  const path = resolve(io.cwd, arg);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) {
    // Text given inline reads as a sentence; a bare word is a file name that does not exist.
    if (/\s/.test(arg.trim())) return { text: arg, name: 'text' };
    throw new UsageError(`${arg}: no such file or directory (give a log file, - for stdin, or the log text)`);
  }
  if (stat.isFile() && stat.size > MAX_SOURCE_BYTES) throw new UsageError(tooLarge(arg, stat.size));
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path);
  } catch (err) {
    throw new UsageError(`${arg}: ${describeFsError(err)}`);
  }
  return { text: decode(bytes, arg), name: arg };
}

function decode(bytes: Uint8Array, name: string): string {
  if (bytes.length > MAX_SOURCE_BYTES) throw new UsageError(tooLarge(name, bytes.length));
  const decoded = decodeSource(bytes);
  if ('error' in decoded) throw new UsageError(`${name}: not a text log: ${decoded.error}`);
  return decoded.text;
}

function tooLarge(name: string, size: number): string {
  return `${name}: ${size} bytes, more than the ${MAX_SOURCE_BYTES} bytes kpa reads: pass the part of the log around KrakenD's start-up (e.g. docker logs --since)`;
}

/** Reads stdin until the bound is passed, so a huge stream is refused without being held whole. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_SOURCE_BYTES) {
      process.stdin.destroy();
      throw new UsageError(tooLarge('stdin', total));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
