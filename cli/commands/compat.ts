/**
 * `kpa compat [dir]`: which KrakenD releases a plugin module loads in as it is (a matrix of releases ×
 * errors/warnings/notes from the KPA2xx engine), and with `--krakend X` the ordered upgrade plan: the
 * go.mod edits and commands that make it match X. The module is found as go finds it: DIR's go.mod, else the
 * nearest one above DIR; with none, nothing is walked. Exit 0 (a report), 1 when `--krakend X` still has
 * errors, 2 for usage or input errors (no go.mod, a go.mod the go command rejects; the report still prints).
 */
import { Option, type Command } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import { computeGoFacts } from '../../analyzers/go/index.js';
import { compatMatrix, pluginModuleView, upgradePlan, type CompatMatrix, type PlanStep } from '../../analyzers/manifests/compat.js';
import { allManifests, builderImage, resolveTarget, resolveVersion } from '../../analyzers/manifests/resolve-target.js';
import type { ModuleFacts } from '../../analyzers/modules/facts.js';
import { computeModuleFacts } from '../../analyzers/modules/index.js';
import type { Manifest, Target } from '../../analyzers/target.js';
import { relativePath } from '../../analyzers/workspace.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { describeFsError, IGNORED_DIRS, loadDiskWorkspace, toPosix } from '../../host/disk-workspace.js';
import { findUp } from '../../host/find-up.js';
import { moduleCacheFor } from '../../host/module-cache.js';

interface CompatOptions {
  format: 'text' | 'json';
  krakend?: string;
  from?: string;
  to?: string;
  flavour?: string;
  arch?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('compat'), { purpose: 'to print the ordered upgrade plan to', defaults: { flavour: 'alpine', arch: 'amd64' } })
    .description('which KrakenD releases this plugin loads in, and the upgrade plan for one')
    .argument('[dir]', 'plugin directory: the module of its go.mod, else of the nearest go.mod above it, as go build finds it', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--from <version>', 'first release of the matrix (default 2.0.0)')
    .option('--to <version>', 'last release of the matrix (default: newest)')
    .action((dir: string, options: CompatOptions) => done(runCompat(dir, options, io)));
}

interface ModuleReport {
  goMod: string;
  modulePath: string | null;
  matrix: CompatMatrix;
  plan: { krakend: string; go: string; builder: string | null; notes: string[]; steps: PlanStep[]; errors: number } | null;
}

export function runCompat(dir: string, options: CompatOptions, io: CliIO): number {
  const target = resolveOrThrow({ krakend: options.krakend, flavour: options.flavour, arch: options.arch });
  const range = releaseRange(options.from, options.to);
  const found = governingModule(dir, io.cwd);
  const { workspace } = loadDiskWorkspace([found.walk], io.cwd);
  const modules = computeModuleFacts(workspace, { cache: moduleCacheFor(io.env), goos: 'linux', goarch: target.goarch });
  const { packages } = computeGoFacts(workspace, { parser: null, goos: 'linux', goarch: target.goarch, prefilter: true }, []);
  const cwd = toPosix(io.cwd);

  // Found upwards: only the module go build would use in `dir`, not the others below its root.
  const reported = found.only ? modules.filter((m) => m.goModFile === found.only) : modules;
  const problems = reported.flatMap((m) => moduleProblems(m));
  const reports: ModuleReport[] = reported
    .filter((m) => m.goMod)
    .map((m) => {
      const view = pluginModuleView(m, packages, modules);
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
      return { goMod: relativePath(cwd, m.goModFile), modulePath: m.modulePath, matrix, plan };
    });

  if (options.format === 'json') {
    const json = {
      version: 1,
      flavour: target.spec.flavour,
      arch: target.spec.arch,
      releases: range.map((m) => m.krakend),
      modules: reports,
      problems: problems.map((p) => ({ file: relativePath(cwd, p.file), line: p.line, column: p.column, severity: p.severity, message: p.message })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    const colour = useColour(io);
    for (const p of problems) io.stderr(`${relativePath(cwd, p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
    io.stdout(reports.map((r) => formatModuleReport(r, target, colour)).join('\n'));
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

function formatModuleReport(r: ModuleReport, target: Target, colour: boolean): string {
  const c = colour ? pc : { green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, bold: (s: string) => s, dim: (s: string) => s };
  const lines: string[] = [];
  const rows = r.matrix.rows;
  lines.push(c.bold(`${r.modulePath ?? '(no module line)'} (${r.goMod}) against ${rows.length} KrakenD CE release(s), ${target.spec.flavour}/${target.spec.arch}`));
  lines.push('');
  lines.push(`  ${'release'.padEnd(8)} ${'go'.padEnd(8)} ${'errors'.padStart(6)} ${'warnings'.padStart(8)} ${'notes'.padStart(5)}`);
  for (const row of rows) {
    const verdict = row.errors ? c.red('does not load') : row.warnings ? c.yellow('may not load') : c.green('loads as is');
    const line = `  ${row.krakend.padEnd(8)} ${row.go.padEnd(8)} ${String(row.errors).padStart(6)} ${String(row.warnings).padStart(8)} ${String(row.notes).padStart(5)}  ${verdict}`;
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

function formatPlan(plan: NonNullable<ModuleReport['plan']>, goMod: string, c: { bold(s: string): string; dim(s: string): string }): string[] {
  const lines = [c.bold(`Upgrade plan for KrakenD ${plan.krakend} (Go ${plan.go}${plan.builder ? `, builder ${plan.builder}` : ''}):`)];
  if (plan.steps.length === 0) lines.push('  nothing to change: go.mod already matches.');
  plan.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. [${s.level}] ${s.title}`);
    if (s.command) lines.push(`     $ ${s.command}`);
    for (const e of s.edits) {
      const at = `${goMod}:${e.range.start.line + 1}`;
      lines.push(c.dim(`     ${at}: ${e.newText === '' ? 'delete the line' : `write ${JSON.stringify(e.newText.trim())}`}`));
    }
  });
  if (plan.steps.length) lines.push(`  then: go mod tidy${plan.builder ? `, and build in ${plan.builder}` : ''}.`);
  for (const note of plan.notes.slice(-1)) if (/builder/.test(note)) lines.push(c.dim(`  note: ${note}`));
  return lines;
}
