import { defineRule } from './define-rule.js';
import { pluginPackages, symbolDetails } from './helpers/go-symbols.js';

/** A registered name kpa cannot evaluate: krakend.json cross-checks cannot see it. */
export default defineRule({
  id: 'KPA109',
  name: 'dynamic-plugin-name',
  meta: {
    severity: 'note',
    summary: 'registered plugin name is not a static string',
    messages: {
      dynamic:
        'The name `{text}` passed to {method} is computed at run time, so kpa cannot check krakend.json against it. Use a string constant (`const pluginName = "my-plugin"`) if you want those checks.',
    },
    tags: ['config'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbols, pkg } of pluginPackages(ctx)) {
      for (const symbol of symbols) {
        if (!symbol.method || symbol.dynamicNames === 0) continue;
        for (const reg of pkg.registrations) {
          if (reg.file !== symbol.method.file || reg.name !== null || reg.nameExpr?.kind === 'receiver') continue;
          ctx.report({ messageId: 'dynamic', data: { text: reg.nameText, method: reg.method }, file: reg.file, range: reg.nameRange, details: symbolDetails(symbol) });
        }
      }
    }
  },
});
