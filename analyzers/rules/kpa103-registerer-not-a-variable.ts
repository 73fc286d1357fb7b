import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/** A func, const or type named like the symbol: Lookup finds it, but the type assertion fails. */
export default defineRule({
  id: 'KPA103',
  name: 'registerer-not-a-variable',
  meta: {
    severity: 'error',
    summary: 'plugin symbol is not a package-level variable',
    messages: {
      notVar:
        '{symbol} is a {declKind}, but KrakenD looks up a package-level variable whose type has the {method} method; a {declKind} fails with "{loaderError}". Declare `var {symbol} = registerer{}` with a type that implements {method}.',
    },
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol } of symbolFailures(ctx, 'not-a-variable')) {
      const spec = PLUGIN_KIND_SPECS[symbol.kind];
      ctx.report({
        messageId: 'notVar',
        data: {
          symbol: symbol.symbol,
          declKind: symbol.declKind === 'func' ? 'function' : symbol.declKind === 'const' ? 'constant' : 'type',
          method: spec.method,
          // Constants and types are not symbols of the built plugin: Lookup fails before any type assertion.
          loaderError: symbol.declKind === 'func' ? spec.loaderError : `plugin: symbol ${symbol.symbol} not found in plugin`,
        },
        file: symbol.file,
        range: symbol.range,
        details: symbolDetails(symbol),
      });
    }
  },
});
