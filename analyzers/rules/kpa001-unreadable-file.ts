import { defineRule } from './define-rule.js';
import { ZERO_RANGE } from '../diagnostics.js';

/** A file kpa was asked to analyse but could not read as text: binary junk, bad UTF-8, too large, no permission. */
export default defineRule({
  id: 'KPA001',
  name: 'unreadable-file',
  meta: {
    severity: 'error',
    summary: 'a source file could not be read as text',
    messages: {
      unreadable: 'kpa could not analyse this file: {reason}. Fix or remove it; the rest of the tree was still analysed.',
    },
    tags: ['input'],
  },
  needs: ['input'],
  check(ctx) {
    for (const p of ctx.facts.inputProblems) {
      ctx.report({ messageId: 'unreadable', data: { reason: p.message }, file: p.file, range: ZERO_RANGE, details: { kind: p.kind } });
    }
  },
});
