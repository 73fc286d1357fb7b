import { defineRule } from './define-rule.js';
import { isNearMiss } from '../go/plugin-verdicts.js';
import { PLUGIN_KINDS, PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/**
 * `HandlersRegisterer`, `handlerRegisterer`: Lookup fails with "symbol … not found", which KrakenD logs
 * only at DEBUG, so the plugin is silently absent (spec §1.1, §7.1).
 */
export default defineRule({
  id: 'KPA107',
  name: 'misspelled-plugin-symbol',
  meta: {
    severity: 'error',
    summary: 'package-level name looks like a misspelled plugin symbol',
    messages: {
      didYouMean:
        '{name} looks like a misspelling of {symbol}; KrakenD looks up the exact exported name and, not finding it, logs "plugin: symbol {symbol} not found" at DEBUG level only. Did you mean {symbol}?',
    },
    fixable: true,
    tags: ['loading', 'silent'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const pkg of ctx.facts.go) {
      if (!pkg.parsed || pkg.name !== 'main') continue;
      const declared = new Set([...pkg.values.map((v) => v.name), ...pkg.types.map((t) => t.name)]);
      const candidates = [
        ...pkg.values.filter((v) => v.declKind === 'var').map((v) => ({ name: v.name, file: v.file, range: v.nameRange })),
      ];
      for (const c of candidates) {
        for (const kind of PLUGIN_KINDS) {
          const symbol = PLUGIN_KIND_SPECS[kind].symbol;
          if (declared.has(symbol) || !isNearMiss(c.name, symbol)) continue;
          ctx.report({
            messageId: 'didYouMean',
            data: { name: c.name, symbol },
            file: c.file,
            range: c.range,
            fixes: [{ title: `Rename to ${symbol}`, edits: [{ file: c.file, range: c.range, newText: symbol }] }],
            details: { symbol, kind, dir: pkg.dir },
          });
          break;
        }
      }
    }
  },
});
