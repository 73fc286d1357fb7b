import { defineRule } from './define-rule.js';
import { ZERO_RANGE } from '../diagnostics.js';
import { targetMismatches } from '../binary/plugin-verdict.js';
import type { BinaryFacts } from '../binary/facts.js';

/**
 * A built plugin differs from the target KrakenD in something plugin.Open checks: CPU architecture, C
 * library (musl vs glibc, GLIBC_ versions), Go version, module versions, -trimpath, package hashes, or
 * it shares its plugin path with another .so (spec §6.3, §7.1, §8).
 */
export default defineRule({
  id: 'KPA403',
  name: 'binary-target-mismatch',
  meta: {
    severity: 'error',
    summary: 'a built plugin does not match the target KrakenD build',
    messages: {
      mismatch: 'This plugin was {explanation} Opening it, KrakenD fails with "{loaderError}".',
    },
    tags: ['binary'],
  },
  needs: ['binary'],
  needsTarget: true,
  check(ctx) {
    const target = ctx.target;
    if (!target) return;
    const earlier: BinaryFacts[] = [];
    for (const b of ctx.facts.binaries) {
      if (b.kind !== 'plugin') continue;
      for (const m of targetMismatches(b, target, b.file, earlier)) {
        // Explanations are verb phrases ("built with Go …", "needs glibc …"); make them follow "This plugin was".
        const explanation = m.explanation.replace(/^(needs|links)\b/, (w) => (w === 'needs' ? 'linked so that it needs' : 'built linking')).replace(/^another file/, 'loaded after another file');
        ctx.report({ messageId: 'mismatch', data: { explanation, loaderError: m.loaderError }, file: b.file, range: ZERO_RANGE, details: { code: m.code, ...m.details } });
      }
      earlier.push(b);
    }
  },
});
