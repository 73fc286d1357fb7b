import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/** The symbol's type has no Register… method at all (or only a misspelled one). */
export default defineRule({
  id: 'KPA104',
  name: 'missing-register-method',
  meta: {
    severity: 'error',
    summary: 'plugin symbol type lacks the register method',
    messages: {
      missing:
        '{symbol} has type {type}, which has no {method} method, so KrakenD logs "{loaderError}". Add `{goSignature}` to {type}.',
      nearMiss:
        '{symbol} has type {type}, which has {found} but no {method}; KrakenD looks for the exact name and logs "{loaderError}". Rename {found} to {method}.',
    },
    fixable: true,
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, failure, pkg } of symbolFailures(ctx, 'missing-method')) {
      const spec = PLUGIN_KIND_SPECS[symbol.kind];
      const near = failure.found ? pkg.methods.find((m) => m.name === failure.found) : undefined;
      ctx.report({
        messageId: near ? 'nearMiss' : 'missing',
        data: {
          symbol: symbol.symbol,
          type: symbol.typeName ?? '?',
          method: spec.method,
          found: failure.found ?? '',
          goSignature: spec.goSignature,
          loaderError: spec.loaderError,
        },
        file: symbol.file,
        range: symbol.range,
        fixes: near ? [{ title: `Rename ${near.name} to ${spec.method}`, edits: [{ file: near.file, range: near.nameRange, newText: spec.method }] }] : undefined,
        related: near ? [{ file: near.file, range: near.nameRange, message: `${near.name} is declared here` }] : undefined,
        details: symbolDetails(symbol),
      });
    }
  },
});
