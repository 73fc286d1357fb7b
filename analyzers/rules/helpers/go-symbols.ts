/** Walking the plugin symbols of the Go facts, for the KPA1xx rules. */
import { derivation } from '../../analysis-context.js';
import type { PackageFacts } from '../../go/facts.js';
import type { PluginSymbolFact, SymbolFailure } from '../../go/plugin-symbols.js';
import { declaresMain } from '../../plugin-builds.js';
import type { RuleInputs } from '../define-rule.js';

const PACKAGE_INDEX = derivation('packages by directory', ['go'], (facts) => new Map(facts.go.map((p) => [p.dir, p])));

/** The package of a directory, through an index built once per analysis (rules ask once per plugin). */
export function packageOf(ctx: RuleInputs, dir: string): PackageFacts | undefined {
  return ctx.derived.derive(PACKAGE_INDEX).get(dir);
}

/**
 * The packages whose plugin-shaped declarations the KPA1xx rules judge as a plugin's: those that say they are
 * `package main`. A library package with a symbol-shaped name (`type ModifierRegisterer struct` in a kit other
 * plugins import) is not a plugin; whether something else says it is meant to be one (a recipe, a config) is
 * KPA100's to weigh, since only it reads beyond the package.
 */
export function* pluginPackages(ctx: RuleInputs): Generator<{ dir: string; symbols: PluginSymbolFact[]; pkg: PackageFacts }> {
  for (const [dir, symbols] of ctx.facts.plugins) {
    const pkg = packageOf(ctx, dir);
    if (pkg && declaresMain(pkg)) yield { dir, symbols, pkg };
  }
}

export function* symbolFailures(ctx: RuleInputs, code: SymbolFailure['code']): Generator<{ symbol: PluginSymbolFact; failure: SymbolFailure; pkg: PackageFacts }> {
  for (const { symbols, pkg } of pluginPackages(ctx)) {
    for (const symbol of symbols) for (const failure of symbol.failures) if (failure.code === code) yield { symbol, failure, pkg };
  }
}

export function symbolDetails(symbol: PluginSymbolFact): Record<string, unknown> {
  return { symbol: symbol.symbol, kind: symbol.kind, dir: symbol.dir };
}
