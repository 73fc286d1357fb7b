import { defineRule } from './define-rule.js';
import { ZERO_RANGE, type RelatedInformation } from '../diagnostics.js';
import { moduleOwners } from '../modules/module-owners.js';
import { relativePath } from '../workspace.js';
import { pluginFolderCollisions, type FolderCollision, type FolderEvidence } from './helpers/plugin-folders.js';

/**
 * Two plugin packages with the same import path (module path + directory) in one plugin folder: Go's plugin
 * loader refuses the second with `plugin.Open("…"): plugin already loaded` (spec §1.7, VERIFIED-LOCALLY;
 * ce#834). Only plugins that meet in one folder collide — the folder a krakend.json loads, or one build
 * recipes write into (helpers/plugin-folders.ts) — so examples of a monorepo deployed apart stay silent.
 */
export default defineRule({
  id: 'KPA311',
  name: 'duplicate-plugin-module-path',
  meta: {
    severity: 'error',
    summary: 'two plugins in one plugin folder share one import path',
    messages: {
      duplicate:
        'The plugin in {dir} has the import path "{path}", like the plugin in {others}, and {they} end up in the plugin folder {folder} ({how}). KrakenD loads the first and the second fails with "plugin already loaded". Give each plugin module its own path in go.mod.',
    },
    tags: ['config'],
  },
  needs: ['go', 'modules', 'config', 'recipes', 'binary'],
  check(ctx) {
    const owners = moduleOwners(ctx.derived);
    const rel = (p: string) => relativePath(ctx.facts.root, p);
    const done = new Set<string>();
    for (const c of pluginFolderCollisions(ctx.derived)) {
      for (const dir of c.dirs) {
        // One finding per package: the first folder found is enough to act on.
        if (done.has(dir)) continue;
        done.add(dir);
        const mod = owners.moduleFor(dir);
        if (!mod) continue;
        const others = c.dirs.filter((d) => d !== dir);
        const related: RelatedInformation[] = others.map((o) => {
          const m = owners.moduleFor(o);
          return { file: m?.goModFile ?? o, range: m?.goMod?.module?.range ?? ZERO_RANGE, message: 'the same module path' };
        });
        const seen = new Set<string>();
        for (const d of c.dirs) {
          for (const e of c.evidence.get(d) ?? []) {
            const key = `${e.file}:${e.range.start.line}:${e.range.start.character}:${d}`;
            if (e.kind === 'binary' || seen.has(key)) continue;
            seen.add(key);
            related.push({ file: e.file, range: e.range, message: e.kind === 'recipe' ? `builds ${rel(d)} into that folder` : `names "${e.name}", which only ${rel(d)} registers` });
          }
        }
        ctx.report({
          messageId: 'duplicate',
          data: {
            dir: rel(dir),
            path: c.importPath,
            others: others.map(rel).join(', '),
            they: others.length > 1 ? 'they all' : 'both',
            folder: rel(c.folder),
            how: describe(c, rel),
          },
          file: mod.goModFile,
          range: mod.goMod?.module?.range ?? ZERO_RANGE,
          related,
          details: { importPath: c.importPath, folder: c.folder, basis: c.basis, dirs: c.dirs },
        });
      }
    }
  },
});

function uniqueEvidence(list: FolderEvidence[]): FolderEvidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.file}:${e.range.start.line}:${e.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const quoteList = (items: string[]) => (items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** How kpa knows they meet there, in a few words: the config's names, the recipe lines, the .so files. */
function describe(c: FolderCollision, rel: (p: string) => string): string {
  const all = uniqueEvidence(c.dirs.flatMap((d) => c.evidence.get(d) ?? []));
  if (c.basis === 'present') return `${quoteList(all.map((e) => rel(e.file)))} there both have that plugin path`;
  const parts: string[] = [];
  const names = new Map<string, string[]>();
  for (const e of all.filter((x) => x.kind === 'config')) {
    const list = names.get(e.file);
    if (list) list.push(`"${e.name}"`);
    else names.set(e.file, [`"${e.name}"`]);
  }
  for (const [file, list] of names) parts.push(`${rel(file)} loads ${quoteList([...new Set(list)])} from it`);
  const recipes = all.filter((x) => x.kind === 'recipe').map((e) => `${rel(e.file)}:${e.range.start.line + 1}`);
  if (recipes.length) parts.push(`${quoteList([...new Set(recipes)])} build${recipes.length === 1 ? 's' : ''} into it`);
  return parts.join('; ');
}
