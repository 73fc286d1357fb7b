import { defineRule } from './define-rule.js';
import { goSignatureFor } from './helpers/go-fixes.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/**
 * The Register… method exists but its signature is not type-identical to lura's: a named func type,
 * a missing error result, swapped parameters. The type assertion fails (spec §1.7).
 */
export default defineRule({
  id: 'KPA105',
  name: 'register-method-signature',
  meta: {
    severity: 'error',
    summary: 'register method signature differs from what KrakenD asserts',
    messages: {
      signature:
        '{method} has the signature {found}, but KrakenD asserts {expected}; the types must be identical (parameter names are free, but a defined func type does not match even with the same shape), so the loader logs "{loaderError}". Change the method to `{goSignature}`.',
    },
    fixable: true,
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, failure, pkg } of symbolFailures(ctx, 'wrong-signature')) {
      const spec = PLUGIN_KIND_SPECS[symbol.kind];
      const file = failure.methodFile ?? symbol.file;
      const method = pkg.methods.find((m) => m.file === file && failure.methodRange && m.nameRange.start.line === failure.methodRange.start.line && m.name === spec.method);
      let fixes;
      if (method) {
        const { text, imports } = goSignatureFor(pkg, file, spec.signature);
        const paramName = method.params[0]?.name ?? 'f';
        const inner = text.slice(1, -1);
        fixes = [
          {
            title: `Use the signature KrakenD expects for ${spec.method}`,
            edits: [{ file, range: method.signatureRange, newText: `(${paramName} ${inner})` }, ...imports],
          },
        ];
      }
      ctx.report({
        messageId: 'signature',
        data: {
          method: spec.method,
          found: failure.found ?? '?',
          expected: spec.signature,
          goSignature: spec.goSignature,
          loaderError: spec.loaderError,
        },
        file,
        range: failure.methodRange ?? symbol.range,
        fixes,
        related: [{ file: symbol.file, range: symbol.range, message: `${symbol.symbol} is declared here` }],
        details: { ...symbolDetails(symbol), found: failure.found, expected: spec.signature },
      });
    }
  },
});
