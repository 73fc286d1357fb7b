import { defineRule, type ReportInput } from './define-rule.js';
import { builtAsPluginByRecipe, declaresMain } from '../plugin-builds.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { packageOf, symbolDetails } from './helpers/go-symbols.js';
import type { PackageFacts } from '../go/facts.js';
import type { PluginSymbolFact } from '../go/plugin-symbols.js';

/**
 * A plugin symbol in a package that is not `main`: `go build -buildmode=plugin` refuses it (spec §1.7).
 * An error only when something says the package is meant to be a plugin — a build recipe builds it with
 * -buildmode=plugin, or a KrakenD config names what it registers. Otherwise it is a library other plugins
 * import (a plugin kit declaring `type ModifierRegisterer struct`), and the name is at most worth a note.
 * Reads recipes and configs, so it runs per workspace, not per package.
 */
export default defineRule({
  id: 'KPA100',
  name: 'plugin-not-main-package',
  meta: {
    severity: 'error',
    levels: ['note'],
    summary: 'plugin symbol declared outside package main',
    messages: {
      notMain:
        '{symbol} is declared in package {pkg}, but a plugin must be package main: `go build -buildmode=plugin` fails with "-buildmode=plugin requires exactly one main package" ({why}). Change the package clause to `package main`.',
      library:
        '{symbol} is named like a plugin symbol, but package {pkg} is a library: KrakenD only loads it from a main package built with -buildmode=plugin. Nothing here builds {pkg} as a plugin, so this is fine if plugins import it; if it is meant to be one, make it package main.',
    },
    fixable: true,
    tags: ['build'],
  },
  needs: ['go', 'config', 'recipes'],
  check(ctx) {
    const configured = new Set<string>();
    for (const { ref } of references(ctx.facts)) for (const name of lookedUpNames(ref)) configured.add(name.value);
    const seen = new Set<string>();
    for (const [dir, symbols] of ctx.facts.plugins) {
      const pkg = packageOf(ctx, dir);
      if (!pkg || declaresMain(pkg)) continue;
      const why = builtAsPluginByRecipe(ctx.derived, dir)
        ? 'a build recipe builds it with -buildmode=plugin'
        : symbols.some((s) => s.names.some((n) => configured.has(n)))
          ? 'a KrakenD configuration names what it registers'
          : null;
      for (const symbol of symbols) {
        if (!symbol.failures.some((f) => f.code === 'not-main') || seen.has(dir + symbol.symbol)) continue;
        seen.add(dir + symbol.symbol);
        if (why) reportNotMain(ctx, pkg, symbol, why);
        else ctx.report({ messageId: 'library', severity: 'note', data: { symbol: symbol.symbol, pkg: pkg.name ?? '?' }, file: symbol.file, range: symbol.range, details: symbolDetails(symbol) });
      }
    }
  },
});

function reportNotMain(
  ctx: { report: (input: ReportInput<'notMain'>) => void },
  pkg: PackageFacts,
  symbol: PluginSymbolFact,
  why: string,
): void {
  const clause = pkg.fileFacts.find((f) => f.file === symbol.file)?.packageRange;
  ctx.report({
    messageId: 'notMain',
    data: { symbol: symbol.symbol, pkg: pkg.name ?? '?', why },
    file: symbol.file,
    range: clause ?? symbol.range,
    // One fix renames the package in every file of the directory, so it still builds as one package.
    fixes: [
      {
        title: 'Change the package to main',
        edits: pkg.fileFacts.filter((f) => f.packageRange && f.packageName !== 'main').map((f) => ({ file: f.file, range: f.packageRange!, newText: 'main' })),
      },
    ],
    details: symbolDetails(symbol),
  });
}
