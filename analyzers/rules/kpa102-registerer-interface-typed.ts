import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/** `var HandlerRegisterer Registerer = r{}`: Lookup yields `*Registerer`, a pointer to an interface, with no methods. */
export default defineRule({
  id: 'KPA102',
  name: 'registerer-interface-typed',
  meta: {
    severity: 'error',
    summary: 'plugin symbol variable has an interface type',
    messages: {
      iface:
        '{symbol} is declared with the interface type {type}; plugin.Lookup returns a pointer to that interface, which has no methods, so KrakenD logs "{loaderError}". Declare it with the concrete type: `var {symbol} = registerer{}`.',
    },
    fixable: true,
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, pkg } of symbolFailures(ctx, 'interface-typed')) {
      const value = pkg.values.find((v) => v.name === symbol.symbol && v.file === symbol.file);
      const fixes =
        value && value.typeIsDeclared && value.valueRange && value.valueText
          ? [{ title: 'Drop the interface type', edits: [{ file: value.file, range: value.range, newText: `${symbol.symbol} = ${value.valueText}` }] }]
          : undefined;
      ctx.report({
        messageId: 'iface',
        data: { symbol: symbol.symbol, type: symbol.typeName ?? 'interface', loaderError: PLUGIN_KIND_SPECS[symbol.kind].loaderError },
        file: symbol.file,
        range: symbol.range,
        fixes,
        details: symbolDetails(symbol),
      });
    }
  },
});
