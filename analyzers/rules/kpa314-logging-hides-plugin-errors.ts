import { defineRule } from './define-rule.js';

/** KrakenD levels above DEBUG; DEBUG itself shows the plugin loaders' errors. */
const ABOVE_DEBUG = new Set(['INFO', 'WARNING', 'ERROR', 'CRITICAL']);

/**
 * Since KrakenD 2.0 every plugin load error is logged at DEBUG (krakend-ce plugin.go; ce#788), so a gateway that
 * loads plugins and logs at INFO or above says nothing when one fails to load (spec §7.4).
 */
export default defineRule({
  id: 'KPA314',
  name: 'logging-hides-plugin-errors',
  meta: {
    severity: 'note',
    summary: 'the logging level hides the errors of plugins that fail to load',
    messages: {
      hidden: 'KrakenD logs plugin load failures at DEBUG only, so with level "{level}" a plugin that does not load leaves no trace in the logs. Use "DEBUG" while you set plugins up, and read its "plugin #…" lines.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const config of ctx.facts.configs) {
      const level = config.loggingLevel;
      if (!config.pluginBlock || level?.type !== 'string' || !ABOVE_DEBUG.has(level.value!.toUpperCase())) continue;
      ctx.report({ messageId: 'hidden', data: { level: level.value! }, file: config.file, range: level.range });
    }
  },
});
