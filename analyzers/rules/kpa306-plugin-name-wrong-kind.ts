import { defineRule } from './define-rule.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { namespaceForKind } from '../config/namespaces.js';

/** A name registered for another plugin kind: each kind has its own registry, so KrakenD does not find it here (spec §1.1). */
export default defineRule({
  id: 'KPA306',
  name: 'plugin-name-wrong-kind',
  meta: {
    severity: 'error',
    summary: 'a plugin name is used under the namespace of another plugin kind',
    messages: {
      wrongKind:
        '"{name}" is registered as a {registered} plugin, but {namespace} looks it up among {kind} plugins, so KrakenD never finds it. Move it under {expected}.',
    },
    tags: ['config'],
  },
  needs: ['config', 'go'],
  check(ctx) {
    const registry = pluginRegistry(ctx.derived);
    for (const { config, ref } of references(ctx.facts)) {
      for (const n of lookedUpNames(ref)) {
        const found = registry.byName.get(n.value);
        if (!found || found.some((r) => r.kind === ref.kind)) continue;
        const registered = found[0];
        ctx.report({
          messageId: 'wrongKind',
          data: { name: n.value, registered: registered.kind, namespace: ref.namespace, kind: ref.kind, expected: namespaceForKind(registered.kind).alias },
          file: config.file,
          range: n.range,
          related: found.map((r) => ({ file: r.file, range: r.range, message: `registered as a ${r.kind} plugin here` })),
          details: { name: n.value, kind: ref.kind, registeredKinds: [...new Set(found.map((r) => r.kind))] },
        });
      }
    }
  },
});
