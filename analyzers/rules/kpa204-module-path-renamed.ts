import { defineRule } from './define-rule.js';
import { linkMessage, reportCompat } from './helpers/report-compat.js';

/**
 * KrakenD modules moved github.com/devopsfaith → krakendio (2.0.5) → krakend (2.11.0). Go treats each path as
 * its own module, so a plugin that requires or links a module under an old path carries its own copy, which
 * cannot clash with KrakenD's when the plugin loads (only a package both link under one import path can: spec §7). What is true is at
 * most a note: the copy shares no state with KrakenD's (a registry KrakenD reads, a setting it fills in), and
 * the renamed path is the one to require to use KrakenD's own.
 */
export default defineRule({
  id: 'KPA204',
  name: 'module-path-renamed',
  meta: {
    severity: 'note',
    summary: 'a KrakenD module is used under an old path, a module of its own',
    messages: {
      imported:
        'your code imports {package}, from the old path of a module KrakenD {krakend} links as {want}. Go treats the two paths as two modules, so they cannot clash when KrakenD loads the plugin: the plugin carries its own copy. That copy shares no state with KrakenD\'s (a registry KrakenD reads, a setting it fills in); if your code relies on such state, require {detail} and change the import paths',
      linked:
        'the plugin links {module} ({how}), the old path of a module KrakenD {krakend} links as {want}. Go treats the two paths as two modules, so they cannot clash when KrakenD loads the plugin; the plugin\'s copy shares no state with KrakenD\'s. To use KrakenD\'s own, require {detail} and change the import paths',
      required:
        '{module} in your go.mod is the old path of a module KrakenD {krakend} links as {want}: a module under another path is a different module, which cannot clash with KrakenD\'s when the plugin loads. To use KrakenD\'s own, require {detail} instead',
      notLinked:
        '{module} in your go.mod is the old path of a module KrakenD {krakend} links as {want}, and no package of the plugin imports it, directly or through its dependencies: it cannot affect loading. Require {detail} instead, or drop the requirement',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go, recipes: the compat findings are computed for the plugin builds' packages (plugin-builds.ts; an import raises the level).
  needs: ['modules', 'go', 'recipes'],
  needsTarget: true,
  check(ctx) {
    // A note whatever the link set says (compat.ts levels 'renamed' findings so, for kpa compat too).
    reportCompat(ctx, ['renamed'], linkMessage);
  },
});
