import { defineRule } from './define-rule.js';
import { checkedConfigs } from './helpers/config-references.js';

/** Plugins are referenced but the service has no `plugin` block: KrakenD loads no plugin at all (spec §1.1, §2). */
export default defineRule({
  id: 'KPA303',
  name: 'plugin-block-missing',
  meta: {
    severity: 'error',
    summary: 'plugins are referenced but the service has no plugin block',
    messages: {
      missing:
        'This configuration uses the plugin "{name}" but has no service "plugin" block, so KrakenD loads no plugin and silently skips it. Add "plugin": {"folder": "./plugins/", "pattern": ".so"} at the root.',
      notObject: 'The service "plugin" block must be an object with "folder" and "pattern", not {type}; KrakenD cannot load plugins from it.',
    },
    fixable: true,
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const config of checkedConfigs(ctx.facts)) {
      const block = config.pluginBlock;
      if (block && block.type !== 'object') {
        ctx.report({ messageId: 'notObject', data: { type: `a JSON ${block.type}` }, file: config.file, range: block.range });
        continue;
      }
      const used = config.references.filter((r) => r.inExtraConfig);
      if (block || used.length === 0) continue;
      const [first, ...rest] = used;
      const afterBrace = config.root!.range.start;
      const at = { line: afterBrace.line, character: afterBrace.character + 1 };
      const comma = config.root!.properties > 0 ? ',' : '';
      ctx.report({
        messageId: 'missing',
        data: { name: first.names[0]?.value ?? first.namespace },
        file: config.file,
        range: first.key.range,
        related: rest.map((r) => ({ file: config.file, range: r.key.range, message: `also uses ${r.alias}` })),
        details: { references: used.length },
        fixes: [
          {
            title: 'Add a plugin block that loads every .so in ./plugins/',
            edits: [{ file: config.file, range: { start: at, end: at }, newText: `\n  "plugin": { "folder": "./plugins/", "pattern": ".so" }${comma}` }],
          },
        ],
      });
    }
  },
});
