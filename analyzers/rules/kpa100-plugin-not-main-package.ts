import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';

/** A plugin symbol in a package that is not `main`: `go build -buildmode=plugin` refuses it (spec §1.7). */
export default defineRule({
  id: 'KPA100',
  name: 'plugin-not-main-package',
  meta: {
    severity: 'error',
    summary: 'plugin symbol declared outside package main',
    messages: {
      notMain:
        '{symbol} is declared in package {pkg}, but a plugin must be package main: `go build -buildmode=plugin` fails with "-buildmode=plugin requires exactly one main package". Change the package clause to `package main`.',
    },
    fixable: true,
    tags: ['build'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    const seen = new Set<string>();
    for (const { symbol, pkg } of symbolFailures(ctx, 'not-main')) {
      if (seen.has(pkg.dir + symbol.symbol)) continue;
      seen.add(pkg.dir + symbol.symbol);
      const file = pkg.fileFacts.find((f) => f.file === symbol.file);
      const clause = file?.packageRange;
      ctx.report({
        messageId: 'notMain',
        data: { symbol: symbol.symbol, pkg: pkg.name ?? '?' },
        file: symbol.file,
        range: clause ?? symbol.range,
        // One fix renames the package in every file of the directory, so it still builds as one package.
        fixes: [
          {
            title: 'Change the package to main',
            edits: pkg.fileFacts
              .filter((f) => f.packageRange && f.packageName !== 'main')
              .map((f) => ({ file: f.file, range: f.packageRange!, newText: 'main' })),
          },
        ],
        details: symbolDetails(symbol),
      });
    }
  },
});
