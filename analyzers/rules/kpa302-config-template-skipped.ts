import { defineRule } from './define-rule.js';
import type { FlexibleFolderFact } from '../config/facts.js';
import { relativePath } from '../workspace.js';

const RENDER_IT = 'Render it (FC_ENABLE=1 FC_OUT=out.json krakend check -c …) and run kpa lint --config out.json to check it all.';

/**
 * A flexible-configuration template: kpa renders what it can statically (config/template/) and checks the
 * result; this rule says what it could not render — an action written as a placeholder, or the whole file
 * when the rendering stopped — so nothing is skipped silently.
 */
export default defineRule({
  id: 'KPA302',
  name: 'config-template-skipped',
  meta: {
    severity: 'note',
    summary: 'a flexible-configuration template could not be rendered in full',
    messages: {
      template:
        'This configuration uses flexible-configuration templates ({{ … }}), which kpa does not render, so its plugin settings were not checked. Render it (FC_OUT=out.json krakend check -c …) and run kpa on the result.',
      skipped: 'kpa could not render this flexible-configuration template, so its plugin settings were not checked: {reason}. {hint}',
      unrendered:
        'kpa rendered this flexible-configuration template{with} and checked the result, but could not render {action}: {reason}. A placeholder stood in for it, so what it writes was not checked.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    const root = ctx.facts.root;
    for (const config of ctx.facts.configs) {
      const rendering = config.template;
      for (const p of config.problems) {
        if (p.kind !== 'template') continue;
        if (!rendering) ctx.report({ messageId: 'template', file: config.file, range: p.range });
        else ctx.report({ messageId: 'skipped', data: { reason: p.message, hint: RENDER_IT }, file: config.file, range: p.range, details: { reason: p.message } });
      }
      if (!rendering || config.status === 'template') continue;
      const settings = rendering.settings.map((s) => describeFolder(s, root));
      const withSettings = settings.length ? ` with the settings in ${settings.join(' and ')}` : ' without settings (kpa found no FC_SETTINGS folder)';
      for (const u of rendering.unrendered) {
        ctx.report({
          messageId: 'unrendered',
          data: { with: withSettings, action: u.action, reason: u.reason },
          file: config.file,
          range: u.range,
          details: { action: u.action, reason: u.reason, settings: rendering.settings.map((s) => s.dir) },
        });
      }
    }
  },
});

function describeFolder(folder: FlexibleFolderFact, root: string): string {
  const dir = relativePath(root, folder.dir);
  if (!folder.file) return `${dir} (beside the template)`;
  return `${dir} (FC_SETTINGS in ${relativePath(root, folder.file)}:${folder.line})`;
}
