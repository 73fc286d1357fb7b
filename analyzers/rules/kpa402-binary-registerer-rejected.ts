import { defineRule } from './define-rule.js';
import { ZERO_RANGE } from '../diagnostics.js';
import { kindVerdict } from '../binary/plugin-verdict.js';
import { PLUGIN_KIND_SPECS, SYMBOL_TO_KIND } from '../go/plugin-kinds.js';

/**
 * A built plugin exports a registerer symbol whose Go type (read from the runtime type data) fails
 * lura's type assertion: `**T` from `var X = &T{}`, `*I` from an interface variable, a function, a
 * wrong signature (spec §1.7). Where the file does not tell, a note says so.
 */
export default defineRule({
  id: 'KPA402',
  name: 'binary-registerer-rejected',
  meta: {
    severity: 'error',
    levels: ['note'],
    summary: 'a built plugin exports a registerer the loader rejects',
    messages: {
      unknownType: 'KrakenD rejects {symbol} in this plugin with "{loaderError}": {explanation}',
      undecided: 'kpa cannot tell from this file whether KrakenD accepts {symbol}: {explanation}',
    },
    tags: ['binary'],
  },
  needs: ['binary'],
  check(ctx) {
    for (const b of ctx.facts.binaries) {
      if (b.kind !== 'plugin' || !b.go) continue;
      for (const exp of b.go.exports) {
        const kind = SYMBOL_TO_KIND[exp.name];
        if (!kind) continue;
        const v = kindVerdict(b, kind);
        const data = { symbol: exp.name, loaderError: v.loaderError ?? PLUGIN_KIND_SPECS[kind].loaderError, explanation: v.explanation ?? '' };
        if (v.status === 'unknown-type') ctx.report({ messageId: 'unknownType', data, file: b.file, range: ZERO_RANGE, details: { kind, type: exp.type?.type ?? null } });
        else if (v.status === 'undecided') ctx.report({ messageId: 'undecided', data, file: b.file, range: ZERO_RANGE, severity: 'note', details: { kind } });
      }
    }
  },
});
