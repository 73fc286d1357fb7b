import { defineRule } from './define-rule.js';
import type { Fix } from '../diagnostics.js';
import { references } from './helpers/config-references.js';
import { pluginNamespaceFor } from '../config/namespaces.js';

/**
 * `name` in the shape KrakenD does not read (spec §1.2–1.5, §2): a modifier name given as a string disables
 * the modifiers silently, a client name given as a list is ignored, a server name must be a string or a list.
 */
export default defineRule({
  id: 'KPA308',
  name: 'plugin-name-wrong-type',
  meta: {
    severity: 'error',
    levels: ['warning'],
    summary: 'a plugin name has a JSON type KrakenD ignores',
    messages: {
      notObject: '{namespace} must be an object like {"name": {example}}, not a JSON {type}; KrakenD cannot read the plugin from it.',
      missingName: '{namespace} has no "name", so KrakenD does not know which plugin to run and runs none. Add "name": {example}.',
      modifierString:
        'The modifier name is a string, but KrakenD reads only a list here: with a string it silently runs no modifier at all. Write it as a list: ["{name}"].',
      clientList:
        'The client name is a list, but KrakenD reads only a string here (one client plugin per backend): it ignores the list and uses its own HTTP client. Write a single string.',
      middlewareString:
        'The middleware name is a string, but the Enterprise schema requires a list (what KrakenD Enterprise does with a string is unconfirmed). Write it as a list: ["{name}"].',
      wrongType: 'The plugin name is a JSON {type}; {namespace} takes {shape}. KrakenD ignores it, so no plugin runs.',
      itemNotString: 'This entry of the name list is a JSON {type}, not a string; KrakenD skips it. Write the plugin name as a string.',
    },
    fixable: true,
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const { config, ref } of references(ctx.facts)) {
      const ns = pluginNamespaceFor(ref.namespace)!;
      const example = ns.nameShape === 'string' ? '"my-plugin"' : '["my-plugin"]';
      const file = config.file;
      if (ref.valueType !== 'object') {
        ctx.report({ messageId: 'notObject', data: { namespace: ref.namespace, example, type: ref.valueType }, file, range: ref.key.range });
        continue;
      }
      if (!ref.name) {
        ctx.report({ messageId: 'missingName', data: { namespace: ref.namespace, example }, file, range: ref.key.range });
        continue;
      }
      const { type, value } = ref.name;
      const asList: Fix[] = ref.names.map((n) => ({ title: 'Write the name as a list', edits: [{ file, range: value.range, newText: `[${JSON.stringify(n.value)}]` }] }));
      if (ns.kind === 'modifier' && type === 'string') {
        ctx.report({ messageId: 'modifierString', data: { name: ref.names[0].value }, file, range: value.range, fixes: asList });
      } else if (ns.kind === 'middleware' && type === 'string') {
        // Enterprise is closed source: what a string does there is UNCONFIRMED (spec §1.5), so a warning.
        ctx.report({ messageId: 'middlewareString', data: { name: ref.names[0].value }, file, range: value.range, fixes: asList, severity: 'warning' });
      } else if (ns.kind === 'client' && type === 'array') {
        const only = ref.names.length === 1 && ref.nonStringItems.length === 0 ? ref.names[0] : null;
        ctx.report({
          messageId: 'clientList',
          file,
          range: value.range,
          fixes: only ? [{ title: 'Write the name as a string', edits: [{ file, range: value.range, newText: JSON.stringify(only.value) }] }] : [],
        });
      } else if (type !== 'string' && type !== 'array') {
        const shape = ns.nameShape === 'string' ? 'a string' : ns.nameShape === 'list' ? 'a list of strings' : 'a string or a list of strings';
        ctx.report({ messageId: 'wrongType', data: { type, namespace: ref.namespace, shape }, file, range: value.range });
      } else if (type === 'array') {
        for (const item of ref.nonStringItems) ctx.report({ messageId: 'itemNotString', data: { type: item.type }, file, range: item.range });
      }
    }
  },
});
