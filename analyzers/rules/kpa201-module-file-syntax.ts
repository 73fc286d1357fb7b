import { defineRule } from './define-rule.js';
import { ZERO_RANGE } from '../diagnostics.js';
import { modulesThatBuildPlugins } from '../plugin-builds.js';

/**
 * go.mod / go.sum lines the go command rejects or misreads; each with its position, never an exception.
 * Only in modules that build a plugin (plugin-builds.ts): a broken go.sum of a backend beside the plugins
 * cannot keep a plugin from loading.
 */
export default defineRule({
  id: 'KPA201',
  name: 'module-file-syntax',
  meta: {
    severity: 'error',
    levels: ['warning', 'note'],
    summary: 'go.mod or go.sum has a line the go command rejects',
    messages: {
      problem: '{message}',
      unreadable: 'this {name} cannot be read as text ({reason}); the go command cannot use it. Restore it from version control or regenerate it with `go mod tidy`',
    },
    tags: ['modules'],
  },
  needs: ['modules', 'go', 'recipes'],
  check(ctx) {
    for (const { module: m } of modulesThatBuildPlugins(ctx.derived)) {
      for (const e of m.readErrors ?? []) {
        ctx.report({ messageId: 'unreadable', data: { name: e.file.slice(e.file.lastIndexOf('/') + 1), reason: e.message }, file: e.file, range: ZERO_RANGE });
      }
      for (const p of [...(m.goMod?.problems ?? []), ...(m.goSum?.problems ?? [])]) {
        ctx.report({ messageId: 'problem', severity: p.severity, data: { message: p.message }, file: p.file, range: p.range, details: { kind: p.kind } });
      }
    }
  },
});
