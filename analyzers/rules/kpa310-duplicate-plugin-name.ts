import { defineRule } from './define-rule.js';
import { pluginRegistry, type RegisteredName } from '../config/plugin-registry.js';
import { relativePath } from '../workspace.js';

/**
 * Two plugin packages register the same name for the same kind: lura's registry overwrites silently, so
 * the plugin whose file loads last (name order in the folder) wins (spec §1.1).
 */
export default defineRule({
  id: 'KPA310',
  name: 'duplicate-plugin-name',
  meta: {
    severity: 'warning',
    summary: 'two plugin packages register the same plugin name',
    messages: {
      duplicate:
        'The {kind} name "{name}" is also registered by the plugin in {others}. When both are loaded, the one whose file loads last silently replaces the other. Give each plugin its own name.',
    },
    tags: ['config'],
  },
  needs: ['go'],
  check(ctx) {
    const groups = new Map<string, RegisteredName[]>();
    for (const r of pluginRegistry(ctx.derived).names) {
      const key = `${r.kind}\u0000${r.name}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      if (!list.some((x) => x.dir === r.dir)) list.push(r);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      for (const r of list) {
        const others = list.filter((o) => o !== r);
        ctx.report({
          messageId: 'duplicate',
          data: { kind: r.kind, name: r.name, others: others.map((o) => relativePath(ctx.facts.root, o.dir)).join(', ') },
          file: r.file,
          range: r.range,
          related: others.map((o) => ({ file: o.file, range: o.range, message: `"${o.name}" registered here too` })),
        });
      }
    }
  },
});
