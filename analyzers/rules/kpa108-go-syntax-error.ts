import { defineRule } from './define-rule.js';

/** A syntax error in a plugin package: it will not build, and kpa's verdicts for it are provisional. */
export default defineRule({
  id: 'KPA108',
  name: 'go-syntax-error',
  meta: {
    severity: 'error',
    summary: 'syntax error in a plugin package',
    messages: {
      error: 'Syntax error near `{text}`: the plugin will not build. Fix the syntax; kpa analysed the rest of the file as well as it could.',
      missing: 'Syntax error: missing {text}. The plugin will not build until it is added.',
      'misplaced-directive':
        'This `//go:build` line comes after the package clause; the Go compiler rejects it ("misplaced compiler directive") and the plugin does not build. Move it above `package`, followed by a blank line.',
      'invalid-build-constraint': 'go build refuses this file ("{text}"), so the plugin does not build. Fix the build constraint.',
    },
    tags: ['build'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const pkg of ctx.facts.go) {
      // Only packages that could hold a plugin are parsed; report at most 10 errors a file.
      const perFile = new Map<string, number>();
      for (const e of pkg.syntaxErrors) {
        const n = perFile.get(e.file) ?? 0;
        if (n >= 10) continue;
        perFile.set(e.file, n + 1);
        ctx.report({
          messageId: e.kind,
          data: { text: e.text.split('\n')[0].trim() || e.text },
          file: e.file,
          range: e.range,
          details: { dir: pkg.dir },
        });
      }
    }
  },
});
