/**
 * The engine's one entry point: a workspace snapshot and options in, facts and diagnostics out.
 * Both doors (cli/, server/) call analyze(); neither re-implements a step of it.
 */
import { AnalysisContext } from './analysis-context.js';
import type { Diagnostic, Severity } from './diagnostics.js';
import { compareDiagnostics } from './diagnostics.js';
import type { EngineFacts } from './facts.js';
import type { PackageFacts } from './go/facts.js';
import type { GoParser } from './go/parser.js';
import type { PluginSymbolFact } from './go/plugin-symbols.js';
import type { GoFactsOptions } from './go/index.js';
import { goMinorOf } from './go/build-constraints.js';
import { FACT_PROVIDERS, type ProviderInput } from './fact-providers.js';
import { ALL_RULES } from './rules/index.js';
import { toDiagnostic, type Rule } from './rules/define-rule.js';
import type { Target } from './target.js';
import type { ModuleCacheSource } from './modules/module-cache.js';
import type { Workspace } from './workspace.js';

export type RuleSetting = Severity | 'off';

export interface EngineOptions {
  /** Needed when the workspace has Go files; load it with loadGoParser(). */
  parser: GoParser | null;
  target: Target | null;
  /** Skip parsing packages whose files never mention a plugin symbol or Register… method (default true). */
  prefilter?: boolean;
  /** Per rule id: a severity override or 'off'. */
  rules?: Record<string, RuleSetting>;
  /** Run only these rule ids (tests). */
  only?: string[];
  /** GOARCH for build constraints when there is no target (a target's own arch wins). */
  goarch?: string;
  /** Go package facts computed elsewhere (worker threads); see GoFactsOptions.precomputed. */
  precomputed?: GoFactsOptions['precomputed'];
  /**
   * Read-only access to the Go module cache (host/module-cache.ts), to follow the imports of dependencies and
   * compute each plugin's link set; without it, which modules are linked is judged from go.sum.
   */
  moduleCache?: ModuleCacheSource;
}

export interface AnalysisResult {
  facts: EngineFacts;
  diagnostics: Diagnostic[];
}

/** What the Go analyzer is asked for under these options (the language server's session asks the same). */
export function goFactsOptions(options: EngineOptions): GoFactsOptions {
  return {
    parser: options.parser,
    goos: options.target?.goos ?? 'linux',
    goarch: options.target?.goarch ?? options.goarch ?? 'amd64',
    goMinor: goMinorOf(options.target?.manifest?.go),
    prefilter: options.prefilter ?? true,
    precomputed: options.precomputed,
    moduleCache: options.moduleCache,
  };
}

export function computeFacts(ws: Workspace, options: EngineOptions): EngineFacts {
  const input: ProviderInput = { go: goFactsOptions(options), inputProblems: [] };
  return {
    root: ws.root,
    ...FACT_PROVIDERS.go.compute(ws, input),
    ...FACT_PROVIDERS.modules.compute(ws, input),
    ...FACT_PROVIDERS.config.compute(ws, input),
    ...FACT_PROVIDERS.binary.compute(ws, input),
    ...FACT_PROVIDERS.recipes.compute(ws, input),
    inputProblems: input.inputProblems,
  };
}

/** The rules that run under these options: not turned off, not limited away, with a target if they need one. */
export function rulesThatRun(options: Pick<EngineOptions, 'target' | 'rules' | 'only'>, rules: readonly Rule[] = ALL_RULES): Rule[] {
  return rules.filter(
    (rule) => (!options.only || options.only.includes(rule.id)) && options.rules?.[rule.id] !== 'off' && (!rule.needsTarget || options.target),
  );
}

/**
 * Runs the rules over one analysis' facts. They share what they derive from the facts through `derived`:
 * a new context by default; the language server's session passes the one it carries across keystrokes.
 */
export function runRules(
  facts: EngineFacts,
  options: Pick<EngineOptions, 'target' | 'rules' | 'only'>,
  rules: readonly Rule[] = ALL_RULES,
  derived: AnalysisContext = new AnalysisContext(facts),
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rulesThatRun(options, rules)) {
    const setting = options.rules?.[rule.id];
    rule.check({
      facts,
      derived,
      target: options.target,
      report(input) {
        const d = toDiagnostic(rule, input);
        if (setting && setting !== 'off') d.severity = setting;
        diagnostics.push(d);
      },
    });
  }
  return diagnostics.sort(compareDiagnostics);
}

/** The facts a package-scoped rule (Rule.scope) sees when it runs for one Go package only. */
export function factsOfPackage(facts: Omit<EngineFacts, 'go' | 'plugins'>, pkg: PackageFacts, plugins: PluginSymbolFact[] | undefined): EngineFacts {
  return { ...facts, go: [pkg], plugins: new Map(plugins ? [[pkg.dir, plugins]] : []) };
}

export const PACKAGE_RULES: readonly Rule[] = ALL_RULES.filter((r) => r.scope === 'package');
export const WORKSPACE_RULES: readonly Rule[] = ALL_RULES.filter((r) => r.scope !== 'package');

export function analyze(ws: Workspace, options: EngineOptions): AnalysisResult {
  const facts = computeFacts(ws, options);
  return { facts, diagnostics: runRules(facts, options) };
}
