import { defineRule } from './define-rule.js';
import { linkMessage, reportCompat } from './helpers/report-compat.js';

/** KrakenD modules moved github.com/devopsfaith → krakendio (2.0.5) → krakend (2.11.0); Go treats each path as a new module. */
export default defineRule({
  id: 'KPA204',
  name: 'module-path-renamed',
  meta: {
    severity: 'warning',
    summary: 'a KrakenD module is required under a path the target no longer uses',
    messages: {
      imported:
        'your code imports {package}, but KrakenD {krakend} links this module as {want}: Go treats the two paths as different modules, so your plugin talks to a copy KrakenD never uses. Require {detail} and change your import paths',
      linked:
        'KrakenD {krakend} links {module} under its new path {want}, and the old path is linked into the plugin ({how}): Go treats the two paths as different modules, so your plugin talks to a copy KrakenD never uses. Require {detail} and change the import paths',
      required:
        'KrakenD {krakend} links {module} under its new path {want}; the old path in your go.mod is a different module that KrakenD does not have. Require {detail} instead',
      notLinked:
        'KrakenD {krakend} links {module} under its new path {want}; your go.mod requires the old path, but no package of the plugin imports it, directly or through its dependencies. Require {detail} instead, or drop the requirement',
    },
    fixable: true,
    tags: ['modules'],
  },
  // go: the compat findings are computed with the module's own packages (an import of a module raises its level).
  needs: ['modules', 'go'],
  needsTarget: true,
  check(ctx) {
    reportCompat(ctx, ['renamed'], linkMessage);
  },
});
