import { defineRule } from './define-rule.js';
import { references, describePlace } from './helpers/config-references.js';
import { pluginNamespaceFor, LEVEL_WORDS } from '../config/namespaces.js';

/** A plugin namespace where KrakenD does not read it (spec §2): http-server at service level, http-client in backends, modifiers at endpoint or backend. */
export default defineRule({
  id: 'KPA307',
  name: 'plugin-namespace-wrong-level',
  meta: {
    severity: 'error',
    levels: ['note'],
    summary: 'a plugin namespace sits where KrakenD does not read it',
    messages: {
      outsideExtraConfig:
        '{namespace} sits straight in {here}, outside its extra_config, so KrakenD ignores it and the plugin never runs. Move it into "extra_config".',
      wrongLevel: '{namespace} is only read in {where}; in {here} KrakenD ignores it and the plugin never runs. Move it there.',
      enterprise:
        '{namespace} is read only by KrakenD Enterprise (middleware plugins, EE 2.10+); KrakenD Community Edition ignores it. Use plugin/req-resp-modifier for CE.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const { config, ref } of references(ctx.facts, true)) {
      const ns = pluginNamespaceFor(ref.namespace)!;
      if (!ref.inExtraConfig) {
        const here = describePlace(ref).replace(/^the extra_config of /, '').replace(/^the service extra_config$/, 'the service (root) object');
        ctx.report({ messageId: 'outsideExtraConfig', data: { namespace: ref.namespace, here }, file: config.file, range: ref.key.range });
      } else if (!ns.levels.includes(ref.level)) {
        ctx.report({
          messageId: 'wrongLevel',
          data: { namespace: ref.namespace, where: ns.levels.map((l) => LEVEL_WORDS[l]).join(' or '), here: describePlace(ref) },
          file: config.file,
          range: ref.key.range,
          details: { level: ref.level, allowed: [...ns.levels] },
        });
      }
      if (ns.enterprise && ref.inExtraConfig) ctx.report({ messageId: 'enterprise', data: { namespace: ref.namespace }, file: config.file, range: ref.key.range, severity: 'note' });
    }
  },
});
