/**
 * The module rules at workspace scale (issue: language server, 1,000 plugin packages): the work per
 * analysis grows linearly with the workspace, and a keystroke revisits only the module that changed.
 * Counted in package visits (reads of PackageFacts.dir / .imports), never in wall-clock time.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisContext } from '../analysis-context.js';
import type { Diagnostic } from '../diagnostics.js';
import { compareDiagnostics } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { ImportFact, PackageFacts } from '../go/facts.js';
import type { PluginSymbolFact } from '../go/plugin-symbols.js';
import type { ModuleFacts } from '../modules/facts.js';
import { computeModuleFacts } from '../modules/index.js';
import { toDiagnostic } from '../rules/define-rule.js';
import { MODULE_RULES } from '../rules/module-rules.js';
import type { Target } from '../target.js';
import { MemoryFileSource, Workspace } from '../workspace.js';
import { resolveTarget } from './resolve-target.js';

const LURA_PROXY = 'github.com/luraproject/lura/v2/proxy';

function target(): Target {
  const resolved = resolveTarget({ krakend: '2.13.8' });
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved.target;
}

/** `count` plugin modules /w/plugin-<i>, each requiring an old lura and importing it from its main package. */
function pluginModules(count: number): ModuleFacts[] {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    files.set(`/w/plugin-${i}/go.mod`, `module example.com/plugin-${i}\n\ngo 1.19\n\nrequire github.com/luraproject/lura/v2 v2.0.0\n`);
  }
  return computeModuleFacts(new Workspace('/w', new MemoryFileSource(files)));
}

interface Visits {
  dir: number;
  imports: number;
}

/** A package whose reads are counted, as the rules see it (they read only dir and imports). */
function countedPackage(dir: string, visits: Visits, importLine = 2): PackageFacts {
  const imports: ImportFact[] = [{ path: LURA_PROXY, alias: null, file: `${dir}/main.go`, range: { start: { line: importLine, character: 7 }, end: { line: importLine, character: 42 } } }];
  const pkg = { name: 'main' };
  Object.defineProperty(pkg, 'dir', { enumerable: true, get: () => (visits.dir++, dir) });
  Object.defineProperty(pkg, 'imports', { enumerable: true, get: () => (visits.imports++, imports) });
  return pkg as unknown as PackageFacts;
}

/** Each main package declares a plugin symbol, so its module builds a plugin and the module rules judge it. */
function facts(modules: ModuleFacts[], go: PackageFacts[]): EngineFacts {
  const plugins = new Map(modules.map((m) => [m.dir, [{ kind: 'server', symbol: 'HandlerRegisterer' } as PluginSymbolFact]]));
  return { root: '/w', go, plugins, modules, configs: [], binaries: [], recipes: [], inputProblems: [] };
}

/** `derived`: the analysis context, which the language server carries from one keystroke to the next. */
function runModuleRules(engineFacts: EngineFacts, derived = new AnalysisContext(engineFacts)): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of MODULE_RULES) rule.check({ facts: engineFacts, derived, target: target(), report: (input) => diagnostics.push(toDiagnostic(rule, input)) });
  return diagnostics.sort(compareDiagnostics);
}

function analyseWorkspace(count: number): { visits: Visits; diagnostics: Diagnostic[] } {
  const visits: Visits = { dir: 0, imports: 0 };
  const modules = pluginModules(count);
  const packages = modules.map((m) => countedPackage(m.dir, visits));
  return { visits, diagnostics: runModuleRules(facts(modules, packages)) };
}

describe('module rules at workspace scale', () => {
  it('visit each package once per analysis, so 1,000 modules cost ten times 100, not a hundred times', () => {
    const small = analyseWorkspace(100);
    const large = analyseWorkspace(1_000);
    // Five rules share the passes over the packages: import paths, plugin builds and their import closures
    // (plugin-builds.ts), and one view per module (its link set): a few reads per package, whatever the size.
    // Grouping packages by module is skipped: every module here builds a plugin.
    expect(small.visits).toEqual({ dir: 300, imports: 200 });
    expect(large.visits).toEqual({ dir: 3_000, imports: 2_000 });
    expect(large.diagnostics).toHaveLength(1_000);
  });

  it('give each module the imports of its own packages only (plugin-1 is not an ancestor of plugin-10)', () => {
    const { diagnostics } = analyseWorkspace(1_000);
    for (const d of diagnostics) {
      const dir = d.file.slice(0, d.file.lastIndexOf('/'));
      expect(d).toMatchObject({ rule: 'KPA206', severity: 'error', related: [{ file: `${dir}/main.go` }] });
    }
  });

  it('after a keystroke revisit only the changed package and report what a fresh analysis reports', () => {
    const visits: Visits = { dir: 0, imports: 0 };
    const modules = pluginModules(1_000);
    const packages = modules.map((m) => countedPackage(m.dir, visits));
    const derived = new AnalysisContext(facts(modules, packages));
    runModuleRules(derived.facts, derived);

    // The language server keeps ModuleFacts and unchanged PackageFacts; the edited package is a new object.
    const edited = [...packages];
    edited[10] = countedPackage(modules[10].dir, visits, 5);
    visits.dir = visits.imports = 0;
    derived.advance(facts(modules, edited), new Set(['go']));
    const incremental = runModuleRules(derived.facts, derived);
    // The plugin builds' import closures are walked again (one imports read per package); of the module
    // views only the changed package's is rebuilt (one more).
    expect(visits.imports).toBe(1_000 + 1);
    expect(visits.dir).toBe(2_000 + 1);

    const freshModules = pluginModules(1_000);
    const fresh = runModuleRules(facts(freshModules, freshModules.map((m, i) => countedPackage(m.dir, visits, i === 10 ? 5 : 2))));
    expect(incremental).toEqual(fresh);
    expect(incremental.find((d) => d.file === modules[10].goModFile)?.related?.[0].range.start.line).toBe(5);
  });
});
