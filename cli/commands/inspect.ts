/**
 * `kpa inspect`: every Go package that declares a plugin symbol, with the verdict per kind.
 * The JSON form is a contract (docs/inspect-format.md); keep it stable.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { addTargetOptions } from '../target-options.js';
import { escapeControlCharacters as safe } from '../../host/display-text.js';
import { UsageError, useColour, type CliIO } from '../io.js';
import { runAnalysis } from '../../host/run-analysis.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { relativePath } from '../../analyzers/workspace.js';
import { moduleFor } from '../../analyzers/modules/module-owners.js';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import type { EngineFacts } from '../../analyzers/facts.js';

export interface InspectPlugin {
  kind: string;
  symbol: string;
  file: string;
  line: number;
  loads: boolean | null;
  names: string[];
  optional: string[];
  problems: { rule: string; message: string }[];
}

export interface InspectPackage {
  dir: string;
  name: string | null;
  files: string[];
  module: { path: string | null; goMod: string } | null;
  plugins: InspectPlugin[];
}

export function inspectReport(facts: EngineFacts, diagnostics: Diagnostic[], cwd: string): { packages: InspectPackage[] } {
  const packages: InspectPackage[] = [];
  for (const pkg of facts.go) {
    const symbols = facts.plugins.get(pkg.dir);
    if (!symbols?.length) continue;
    const mod = moduleFor(facts.modules, pkg.dir);
    packages.push({
      dir: relativePath(cwd, pkg.dir),
      name: pkg.name,
      files: pkg.files.map((f) => relativePath(pkg.dir, f)),
      module: mod ? { path: mod.modulePath, goMod: relativePath(cwd, mod.goModFile) } : null,
      plugins: symbols.map((s) => ({
        kind: s.kind,
        symbol: s.symbol,
        file: relativePath(pkg.dir, s.file),
        line: s.range.start.line + 1,
        loads: s.loads,
        names: s.names,
        optional: s.optional,
        // The symbol's own findings, and those about the whole package (syntax errors, package names).
        problems: diagnostics
          .filter((d) => d.data?.dir === pkg.dir && (d.data?.symbol === s.symbol || d.data?.symbol === undefined))
          .map((d) => ({ rule: d.rule, message: d.message })),
      })),
    });
  }
  return { packages };
}

function renderText(report: { packages: InspectPackage[] }, colour: boolean): string {
  const c = pc.createColors(colour);
  if (report.packages.length === 0) return 'No Go package declares a KrakenD plugin symbol.\n';
  const lines: string[] = [];
  for (const p of report.packages) {
    const module = p.module?.path ? `, module ${safe(p.module.path)}` : '';
    lines.push(c.bold(safe(p.dir)) + c.dim(` (package ${safe(p.name ?? '?')}${module})`));
    for (const pl of p.plugins) {
      const verdict = pl.loads === true ? c.green('loads') : pl.loads === false ? c.red('does not load') : c.yellow('cannot tell');
      const extras = [pl.names.length ? `names: ${safe(pl.names.join(', '))}` : '', pl.optional.length ? `optional: ${safe(pl.optional.join(', '))}` : '']
        .filter(Boolean)
        .join('  ');
      lines.push(`  ${pl.kind.padEnd(10)} ${safe(pl.symbol).padEnd(20)} ${`${safe(pl.file)}:${pl.line}`.padEnd(16)} ${verdict}${extras ? '  ' + c.dim(extras) : ''}`);
      for (const pr of pl.problems) lines.push(`    ${c.dim(pr.rule)} ${safe(pr.message)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('inspect'), { purpose: 'whose build settings apply (GOARCH for build constraints)', defaults: { arch: 'amd64' }, flavour: false, archFor: 'build constraints' })
    .description('list the plugin symbols of each Go package and whether KrakenD would load them')
    .argument('[paths...]', 'files or directories to walk (default: .)')
    .option('--format <format>', 'text or json', 'text')
    .option('--no-prefilter', 'parse every package, even those that never mention a plugin symbol')
    .action(async (paths: string[], opts: { format: string; arch: string; prefilter: boolean; krakend?: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format must be text or json, not "${opts.format}"`);
      if (opts.arch !== 'amd64' && opts.arch !== 'arm64') throw new UsageError(`--arch must be amd64 or arm64, not "${opts.arch}"`);
      // An unknown --krakend was silently ignored; it is a usage error listing the known releases.
      const target = opts.krakend === undefined ? null : resolveTarget({ krakend: opts.krakend, arch: opts.arch });
      if (target && 'error' in target) throw new UsageError(target.error);
      const { facts, diagnostics, walkProblems } = await runAnalysis(paths, io, { prefilter: opts.prefilter, goarch: opts.arch });
      for (const p of walkProblems) io.stderr(`kpa: ${safe(`${relativePath(io.cwd, p.path)}: ${p.message}`)} (skipped)\n`);
      for (const p of facts.inputProblems) io.stderr(`kpa: ${safe(`${relativePath(io.cwd, p.file)}: ${p.message}`)} (skipped)\n`);
      const report = inspectReport(facts, diagnostics, io.cwd);
      io.stdout(opts.format === 'json' ? JSON.stringify(report) + '\n' : renderText(report, useColour(io)));
      done(0);
    });
}
