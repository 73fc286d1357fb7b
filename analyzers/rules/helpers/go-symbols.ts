/** Walking the plugin symbols of the Go facts, for the KPA1xx rules. */
import { derivation } from '../../analysis-context.js';
import type { PackageFacts } from '../../go/facts.js';
import type { PluginSymbolFact, SymbolFailure } from '../../go/plugin-symbols.js';
import type { RuleInputs } from '../define-rule.js';

const PACKAGE_INDEX = derivation('packages by directory', ['go'], (facts) => new Map(facts.go.map((p) => [p.dir, p])));

/** The package of a directory, through an index built once per analysis (rules ask once per plugin). */
export function packageOf(ctx: RuleInputs, dir: string): PackageFacts | undefined {
  return ctx.derived.derive(PACKAGE_INDEX).get(dir);
}

export function* symbolFailures(ctx: RuleInputs, code: SymbolFailure['code']): Generator<{ symbol: PluginSymbolFact; failure: SymbolFailure; pkg: PackageFacts }> {
  for (const [dir, symbols] of ctx.facts.plugins) {
    const pkg = packageOf(ctx, dir);
    if (!pkg) continue;
    for (const symbol of symbols) for (const failure of symbol.failures) if (failure.code === code) yield { symbol, failure, pkg };
  }
}

export function symbolDetails(symbol: PluginSymbolFact): Record<string, unknown> {
  return { symbol: symbol.symbol, kind: symbol.kind, dir: symbol.dir };
}
