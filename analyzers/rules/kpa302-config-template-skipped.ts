import { defineRule } from './define-rule.js';

/** A flexible-configuration template: kpa does not render Go templates, so it skips the file and says so. */
export default defineRule({
  id: 'KPA302',
  name: 'config-template-skipped',
  meta: {
    severity: 'note',
    summary: 'a flexible-configuration template was skipped',
    messages: {
      template:
        'This configuration uses flexible-configuration templates ({{ … }}), which kpa does not render, so its plugin settings were not checked. Render it (FC_OUT=out.json krakend check -c …) and run kpa on the result.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const config of ctx.facts.configs) {
      for (const p of config.problems) if (p.kind === 'template') ctx.report({ messageId: 'template', file: config.file, range: p.range });
    }
  },
});
