/**
 * `kpa lint [paths...]`: everything that keeps a plugin from loading, as text, JSON or SARIF.
 * Steps: settings (.kpa.json, found upwards) → target → workspace (minus ignore globs) → Go parser only
 * if there are .go files → analyze() → walk problems as KPA001 → kpa:ignore suppressions → reporters.
 * Exit 0 clean, 1 findings at or above --severity, 2 usage or input error (design.md).
 */
import { readManifestOption } from '../read-manifest.js';
import { loadParserFor } from '../run-analysis.js';
import { Option, type Command } from 'commander';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { atLeast, ZERO_RANGE, type Diagnostic, type Severity } from '../../analyzers/diagnostics.js';
import { analyze, rulesThatRun } from '../../analyzers/engine.js';
import { LineIndex } from '../../analyzers/positions.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { toDiagnostic } from '../../analyzers/rules/define-rule.js';
import unreadableFile from '../../analyzers/rules/kpa001-unreadable-file.js';
import { globMatcher } from '../../analyzers/settings/glob.js';
import { EMPTY_SETTINGS, parseKpaSettings, type KpaSettings } from '../../analyzers/settings/parse-kpa-settings.js';
import { applySuppressions } from '../../analyzers/suppressions.js';
import type { Manifest, Target } from '../../analyzers/target.js';
import { relativePath, Workspace, type FileSource, type ReadResult } from '../../analyzers/workspace.js';
import { findRepositoryRoot, findSettingsFile } from '../find-up.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { describeFsError, loadDiskWorkspace, readRegularFile, toPosix } from '../load-workspace.js';
import { kpaVersion } from '../main.js';
import { createProgress, type Progress } from '../progress.js';
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
  program
    .command('lint')
    .description('report everything that keeps a plugin from loading (text, json, sarif)')
    .argument('[paths...]', 'files or directories to check (default: .)')
    .addOption(new Option('--format <format>', 'output format on stdout').choices(FORMATS).default('text'))
    .option('--output <format=file>', 'also write the report in FORMAT to FILE (repeatable), e.g. sarif=kpa.sarif', (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .addOption(new Option('--severity <level>', 'lowest severity that makes kpa exit 1').choices(SEVERITIES).default('error'))
    .option('--exit-zero', 'exit 0 even when there are findings (usage and input errors still exit 2)')
    .option('-q, --quiet', 'report only findings at or above --severity (all formats); text prints nothing when there are none')
    .option('--krakend <version>', 'KrakenD release to check against: X.Y.Z, X.Y (newest patch) or latest (default: .kpa.json, then latest)')
    .option('--flavour <flavour>', 'alpine (Docker image, musl) or linux-generic (deb/rpm/tgz, glibc) (default: .kpa.json, then alpine)')
    .option('--arch <arch>', 'amd64 or arm64 (default: .kpa.json, then amd64)')
    .option('--manifest <file>', 'check against a custom KrakenD build described by a manifest from `kpa manifest`')
    .option('--config <file>', 'a KrakenD configuration to check with the plugin, whatever its name')
    .option('--no-prefilter', 'parse every Go package, also those that mention no plugin symbol')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--sarif-category <id>', 'SARIF automationDetails.id, to upload several kpa runs side by side', 'kpa/')
    .action(async (paths: string[] | undefined, options: LintOptions) => done(await runLint(paths ?? [], options, io)));
}

export async function runLint(paths: string[], options: LintOptions, io: CliIO): Promise<number> {
  const cwd = toPosix(io.cwd);
  const outputs = (options.output ?? []).map(parseOutput);

  const settingsFile = findSettingsFile(resolve(io.cwd, paths[0] ?? '.'));
  const settings = settingsFile ? readSettings(settingsFile, cwd, io) : EMPTY_SETTINGS;
  if (!settings) return 2;
  const settingsDir = settingsFile ? toPosix(dirname(settingsFile)) : cwd;

  const target = resolveLintTarget(options, settings, settingsFile, cwd, io);

  const progress = createProgress(io, { force: options.progress });
  const { workspace: disk, problems } = loadDiskWorkspace(paths, io.cwd);
  const ignored = globMatcher(settings.ignore);
  const isIgnored = (file: string) => {
    const rel = relativePath(settingsDir, file);
    return !rel.startsWith('../') && rel !== '..' && ignored(rel);
  };
  const extra = options.config ? [configFile(options.config, io)] : [];
  const files = [...new Set([...disk.source.paths().filter((f) => !isIgnored(f)), ...extra])].sort();
  const workspace = new Workspace(disk.root, new ProgressFileSource(disk.source, files, progress));
  for (const config of extra) if (!workspace.configFiles.includes(config)) workspace.configFiles.push(config);

  const parser = await loadParserFor(workspace, io);
  const result = analyze(workspace, { parser, target, prefilter: options.prefilter, rules: settings.rules });
  progress.end();

  const walkFindings = settings.rules[unreadableFile.id] === 'off' ? [] : problems.map((p) => walkProblem(p.path, p.message, settings));
  const ranRules = new Set(rulesThatRun({ target, rules: settings.rules }).map((r) => r.id));
  const readText = (file: string) => textOf(workspace.read(file));
  const { diagnostics, suppressed } = applySuppressions([...result.diagnostics, ...walkFindings], files, readText, {
    knownRules: new Set(ALL_RULES.map((r) => r.id)),
    ranRules,
    setting: settings.rules.KPA002,
  });
  const report: LintReport = {
    // --quiet keeps only what decides the exit code, in every format (as eslint --quiet does).
    diagnostics: diagnostics.filter((d) => !isIgnored(d.file) && (!options.quiet || atLeast(d.severity, options.severity))),
    suppressed,
    rules: ALL_RULES,
    fileCount: files.length,
    target: target && { krakend: target.spec.krakend, flavour: target.spec.flavour, arch: target.spec.arch, go: target.manifest.go },
  };

  const reporterOptions: ReporterOptions = {
    cwd,
    readText,
    toolVersion: kpaVersion(),
    threshold: options.severity,
    quiet: options.quiet,
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

/** Prints each problem of .kpa.json as `path:line:col: message` and returns null, or the settings. */
function readSettings(file: string, cwd: string, io: CliIO): KpaSettings | null {
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (err) {
    throw new UsageError(`${relativePath(cwd, toPosix(file))}: ${describeFsError(err)}`);
  }
  const { settings, problems } = parseKpaSettings(text, ALL_RULES);
  if (!problems.length) return settings;
  const lines = new LineIndex(text);
  for (const p of problems) {
    const { line, column } = lines.positionToTextLocation(p.range.start);
    io.stderr(`${relativePath(cwd, toPosix(file))}:${line}:${column}: ${p.message}\n`);
  }
  io.stderr(`kpa: fix ${relativePath(cwd, toPosix(file))} (settings for kpa) and run again\n`);
  return null;
}

function resolveLintTarget(options: LintOptions, settings: KpaSettings, settingsFile: string | null, cwd: string, io: CliIO): Target {
  let manifest: Manifest | undefined;
  if (options.manifest) manifest = readManifestOption(options.manifest, io.cwd);
  const resolved = resolveTarget({
    krakend: options.krakend ?? settings.target.krakend,
    flavour: options.flavour ?? settings.target.flavour,
    arch: options.arch ?? settings.target.arch,
    manifest,
  });
  if ('target' in resolved) return resolved.target;
  // Point at .kpa.json when the bad value came from there rather than from a flag.
  const fromSettings = settingsFile && !options.krakend && settings.ranges.target.krakend && /KrakenD version/.test(resolved.error);
  if (fromSettings) {
    const start = settings.ranges.target.krakend!.start;
    throw new UsageError(`${relativePath(cwd, toPosix(settingsFile))}:${start.line + 1}:${start.character + 1}: ${resolved.error}`);
  }
  throw new UsageError(resolved.error);
}


function walkProblem(path: string, message: string, settings: KpaSettings): Diagnostic {
  const d = toDiagnostic(unreadableFile, { messageId: 'unreadable', data: { reason: `directory could not be read (${message})` }, file: path, range: ZERO_RANGE, details: { kind: 'unreadable' } });
  const setting = settings.rules[unreadableFile.id];
  if (setting && setting !== 'off') d.severity = setting;
  return d;
}

function textOf(result: ReadResult): string | undefined {
  return 'text' in result ? result.text : undefined;
}

/** The disk source restricted to the files kept after ignore globs, counting reads for the progress bar. */
class ProgressFileSource implements FileSource {
  private seen = new Set<string>();
  constructor(
    private inner: FileSource,
    private files: string[],
    private progress: Progress,
  ) {}
  paths(): readonly string[] {
    return this.files;
  }
  read(path: string): ReadResult {
    const result = this.inner.read(path);
    if (!this.seen.has(path)) {
      this.seen.add(path);
      this.progress.update(this.seen.size, this.files.length);
    }
    return result;
  }
  readBytes(path: string): Uint8Array | { error: string } {
    return this.inner.readBytes ? this.inner.readBytes(path) : { error: 'cannot read bytes' };
  }
}
