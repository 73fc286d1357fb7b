import { defineRule } from './define-rule.js';
import { linkMessage, reportCompat } from './helpers/report-compat.js';

/** KrakenD replaces a module with a fork (spec §3.2, README "replace directives"); the plugin must do the same. */
export default defineRule({
  id: 'KPA203',
  name: 'krakend-replace-missing',
  meta: {
    severity: 'error',
    levels: ['warning', 'note'],
    summary: 'a module KrakenD replaces is used without the same replace',
    messages: {
      imported:
        'KrakenD {krakend} replaces {module} with {want}, and your code imports {package}: without the same replace the plugin links different code and will not load. Add `replace {detail}` (krakend check-plugin cannot see this)',
      linked:
        'KrakenD {krakend} replaces {module} with {want}, and it is linked into the plugin ({how}): without the same replace the plugin links different code and will not load. Add `replace {detail}`',
      required:
        'KrakenD {krakend} replaces {module} with {want}, but your module uses {have}: if a package of it ends up in both binaries, the plugin will not load. Add `replace {detail}`',
      notLinked:
        'KrakenD {krakend} replaces {module} with {want}, and your go.mod requires {have}, but no package of the plugin imports it, directly or through its dependencies: it is not linked, so it cannot break loading',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go, recipes: the compat findings are computed for the plugin builds' packages (plugin-builds.ts; an import raises the level).
  needs: ['modules', 'go', 'recipes'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['krakend-replace'], linkMessage);
  },
});
