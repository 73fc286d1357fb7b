import { defineRule } from './define-rule.js';
import type { Range } from '../diagnostics.js';
import { ZERO_RANGE } from '../diagnostics.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { moduleOwners } from '../modules/module-owners.js';
import { relativePath } from '../workspace.js';

/**
 * Two plugin packages with the same import path (module path + directory): Go's plugin loader refuses the
 * second with `plugin.Open("…"): plugin already loaded` (spec §1.7, VERIFIED-LOCALLY; ce#834).
 */
export default defineRule({
  id: 'KPA311',
  name: 'duplicate-plugin-module-path',
  meta: {
    severity: 'error',
    summary: 'two plugin packages share one import path',
    messages: {
      duplicate:
        'The plugin in {dir} has the import path "{path}", like the plugin in {others}. KrakenD loads the first and the second fails with "plugin already loaded". Give each plugin module its own path in go.mod.',
    },
    tags: ['config'],
  },
  needs: ['go', 'modules'],
  check(ctx) {
    const byPath = new Map<string, { dir: string; file: string; range: Range }[]>();
    const owners = moduleOwners(ctx.derived);
    for (const dir of pluginRegistry(ctx.derived).packageDirs) {
      const mod = owners.moduleFor(dir);
      // Without go.mod Go names the plugin plugin/unnamed-<hash>: unique per package.
      if (!mod?.modulePath) continue;
      const rel = relativePath(mod.dir, dir);
      const path = rel === '.' ? mod.modulePath : `${mod.modulePath}/${rel}`;
      let list = byPath.get(path);
      if (!list) byPath.set(path, (list = []));
      list.push({ dir, file: mod.goModFile, range: mod.goMod?.module?.range ?? ZERO_RANGE });
    }
    for (const [path, list] of byPath) {
      if (list.length < 2) continue;
      for (const p of list) {
        const others = list.filter((o) => o !== p);
        ctx.report({
          messageId: 'duplicate',
          data: { dir: relativePath(ctx.facts.root, p.dir), path, others: others.map((o) => relativePath(ctx.facts.root, o.dir)).join(', ') },
          file: p.file,
          range: p.range,
          related: others.map((o) => ({ file: o.file, range: o.range, message: 'the same module path' })),
          details: { importPath: path },
        });
      }
    }
  },
});
