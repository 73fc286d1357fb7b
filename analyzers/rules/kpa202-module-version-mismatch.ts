import { defineRule } from './define-rule.js';
import { linkMessage, reportCompat, reportGuessedLinkSets } from './helpers/report-compat.js';

/**
 * A module at another version than the one KrakenD links, leveled by the plugin's link set (issue #14 class 7;
 * manifests/compat.ts): error when a package of it is in the plugin's import closure (or go.sum says it most
 * likely is), warning when that cannot be told, note when go.mod requires it but the plugin does not link it.
 * A module only go.sum lists and the plugin does not link is not reported.
 */
export default defineRule({
  id: 'KPA202',
  name: 'module-version-mismatch',
  meta: {
    severity: 'warning',
    levels: ['error', 'note'],
    summary: 'a module version differs from the one KrakenD links',
    messages: {
      imported:
        'your code imports {package} ({module} {have}), but KrakenD {krakend} links {module} {want}: the plugin will not load ("plugin was built with a different version of package"). Use {module} {want}',
      linked:
        '{module} {have} is linked into the plugin ({how}), but KrakenD {krakend} links {module} {want}: the plugin will not load ("plugin was built with a different version of package"). Use {module} {want}',
      required:
        '{module} is {have} in your module graph, but KrakenD {krakend} links {want}: if a package of it ends up in both binaries, the plugin will not load. Pin {module} {want}',
      notLinked:
        '{module} is {have} in your go.mod and KrakenD {krakend} links {want}, but no package of the plugin imports it, directly or through its dependencies: it is not linked, so it cannot break loading',
      linkSetGuessed:
        'kpa could not follow every import of the plugin\'s dependencies ({reason}), so the level of {count} finding(s) of this module comes from go.sum: a line without /go.mod means the go command loaded that module\'s packages. Run `go mod download` so kpa can read their imports from the module cache',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go, recipes: the compat findings are computed for the plugin builds' packages (plugin-builds.ts; an import raises the level).
  needs: ['modules', 'go', 'recipes'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['version'], linkMessage);
    reportGuessedLinkSets(ctx, 'linkSetGuessed');
  },
});
