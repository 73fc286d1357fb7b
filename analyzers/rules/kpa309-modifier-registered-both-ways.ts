import { defineRule } from './define-rule.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { lookedUpNames, references } from './helpers/config-references.js';

/**
 * A modifier registered with appliesToRequest and appliesToResponse both true: lura looks each configured
 * name up as a request modifier first and never as a response modifier, so it only ever runs on requests
 * (spec §1.4, DERIVED from newPluginMiddleware).
 */
export default defineRule({
  id: 'KPA309',
  name: 'modifier-registered-both-ways',
  meta: {
    severity: 'warning',
    summary: 'a modifier registered for requests and responses only runs on requests',
    messages: {
      bothWays:
        '"{name}" is registered as both a request and a response modifier; KrakenD finds it among the request modifiers first and never runs it on responses. Register the response side under its own name (e.g. "{name}-response") and list that name too.',
    },
    tags: ['config'],
  },
  needs: ['config', 'go'],
  check(ctx) {
    const registry = pluginRegistry(ctx.derived);
    for (const { config, ref } of references(ctx.facts)) {
      if (ref.kind !== 'modifier') continue;
      for (const n of lookedUpNames(ref)) {
        const both = (registry.byName.get(n.value) ?? []).filter((r) => r.kind === 'modifier' && r.appliesToRequest === true && r.appliesToResponse === true);
        if (both.length === 0) continue;
        ctx.report({
          messageId: 'bothWays',
          data: { name: n.value },
          file: config.file,
          range: n.range,
          related: both.map((r) => ({ file: r.file, range: r.range, message: 'registered with appliesToRequest and appliesToResponse both true' })),
        });
      }
    }
  },
});
