import { defineRule } from './define-rule.js';
import { ZERO_RANGE } from '../diagnostics.js';

/** A .so that KrakenD cannot open as a Go plugin: not ELF, truncated, not Go, or a Go program (spec §7.1). */
export default defineRule({
  id: 'KPA401',
  name: 'binary-not-a-plugin',
  meta: {
    severity: 'error',
    summary: 'a .so file is not a Go plugin KrakenD can open',
    messages: {
      unreadable: 'KrakenD cannot open this file as a plugin: {reason}. Rebuild it on Linux with `go build -buildmode=plugin`.',
      notPlugin: 'This file is {what}, not a Go plugin: {consequence} Build the plugin with `go build -buildmode=plugin`.',
    },
    tags: ['binary'],
  },
  needs: ['binary'],
  check(ctx) {
    for (const b of ctx.facts.binaries) {
      if (b.error) {
        ctx.report({ messageId: 'unreadable', data: { reason: b.error }, file: b.file, range: ZERO_RANGE, details: { kind: b.kind } });
      } else if (b.kind !== 'plugin' && !b.kindUndecided) {
        const program = b.kind === 'executable' || b.kind === 'go-executable';
        ctx.report({
          messageId: 'notPlugin',
          data: {
            what: program ? 'a program' : b.go ? 'a Go shared object' : 'a shared object without Go code',
            consequence: program
              ? 'dlopen refuses it ("cannot dynamically load position-independent executable").'
              : 'KrakenD crashes with "fatal error: runtime: no plugin module data" when it opens it.',
          },
          file: b.file,
          range: ZERO_RANGE,
          details: { kind: b.kind },
        });
      }
    }
  },
});
