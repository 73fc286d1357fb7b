/**
 * `kpa compat [dir]`: which KrakenD releases a plugin module loads in as it is (a matrix of releases ×
 * errors/warnings/notes from the KPA2xx engine), and with `--krakend X` the ordered upgrade plan: the
 * go.mod edits and commands that make it match X. The module is found as go finds it: DIR's go.mod, else the
 * nearest one above DIR; with none, nothing is walked. Exit 0 (a report), 1 when `--krakend X` still has
 * errors, 2 for usage or input errors (no go.mod, a go.mod the go command rejects; the report still prints).
 *
 * It judges what the lint judges (analyzers/plugin-builds.ts): only modules that build a plugin, each with only
 * the packages its plugin builds compile; a go.mod given without Go sources is judged too. A module that builds
 * no plugin (a backend service, a custom KrakenD build, a library) is left out, and one line says how many were
 * (`--all-modules` reports them as well). With several modules, the text is a line per module and details only
 * for those that do not load as is.
 */
import { Option, type Command } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import { AnalysisContext } from '../../analyzers/analysis-context.js';
import { computeFacts } from '../../analyzers/engine.js';
import type { PackageFacts } from '../../analyzers/go/facts.js';
import { compatMatrix, moduleViewOf, pluginModuleView, upgradePlan, type CompatMatrix, type MatrixRow, type PlanStep } from '../../analyzers/manifests/compat.js';
import { allManifests, builderImage, resolveTarget, resolveVersion } from '../../analyzers/manifests/resolve-target.js';
import type { ModuleFacts } from '../../analyzers/modules/facts.js';
import { modulesThatBuildPlugins } from '../../analyzers/plugin-builds.js';
import type { Manifest, Target } from '../../analyzers/target.js';
import { relativePath } from '../../analyzers/workspace.js';
import { addTargetOptions } from '../target-options.js';
import { escapeControlCharacters as safe } from '../../host/display-text.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { describeFsError, IGNORED_DIRS, loadDiskWorkspace, toPosix } from '../../host/disk-workspace.js';
import { findUp } from '../../host/find-up.js';
import { moduleCacheFor } from '../../host/module-cache.js';
import { loadParserFor } from '../../host/run-analysis.js';

interface CompatOptions {
  format: 'text' | 'json';
  krakend?: string;
  from?: string;
  to?: string;
  flavour?: string;
  arch?: string;
  allModules?: boolean;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('compat'), { purpose: 'to print the ordered upgrade plan to', defaults: { flavour: 'alpine', arch: 'amd64' } })
    .description('which KrakenD releases this plugin loads in, and the upgrade plan for one')
    .argument('[dir]', 'plugin directory: the module of its go.mod, else of the nearest go.mod above it, as go build finds it', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--from <version>', 'first release of the matrix (default 2.0.0)')
    .option('--to <version>', 'last release of the matrix (default: newest)')
    .option('--all-modules', 'also report the modules that build no plugin (backend services, a custom KrakenD build, libraries)')
    .action(async (dir: string, options: CompatOptions) => done(await runCompat(dir, options, io)));
}

interface ModuleReport {
  goMod: string;
  modulePath: string | null;
  /** Whether the module builds a plugin (or is a go.mod given without Go sources); false only with --all-modules. */
  buildsPlugin: boolean;
  matrix: CompatMatrix;
  plan: { krakend: string; go: string; builder: string | null; notes: string[]; steps: PlanStep[]; errors: number } | null;
}

export async function runCompat(dir: string, options: CompatOptions, io: CliIO): Promise<number> {
  const target = resolveOrThrow({ krakend: options.krakend, flavour: options.flavour, arch: options.arch });
  const range = releaseRange(options.from, options.to);
  const found = governingModule(dir, io.cwd);
  const { workspace } = loadDiskWorkspace([found.walk], io.cwd);
  // The facts the lint computes (Go packages with their plugin symbols, modules, recipes), so that compat judges
  // the same modules and packages: analyzers/plugin-builds.ts.
  const parser = await loadParserFor(workspace, io.env);
  const facts = computeFacts(workspace, { parser, target, prefilter: true, moduleCache: moduleCacheFor(io.env) });
  const judged = new Map<ModuleFacts, readonly PackageFacts[]>(modulesThatBuildPlugins(new AnalysisContext(facts)).map((j) => [j.module, j.packages]));
  const modules = facts.modules;
  const cwd = toPosix(io.cwd);

  // Found upwards: only the module go build would use in `dir`, not the others below its root.
  const inScope = found.only ? modules.filter((m) => m.goModFile === found.only) : modules;
  const leftOut = inScope.filter((m) => !judged.has(m));
  const reported = options.allModules ? inScope : inScope.filter((m) => judged.has(m));
  const problems = reported.flatMap((m) => moduleProblems(m));
  const reports: ModuleReport[] = reported
    .filter((m) => m.goMod)
    .map((m) => {
      const own = judged.get(m);
      // A module that builds no plugin (--all-modules): judged as before, by every package it governs.
      const view = own ? moduleViewOf(m, own) : pluginModuleView(m, facts.go, modules);
      const matrix = compatMatrix(view, range);
      let plan: ModuleReport['plan'] = null;
      if (options.krakend) {
        const steps = upgradePlan(view, target.manifest);
        plan = {
          krakend: target.manifest.krakend,
          go: target.manifest.go,
          builder: builderImage(target),
          notes: target.manifest.notes,
          steps,
          errors: steps.filter((s) => s.level === 'error').length,
        };
      }
      return { goMod: relativePath(cwd, m.goModFile), modulePath: m.modulePath, buildsPlugin: own !== undefined, matrix, plan };
    });
  const named = leftOut.slice(0, 3).map((m) => relativePath(cwd, m.goModFile)).join(', ') + (leftOut.length > 3 ? ', …' : '');
  const leftOutLine = leftOut.length
    ? options.allModules
      ? `${leftOut.length} module(s) reported above build no plugin (${named}): no package of theirs declares a plugin symbol and is built as one.`
      : `${leftOut.length} module(s) left out, since they build no plugin (${named}): no package of theirs declares a plugin symbol and is built as one; --all-modules reports them too.`
    : null;

  if (options.format === 'json') {
    const json = {
      version: 1,
      flavour: target.spec.flavour,
      arch: target.spec.arch,
      releases: range.map((m) => m.krakend),
      modules: reports,
      /** The modules in DIR that build no plugin: left out of `modules` unless --all-modules. */
      noPlugin: leftOut.map((m) => ({ goMod: relativePath(cwd, m.goModFile), modulePath: m.modulePath })),
      problems: problems.map((p) => ({ file: relativePath(cwd, p.file), line: p.line, column: p.column, severity: p.severity, message: p.message })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    const colour = useColour(io);
    for (const p of problems) io.stderr(`${safe(`${relativePath(cwd, p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`)}\n`);
    if (reports.length === 1) io.stdout(formatModuleReport(reports[0], target, colour));
    else if (reports.length > 1) io.stdout(formatModuleSummaries(reports, target, colour));
    else if (leftOut.length) io.stdout('No module here builds a plugin, so none is checked against KrakenD releases.\n');
    if (leftOutLine) io.stdout(`${reports.length ? '\n' : ''}${leftOutLine}\n`);
  }
  if (problems.some((p) => p.severity === 'error')) return 2;
  return reports.some((r) => r.plan && r.plan.errors > 0) ? 1 : 0;
}

/**
 * Which tree to read for `dir`, as the go command finds a module: a go.mod in `dir` reports it and every module
 * below it; else the nearest go.mod above `dir` governs it, and only that module is reported (its whole tree is
 * read, since its packages decide what the plugin imports). With no go.mod at or above `dir` nothing is walked:
 * a usage error, naming the modules one or two levels below when there are some.
 */
export function governingModule(dir: string, cwd: string): { walk: string; only: string | null } {
  const abs = resolve(cwd, dir);
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    throw new UsageError(`${dir}: ${describeFsError(err)}`);
  }
  const start = st.isDirectory() ? abs : dirname(abs);
  if (existsSync(join(start, 'go.mod'))) return { walk: start, only: null };
  const above = findUp(start, 'go.mod');
  if (above) return { walk: dirname(above), only: toPosix(above) };
  const below = modulesJustBelow(start).map((m) => relativePath(toPosix(cwd), toPosix(m)) || '.');
  const hint = below.length ? `; modules below it: ${below.slice(0, 5).join(', ')}${below.length > 5 ? ', …' : ''} (pass one as DIR)` : '';
  throw new UsageError(`${dir}: no go.mod found in this directory or any parent, so go build has no module here either${hint}. Run kpa compat in a plugin module, or pass its directory.`);
}

/** Directories one or two levels below `dir` that hold a go.mod (a hint only: never a walk of the whole tree). */
function modulesJustBelow(dir: string): string[] {
  const out: string[] = [];
  const children = (d: string): string[] => {
    try {
      return readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !IGNORED_DIRS.includes(e.name))
        .map((e) => join(d, e.name))
        .sort();
    } catch {
      return [];
    }
  };
  for (const child of children(dir)) {
    if (existsSync(join(child, 'go.mod'))) out.push(child);
    else for (const grandchild of children(child)) if (existsSync(join(grandchild, 'go.mod'))) out.push(grandchild);
  }
  return out;
}

function resolveOrThrow(input: { krakend?: string; flavour?: string; arch?: string }): Target {
  const r = resolveTarget(input);
  if ('error' in r) throw new UsageError(r.error);
  return r.target;
}

/** `--from`/`--to`: X.Y.Z, X.Y (from: its first patch; to: its newest) or latest. */
function releaseRange(from: string | undefined, to: string | undefined): readonly Manifest[] {
  const all = allManifests();
  const index = (input: string | undefined, fallback: number, first: boolean): number => {
    if (input === undefined) return fallback;
    if (first && /^v?\d+\.\d+$/.test(input.trim())) {
      const prefix = input.trim().replace(/^v/, '') + '.';
      const i = all.findIndex((m) => m.krakend.startsWith(prefix));
      if (i >= 0) return i;
    }
    const r = resolveVersion(input);
    if ('error' in r) throw new UsageError(r.error);
    return all.findIndex((m) => m.krakend === r.version);
  };
  const a = index(from, 0, true);
  const b = index(to, all.length - 1, false);
  if (a > b) throw new UsageError(`--from ${from} is newer than --to ${to ?? 'latest'}`);
  return all.slice(a, b + 1);
}

interface PrintedProblem {
  file: string;
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  message: string;
}

function moduleProblems(m: ModuleFacts): PrintedProblem[] {
  const out: PrintedProblem[] = m.readErrors.map((e) => ({ file: e.file, line: 1, column: 1, severity: 'error' as const, message: `cannot read: ${e.message}` }));
  for (const p of [...(m.goMod?.problems ?? []), ...(m.goSum?.problems ?? [])]) {
    if (p.severity === 'note') continue;
    out.push({ file: p.file, line: p.range.start.line + 1, column: p.range.start.character + 1, severity: p.severity, message: p.message });
  }
  return out;
}

type Colours = { green(s: string): string; red(s: string): string; yellow(s: string): string; bold(s: string): string; dim(s: string): string };

function colours(colour: boolean): Colours {
  const plain = (s: string) => s;
  return colour ? pc : { green: plain, red: plain, yellow: plain, bold: plain, dim: plain };
}

function verdictOf(row: MatrixRow, c: Colours): string {
  return row.errors ? c.red('does not load') : row.warnings ? c.yellow('may not load') : c.green('loads as is');
}

/** Whether the module needs more than its summary line: it does not load as is in the newest release, or the plan has steps. */
function hasProblems(r: ModuleReport): boolean {
  const newest = r.matrix.rows.at(-1);
  return (newest !== undefined && newest.errors + newest.warnings > 0) || (r.plan !== null && r.plan.steps.length > 0);
}

/**
 * Several modules (a monorepo): one line per module, then details — the matrix with equal neighbouring
 * releases merged, and the upgrade plan — only for the modules that do not load as is.
 */
function formatModuleSummaries(reports: readonly ModuleReport[], target: Target, colour: boolean): string {
  const c = colours(colour);
  const rows = reports[0].matrix.rows;
  const span = rows.length ? (rows.length === 1 ? rows[0].krakend : `${rows[0].krakend}–${rows.at(-1)!.krakend}`) : 'no release';
  const lines = [c.bold(`${reports.length} plugin module(s) against ${rows.length} KrakenD CE release(s) (${span}), ${target.spec.flavour}/${target.spec.arch}:`)];
  for (const r of reports) lines.push(`  ${summaryLine(r, c)}`);
  for (const r of reports.filter(hasProblems)) {
    lines.push('', c.bold(`${safe(r.modulePath ?? '(no module line)')} (${safe(r.goMod)}):`));
    lines.push(`  ${'releases'.padEnd(17)} ${'go'.padEnd(17)} ${'errors'.padStart(6)} ${'warnings'.padStart(8)} ${'notes'.padStart(5)}`);
    for (const g of mergedRows(r.matrix.rows)) {
      const releases = g.first.krakend === g.last.krakend ? g.first.krakend : `${g.first.krakend}–${g.last.krakend}`;
      const go = g.first.go === g.last.go ? g.first.go : `${g.first.go}–${g.last.go}`;
      lines.push(`  ${releases.padEnd(17)} ${go.padEnd(17)} ${String(g.first.errors).padStart(6)} ${String(g.first.warnings).padStart(8)} ${String(g.first.notes).padStart(5)}  ${verdictOf(g.first, c)}`);
    }
    if (r.plan) lines.push('', ...formatPlan(r.plan, r.goMod, c));
  }
  return lines.join('\n') + '\n';
}

/** One module in one line: how it fares in the newest release of the range, and the newest it loads in as is. */
function summaryLine(r: ModuleReport, c: Colours): string {
  const name = `${safe(r.modulePath ?? '(no module line)')} (${safe(r.goMod)})${r.buildsPlugin ? '' : ' [builds no plugin]'}`;
  const rows = r.matrix.rows;
  const newest = rows.at(-1);
  if (!newest) return name;
  const clean = rows.filter((row) => row.errors + row.warnings === 0).length;
  const counts = [newest.errors ? `${newest.errors} error(s)` : '', newest.warnings ? `${newest.warnings} warning(s)` : ''].filter(Boolean).join(', ');
  let text = `${name}: ${verdictOf(newest, c)} in ${newest.krakend}${counts ? ` (${counts})` : ''}`;
  if (!counts) text += ` (in ${clean} of ${rows.length} releases)`;
  else if (r.matrix.newestClean) text += `; newest it loads in as is: ${r.matrix.newestClean}`;
  else if (r.matrix.newestWithoutErrors && newest.errors) text += `; newest without errors: ${r.matrix.newestWithoutErrors}`;
  else if (!r.matrix.newestWithoutErrors) text += '; loads in none of these releases as is';
  if (r.plan) text += r.plan.steps.length ? `; plan for ${r.plan.krakend}: ${r.plan.steps.length} step(s)` : `; nothing to change for ${r.plan.krakend}`;
  return text;
}

/** Neighbouring releases with the same counts, as one row. */
function mergedRows(rows: readonly MatrixRow[]): { first: MatrixRow; last: MatrixRow }[] {
  const out: { first: MatrixRow; last: MatrixRow }[] = [];
  for (const row of rows) {
    const prev = out.at(-1);
    if (prev && prev.last.errors === row.errors && prev.last.warnings === row.warnings && prev.last.notes === row.notes) prev.last = row;
    else out.push({ first: row, last: row });
  }
  return out;
}

function formatModuleReport(r: ModuleReport, target: Target, colour: boolean): string {
  const c = colours(colour);
  const lines: string[] = [];
  const rows = r.matrix.rows;
  lines.push(c.bold(`${safe(r.modulePath ?? '(no module line)')} (${safe(r.goMod)})${r.buildsPlugin ? '' : ' [builds no plugin]'} against ${rows.length} KrakenD CE release(s), ${target.spec.flavour}/${target.spec.arch}`));
  lines.push('');
  lines.push(`  ${'release'.padEnd(8)} ${'go'.padEnd(8)} ${'errors'.padStart(6)} ${'warnings'.padStart(8)} ${'notes'.padStart(5)}`);
  for (const row of rows) {
    const line = `  ${row.krakend.padEnd(8)} ${row.go.padEnd(8)} ${String(row.errors).padStart(6)} ${String(row.warnings).padStart(8)} ${String(row.notes).padStart(5)}  ${verdictOf(row, c)}`;
    lines.push(line);
  }
  lines.push('');
  lines.push(
    r.matrix.newestClean
      ? `Newest release it loads in as it is: ${c.green(r.matrix.newestClean)}`
      : r.matrix.newestWithoutErrors
        ? `No release matches every module; newest without errors: ${c.yellow(r.matrix.newestWithoutErrors)} (warnings can still break loading)`
        : c.red('It loads in none of these releases as it is; run kpa compat --krakend <version> for the upgrade plan.'),
  );
  if (r.plan) lines.push('', ...formatPlan(r.plan, r.goMod, c));
  return lines.join('\n') + '\n';
}

function formatPlan(plan: NonNullable<ModuleReport['plan']>, goMod: string, c: Pick<Colours, 'bold' | 'dim'>): string[] {
  const lines = [c.bold(`Upgrade plan for KrakenD ${plan.krakend} (Go ${plan.go}${plan.builder ? `, builder ${plan.builder}` : ''}):`)];
  if (plan.steps.length === 0) lines.push('  nothing to change: go.mod already matches.');
  plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. [${s.level}] ${safe(s.title)}`);
    if (s.command) lines.push(`     $ ${safe(s.command)}`);
    for (const e of s.edits) {
      const at = `${safe(goMod)}:${e.range.start.line + 1}`;
      lines.push(c.dim(`     ${at}: ${e.newText === '' ? 'delete the line' : `write ${safe(JSON.stringify(e.newText.trim()))}`}`));
    }
  });
  if (plan.steps.length) lines.push(`  then: go mod tidy${plan.builder ? `, and build in ${plan.builder}` : ''}.`);
  for (const note of plan.notes.slice(-1)) if (/builder/.test(note)) lines.push(c.dim(`  note: ${safe(note)}`));
  return lines;
}
