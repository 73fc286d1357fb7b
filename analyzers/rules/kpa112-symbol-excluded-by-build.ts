import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';

/** The symbol is only declared in files the build excludes (`//go:build ignore`, `_windows.go`, `_test.go`). */
export default defineRule({
  id: 'KPA112',
  name: 'symbol-excluded-by-build',
  meta: {
    severity: 'error',
    summary: 'plugin symbol only declared in a file the build excludes',
    messages: {
      excluded:
        '{symbol} is declared in a file that is not compiled for the target ({reason}), so the built plugin has no {symbol} and KrakenD logs "plugin: symbol {symbol} not found". Move it to a file that builds for linux/{arch}.',
    },
    tags: ['loading', 'build'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, failure } of symbolFailures(ctx, 'build-excluded')) {
      ctx.report({
        messageId: 'excluded',
        data: { symbol: symbol.symbol, reason: failure.detail, arch: ctx.target?.goarch ?? 'amd64' },
        file: symbol.file,
        range: symbol.range,
        details: symbolDetails(symbol),
      });
    }
  },
});
