import { defineRule } from './define-rule.js';
import { reportCompat } from './helpers/report-compat.js';

/** The go / toolchain lines of go.mod against the Go KrakenD is built with (spec §6.1, §8). */
export default defineRule({
  id: 'KPA205',
  name: 'go-version-mismatch',
  meta: {
    severity: 'error',
    levels: ['warning'],
    summary: 'the go or toolchain line of go.mod cannot match the target Go',
    messages: {
      newer:
        'go.mod says go {have}, newer than Go {targetGo} that KrakenD {krakend} is built with: the builder refuses it, and a newer toolchain builds a plugin KrakenD cannot load. Set `go {want}`',
      newerOldGo:
        'go.mod says go {have}, newer than Go {targetGo} of KrakenD {krakend}: that Go still builds it, but code using newer language features fails. Set `go {want}`',
      unreadable:
        'Go {targetGo} (KrakenD {krakend}) cannot read `go {have}`: Go before 1.21 accepts only two-part go lines ("invalid go version … must match format 1.23"). Set `go {want}`',
      toolchainOldGo: 'Go {targetGo} (KrakenD {krakend}) does not know the toolchain directive ("unknown directive: toolchain"). Remove the line',
      toolchainNewer:
        'toolchain {have} is newer than Go {targetGo} of KrakenD {krakend}: where go may switch toolchains it builds with {have}, and KrakenD cannot load that plugin (the builder images are believed to set GOTOOLCHAIN=local; UNCONFIRMED). Remove the line',
    },
    fixable: true,
    tags: ['modules', 'toolchain'],
  },
  // go: the compat findings are computed with the module's own packages (an import of a module raises its level).
  needs: ['modules', 'go', 'recipes'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['go-directive', 'toolchain'], (f) => {
      if (f.kind === 'toolchain') return f.detail === 'unreadable' ? 'toolchainOldGo' : 'toolchainNewer';
      if (f.detail === 'unreadable') return 'unreadable';
      return f.level === 'error' ? 'newer' : 'newerOldGo';
    });
  },
});
