import { defineRule } from './define-rule.js';

/** Files of one directory declare different packages: `go build` refuses ("found packages a and b"). */
export default defineRule({
  id: 'KPA113',
  name: 'package-name-mismatch',
  meta: {
    severity: 'error',
    summary: 'files of one plugin directory declare different packages',
    messages: {
      mismatch: 'This file declares package {name}, but the other files of the directory declare package {expected}; go build fails with "found packages". Use `package {expected}`.',
    },
    fixable: true,
    tags: ['build'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const pkg of ctx.facts.go) {
      if (!ctx.facts.plugins.has(pkg.dir)) continue;
      for (const c of pkg.nameConflicts) {
        ctx.report({
          messageId: 'mismatch',
          data: { name: c.name, expected: pkg.name ?? '?' },
          file: c.file,
          range: c.range,
          fixes: [{ title: `Change the package to ${pkg.name}`, edits: [{ file: c.file, range: c.range, newText: pkg.name ?? 'main' }] }],
          details: { dir: pkg.dir },
        });
      }
    }
  },
});
