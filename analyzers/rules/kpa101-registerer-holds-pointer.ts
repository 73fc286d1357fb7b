import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './go-rule-helpers.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/**
 * `var HandlerRegisterer = &registerer{}`: plugin.Lookup returns a pointer to the variable, so the
 * symbol is a `**registerer`, whose method set is empty (spec §1.7, VERIFIED-LOCALLY).
 */
export default defineRule({
  id: 'KPA101',
  name: 'registerer-holds-pointer',
  meta: {
    severity: 'error',
    summary: 'plugin symbol variable holds a pointer',
    messages: {
      pointer:
        '{symbol} holds a pointer ({value}); plugin.Lookup already returns a pointer to the variable, so KrakenD sees a pointer to a pointer with no methods and logs "{loaderError}". Declare `var {symbol} = {suggestion}`.',
    },
    fixable: true,
    tags: ['loading'],
  },
  needs: ['go'],
  check(ctx) {
    for (const { symbol, pkg } of symbolFailures(ctx.facts, 'holds-pointer')) {
      const value = pkg.values.find((v) => v.name === symbol.symbol && v.file === symbol.file);
      const text = value?.valueText ?? '';
      let suggestion = 'registerer{}';
      let fix;
      if (value?.valueRange && text.startsWith('&')) {
        suggestion = text.slice(1).trim();
      } else if (value?.valueRange && /^new\s*\(/.test(text)) {
        suggestion = `${text.replace(/^new\s*\(\s*/, '').replace(/\s*\)\s*$/, '')}{}`;
      }
      if (value?.valueRange && value.shape !== 'none') {
        fix = [{ title: `Declare ${symbol.symbol} as a value`, edits: [{ file: value.file, range: value.valueRange, newText: suggestion }] }];
      } else if (value && value.type?.kind === 'pointer' && value.shape === 'none') {
        const typeText = value.typeIsDeclared ? (value.type.elem.kind === 'named' ? value.type.elem.name : null) : null;
        if (typeText) suggestion = `${typeText}{}`;
      }
      ctx.report({
        messageId: 'pointer',
        data: { symbol: symbol.symbol, value: text || symbol.typeName || 'a pointer type', suggestion, loaderError: PLUGIN_KIND_SPECS[symbol.kind].loaderError },
        file: symbol.file,
        range: value?.valueRange ?? symbol.range,
        fixes: fix,
        details: symbolDetails(symbol),
      });
    }
  },
});
