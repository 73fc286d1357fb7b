/**
 * `kpa lint [paths...]`: everything that keeps a plugin from loading, as text, JSON or SARIF.
 * Steps: settings (.kpa.json, found upwards) → target → the lint pipeline (host/lint-pipeline.ts, shared with
 * kpa build and, for its last steps, the language server) → reporters.
 * Exit 0 clean, 1 findings at or above --severity, 2 usage or input error (design.md).
 * Text output hides notes unless --notes or --severity note (a count line says how many); JSON and SARIF keep them.
 */
import { Option, type Command } from 'commander';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { atLeast, type Severity } from '../../analyzers/diagnostics.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { relativePath } from '../../analyzers/workspace.js';
import { describeFsError, toPosix } from '../../host/disk-workspace.js';
import { findRepositoryRoot } from '../../host/find-up.js';
import { runLint as runLintPipeline } from '../../host/lint-pipeline.js';
import { loadProjectSettings } from '../../host/project-settings.js';
import { targetFromFlags } from '../../host/target-flags.js';
import { kpaVersion } from '../../host/version.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { formatJson } from '../reporters/json.js';
import type { LintReport, Reporter, ReporterOptions } from '../reporters/report.js';
import { formatSarif } from '../reporters/sarif.js';
import { formatText } from '../reporters/text.js';
import { readRuleDoc } from '../rule-docs.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
const REPORTERS: Record<Format, Reporter> = { text: formatText, json: formatJson, sarif: formatSarif };
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export interface LintOptions {
  format: Format;
  output?: string[];
  severity: Severity;
  exitZero?: boolean;
  quiet?: boolean;
  notes?: boolean;
  krakend?: string;
  flavour?: string;
  arch?: string;
  manifest?: string;
  config?: string;
  prefilter: boolean;
  progress?: boolean;
  sarifCategory?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('lint'), { purpose: 'to check against', defaults: 'settings', manifest: true })
    .description('report everything that keeps a plugin from loading (text, json, sarif)')
    .argument('[paths...]', 'files or directories to check (default: .)')
    .addOption(new Option('--format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('--output <format=file>', 'also write the report in FORMAT to FILE (repeatable), e.g. sarif=kpa.sarif', (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .addOption(new Option('--severity <level>', 'lowest severity that makes kpa exit 1').choices(SEVERITIES).default('error'))
    .option('--exit-zero', 'exit 0 even when there are findings (usage and input errors still exit 2)')
    .option('-q, --quiet', 'report only findings at or above --severity (all formats); text prints nothing when there are none')
    .option('--notes', 'print notes in text output too: findings that cannot change whether a plugin loads, which text leaves out (and counts) unless --notes or --severity note; JSON and SARIF always include them')
    .option('--config <file>', 'a KrakenD configuration to check with the plugin, whatever its name')
    .option('--no-prefilter', 'parse every Go package, also those that mention no plugin symbol')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--sarif-category <id>', 'SARIF automationDetails.id, to upload several kpa runs side by side', 'kpa/')
    .action(async (paths: string[] | undefined, options: LintOptions) => done(await runLint(paths ?? [], options, io)));
}

export async function runLint(paths: string[], options: LintOptions, io: CliIO): Promise<number> {
  const cwd = toPosix(io.cwd);
  const outputs = (options.output ?? []).map(parseOutput);

  const project = loadProjectSettings(resolve(io.cwd, paths[0] ?? '.'), io.cwd, cwd);
  if (project.problems.length) {
    for (const problem of project.problems) io.stderr(`${problem}\n`);
    io.stderr(`kpa: fix ${relativePath(cwd, project.file!)} (settings for kpa) and run again\n`);
    return 2;
  }
  const target = targetFromFlags(options, project, io);

  const progress = createProgress(io, { force: options.progress });
  const extraConfigs = options.config ? [configFile(options.config, io)] : [];
  const run = await runLintPipeline({ paths, project, target, prefilter: options.prefilter, extraConfigs, onRead: (n, total) => progress.update(n, total) }, io);
  progress.end();

  const report: LintReport = {
    // --quiet keeps only what decides the exit code, in every format (as eslint --quiet does).
    diagnostics: run.diagnostics.filter((d) => !options.quiet || atLeast(d.severity, options.severity)),
    suppressed: run.suppressed,
    rules: ALL_RULES,
    fileCount: run.files.length,
    target: target && { krakend: target.spec.krakend, flavour: target.spec.flavour, arch: target.spec.arch, go: target.manifest.go },
  };

  const reporterOptions: ReporterOptions = {
    cwd,
    readText: run.readText,
    toolVersion: kpaVersion(),
    threshold: options.severity,
    quiet: options.quiet,
    // Text only (json and sarif ignore it): notes cannot change whether a plugin loads, so they are counted, not
    // printed, unless asked for with --notes or made to fail the run with --severity note.
    hideNotes: !options.notes && options.severity !== 'note',
    srcRoot: toPosix(findRepositoryRoot(io.cwd) ?? io.cwd),
    ruleDoc: readRuleDoc,
    automationId: options.sarifCategory,
  };
  io.stdout(REPORTERS[options.format](report, { ...reporterOptions, colour: options.format === 'text' && useColour(io) }));
  for (const { format, file } of outputs) {
    const path = resolve(io.cwd, file);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, REPORTERS[format](report, reporterOptions));
    } catch (err) {
      throw new UsageError(`--output ${format}=${file}: ${describeFsError(err)}`);
    }
  }

  if (options.exitZero) return 0;
  return report.diagnostics.some((d) => atLeast(d.severity, options.severity)) ? 1 : 0;
}

function configFile(file: string, io: CliIO): string {
  const path = resolve(io.cwd, file);
  try {
    if (!statSync(path).isFile()) throw new UsageError(`--config ${file}: not a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--config ${file}: ${describeFsError(err)}`);
  }
  return toPosix(path);
}

function parseOutput(value: string): { format: Format; file: string } {
  const m = /^([a-z]+)=(.+)$/.exec(value);
  if (!m || !FORMATS.includes(m[1] as Format)) {
    throw new UsageError(`--output ${value}: write FORMAT=FILE with FORMAT one of ${FORMATS.join(', ')}, e.g. --output sarif=kpa.sarif`);
  }
  return { format: m[1] as Format, file: m[2] };
}
