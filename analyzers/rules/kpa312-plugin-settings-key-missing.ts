import { defineRule } from './define-rule.js';
import { closestNames } from './helpers/closest-names.js';
import { lookedUpNames, references } from './helpers/config-references.js';

/**
 * By convention a plugin reads its settings from a key named like it, next to `name` (spec §2); the factory
 * gets the whole namespace object, so a missing or misspelt key usually means the plugin runs unconfigured.
 */
export default defineRule({
  id: 'KPA312',
  name: 'plugin-settings-key-missing',
  meta: {
    severity: 'note',
    summary: 'no settings key named like the plugin next to its name',
    messages: {
      missing:
        'There is no "{name}" key next to "name"; by convention the plugin reads its settings from it, so it may run unconfigured. {hint}',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const { config, ref } of references(ctx.facts)) {
      const keys = ref.settingsKeys.map((k) => k.value);
      for (const n of lookedUpNames(ref)) {
        if (keys.includes(n.value)) continue;
        const near = closestNames(n.value, keys, 1);
        const hint = near.length ? `Did you mean to name "${near[0]}" "${n.value}"?` : 'Add "' + n.value + '": { … } if the plugin takes settings.';
        ctx.report({ messageId: 'missing', data: { name: n.value, hint }, file: config.file, range: n.range });
      }
    }
  },
});
