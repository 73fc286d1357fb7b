import { defineRule } from './define-rule.js';
import { linkMessage, reportCompat } from './helpers/report-compat.js';

/** lura is the framework KrakenD is built on; its version is fixed per release (spec §1.8). */
export default defineRule({
  id: 'KPA206',
  name: 'lura-version-mismatch',
  meta: {
    severity: 'warning',
    levels: ['error', 'note'],
    summary: 'lura is used at a version other than the target links',
    messages: {
      imported:
        'your code imports {package} at lura {have}, but KrakenD {krakend} links lura {want}: the plugin will not load. Require lura {want}, or stop importing lura and copy the interfaces you need',
      linked:
        'lura {have} is linked into the plugin ({how}), but KrakenD {krakend} links lura {want}: the plugin will not load. Require lura {want}',
      required: 'lura {have} is in your module graph, but KrakenD {krakend} links lura {want}: a shared lura package makes the plugin fail to load. Pin lura {want}',
      notLinked:
        'lura {have} is in your go.mod and KrakenD {krakend} links lura {want}, but no package of the plugin imports lura, directly or through its dependencies: it is not linked, so it cannot break loading',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go, recipes: the compat findings are computed for the plugin builds' packages (plugin-builds.ts; an import raises the level).
  needs: ['modules', 'go', 'recipes'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['lura'], linkMessage);
  },
});
