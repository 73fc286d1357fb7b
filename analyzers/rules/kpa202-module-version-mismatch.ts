import { defineRule } from './define-rule.js';
import { reportCompat } from './helpers/report-compat.js';

/**
 * A module at another version than the one KrakenD links. Leveled like govulncheck: error when the
 * plugin's own code imports it, warning when it is in the go.mod graph, note when only go.sum lists it.
 */
export default defineRule({
  id: 'KPA202',
  name: 'module-version-mismatch',
  meta: {
    severity: 'warning',
    summary: 'a module version differs from the one KrakenD links',
    messages: {
      imported:
        'your code imports {package} ({module} {have}), but KrakenD {krakend} links {module} {want}: the plugin will not load ("plugin was built with a different version of package"). Use {module} {want}',
      required:
        '{module} is {have} in your module graph, but KrakenD {krakend} links {want}: if a package of it ends up in both binaries, the plugin will not load. Pin {module} {want}',
      sumOnly:
        'go.sum lists {module} {have} and KrakenD {krakend} links {want}; it is not in your build, so it cannot break loading, but `krakend check-plugin` reports it',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go: the compat findings are computed with the module's own packages (an import of a module raises its level).
  needs: ['modules', 'go'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['version'], (f) => (f.level === 'error' ? 'imported' : f.level === 'warning' ? 'required' : 'sumOnly'));
  },
});
