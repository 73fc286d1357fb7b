/**
 * `kpa lint [paths...]`: everything that keeps a plugin from loading, as text, JSON or SARIF.
 * Steps: settings (.kpa.json, found upwards) → target → the lint pipeline (host/lint-pipeline.ts, shared with
 * kpa build and, for its last steps, the language server) → reporters.
 * Exit 0 clean, 1 findings at or above --severity, 2 usage or input error (design.md).
 * Text output hides notes unless --notes or --severity note (a count line says how many); JSON and SARIF keep them.
 * --fix applies the fixes that are edits, in passes (host/fix-passes.ts), says what it changed, then reports what
 * is left; --new-from-rev keeps only findings on lines changed since a git revision (host/changed-lines.ts).
 */
import { Option, type Command } from 'commander';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { atLeast, type Diagnostic, type Severity } from '../../analyzers/diagnostics.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { factKindOf } from '../../analyzers/fact-kinds.js';
import { SETTINGS_FILE_NAME } from '../../analyzers/settings/parse-kpa-settings.js';
import { basename, relativePath } from '../../analyzers/workspace.js';
import { describeFsError, toPosix } from '../../host/disk-workspace.js';
import { changedLinesSince } from '../../host/changed-lines.js';
import { findRepositoryRoot } from '../../host/find-up.js';
import { fixInPasses } from '../../host/fix-passes.js';
import { runLint as runLintPipeline, type LintRun } from '../../host/lint-pipeline.js';
import { makeDirectory, writeFileAtomically } from '../../host/safe-write.js';
import { loadProjectSettings } from '../../host/project-settings.js';
import { targetFromFlags } from '../../host/target-flags.js';
import { kpaVersion } from '../../host/version.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { formatCheckstyle } from '../reporters/checkstyle.js';
import { formatFixSummary } from '../reporters/fix-summary.js';
import { formatGithub } from '../reporters/github.js';
import { formatGitlab } from '../reporters/gitlab.js';
import { formatJson } from '../reporters/json.js';
import { formatJunit } from '../reporters/junit.js';
import type { LintReport, Reporter, ReporterOptions } from '../reporters/report.js';
import { formatSarif } from '../reporters/sarif.js';
import { formatText } from '../reporters/text.js';
import { readRuleDoc } from '../rule-docs.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'checkstyle', 'junit', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];
const REPORTERS: Record<Format, Reporter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  checkstyle: formatCheckstyle,
  junit: formatJunit,
  gitlab: formatGitlab,
};
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
  fix?: boolean;
  fixDryRun?: boolean;
  newFromRev?: string;
  newFromMergeBase?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('lint'), { purpose: 'to check against', defaults: 'settings', manifest: true })
    .description('report everything that keeps a plugin from loading (text, json, sarif, github, checkstyle, junit, gitlab); --fix applies the fixes')
    .argument('[paths...]', 'files or directories to check (default: .)')
    .addOption(new Option('--format <format>', 'output format on stdout: github prints workflow commands (annotations in GitHub Actions), checkstyle and junit XML (Jenkins, reviewdog), gitlab Code Quality JSON (see docs/ci.md)').choices(FORMATS).default('text'))
    .option('--output <format=file>', 'also write the report in FORMAT to FILE (repeatable), e.g. sarif=kpa.sarif', (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .addOption(new Option('--severity <level>', 'lowest severity that makes kpa exit 1').choices(SEVERITIES).default('error'))
    .option('--exit-zero', 'exit 0 even when there are findings (usage and input errors still exit 2)')
    .option('-q, --quiet', 'report only findings at or above --severity (all formats); text prints nothing when there are none')
    .option('--notes', 'print notes in text output too: findings that cannot change whether a plugin loads, which text leaves out (and counts) unless --notes or --severity note; JSON and SARIF always include them')
    .option('--config <file>', 'a KrakenD configuration to check with the plugin, whatever its name')
    .option('--no-prefilter', 'parse every Go package, also those that mention no plugin symbol')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .addOption(new Option('--fix', 'apply every fix that is an edit (Go sources, go.mod, krakend.json), in passes, say what changed per file, then report what is left; fixes that are only a command (go get) are listed, not run').conflicts('fixDryRun'))
    .option('--fix-dry-run', 'print the unified diff --fix would write (its first pass) and what is left to do by hand; writes nothing')
    .addOption(new Option('--new-from-rev <rev>', 'report only findings on lines changed since git revision REV (git diff, plus untracked files)').conflicts('newFromMergeBase'))
    .option('--new-from-merge-base <rev>', 'report only findings on lines changed since the merge base of HEAD and REV (a pull request\'s own changes)')
    .option('--sarif-category <id>', 'SARIF automationDetails.id, to upload several kpa runs side by side', 'kpa/')
    .action(async (paths: string[] | undefined, options: LintOptions) => done(await runLint(paths ?? [], options, io)));
}

export async function runLint(paths: string[], options: LintOptions, io: CliIO): Promise<number> {
  const cwd = toPosix(io.cwd);
  const outputs = (options.output ?? []).map(parseOutput);
  for (const path of paths) checkNamedInput(path, io);

  const project = loadProjectSettings(resolve(io.cwd, paths[0] ?? '.'), io.cwd, cwd);
  if (project.problems.length) {
    for (const problem of project.problems) io.stderr(`${problem}\n`);
    io.stderr(`kpa: fix ${relativePath(cwd, project.file!)} (settings for kpa) and run again\n`);
    return 2;
  }
  const target = targetFromFlags(options, project, io);

  const progress = createProgress(io, { force: options.progress });
  const extraConfigs = options.config ? [configFile(options.config, io)] : [];
  const lintOnce = async (): Promise<LintRun> => {
    const changed = newFindingsOnly(options, io);
    const run = await runLintPipeline({ paths, project, target, prefilter: options.prefilter, extraConfigs, onRead: (n, total) => progress.update(n, total) }, io);
    progress.end();
    return changed ? { ...run, diagnostics: run.diagnostics.filter((d) => changed.isChanged(d.file, d.range.start.line)) } : run;
  };
  // Notes are hidden from text by default and --quiet hides what is below --severity: --fix changes only what it shows.
  const hideNotes = !options.notes && options.severity !== 'note';
  const shown = (d: Diagnostic) => (!options.quiet || atLeast(d.severity, options.severity)) && !(hideNotes && d.severity === 'note');
  const fixed = options.fix || options.fixDryRun ? await fixInPasses(lintOnce, { dryRun: options.fixDryRun, fixable: shown }) : null;
  const run = fixed ? fixed.last : await lintOnce();

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
    hideNotes,
    srcRoot: toPosix(findRepositoryRoot(io.cwd) ?? io.cwd),
    ruleDoc: readRuleDoc,
    automationId: options.sarifCategory,
  };
  if (fixed) {
    // Beside a machine format on stdout, what --fix did goes to stderr.
    const summary = formatFixSummary(fixed, { cwd, dryRun: Boolean(options.fixDryRun) });
    if (options.format === 'text') io.stdout(summary + (options.fixDryRun ? '' : '\n'));
    else io.stderr(summary);
  }
  // A dry run prints the diff instead of the report (the findings it lists are those before the fixes).
  if (!(options.fixDryRun && options.format === 'text')) {
    io.stdout(REPORTERS[options.format](report, { ...reporterOptions, colour: options.format === 'text' && useColour(io) }));
  }
  for (const { format, file } of outputs) {
    const path = resolve(io.cwd, file);
    try {
      makeDirectory(dirname(path), `--output ${format}=${file}`);
      writeFileAtomically(path, REPORTERS[format](report, reporterOptions));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--output ${format}=${file}: ${describeFsError(err)}`);
    }
  }

  if (options.exitZero) return 0;
  return report.diagnostics.some((d) => atLeast(d.severity, options.severity)) ? 1 : 0;
}

/** The changed lines of --new-from-rev / --new-from-merge-base, or null without them. */
function newFindingsOnly(options: LintOptions, io: CliIO) {
  if (options.newFromRev !== undefined) return changedLinesSince(io.cwd, options.newFromRev, { mergeBase: false, flag: '--new-from-rev', env: io.env });
  if (options.newFromMergeBase !== undefined) return changedLinesSince(io.cwd, options.newFromMergeBase, { mergeBase: true, flag: '--new-from-merge-base', env: io.env });
  return null;
}

/**
 * A file named on the command line is one the user expects checked: one kpa does not read (gateway.json,
 * /etc/passwd, /dev/null) is a usage error, never "no problems, 1 file checked". Directories are walked, and a
 * file kpa reads but cannot (a FIFO named x.go) is reported by the read.
 */
function checkNamedInput(path: string, io: CliIO): void {
  const abs = toPosix(resolve(io.cwd, path));
  try {
    if (statSync(abs).isDirectory()) return;
  } catch {
    return; // the walk says what is wrong with it
  }
  if (factKindOf(abs) !== null || basename(abs) === SETTINGS_FILE_NAME) return;
  const hint = abs.endsWith('.json') || abs.endsWith('.jsonc') ? `; to check it as a KrakenD configuration, use --config ${path}` : '';
  throw new UsageError(`${path}: not a file kpa checks (Go sources, go.mod, go.sum, krakend*.json, .so plugins, build recipes)${hint}`);
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
