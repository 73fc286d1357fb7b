import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';

/** kpa cannot tell the symbol's type statically (a value from another package, a complex expression). */
export default defineRule({
  id: 'KPA111',
  name: 'registerer-type-unknown',
  meta: {
    severity: 'note',
    summary: 'kpa cannot decide statically whether the plugin symbol loads',
    messages: {
      unknown:
        'kpa cannot tell the type of {symbol} from this package alone ({detail}), so it cannot say whether KrakenD loads it. Declare it as `var {symbol} = registerer{}` with a local type, or check the built file with `kpa test-plugin`.',
    },
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, failure } of symbolFailures(ctx, 'unknown-type')) {
      ctx.report({ messageId: 'unknown', data: { symbol: symbol.symbol, detail: failure.detail || 'unknown initialiser' }, file: symbol.file, range: symbol.range, details: symbolDetails(symbol) });
    }
  },
});
