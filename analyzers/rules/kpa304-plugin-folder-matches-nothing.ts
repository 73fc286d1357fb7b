import { defineRule } from './define-rule.js';
import { checkedConfigs } from './helpers/config-references.js';
import { basename, relativePath } from '../workspace.js';

/**
 * The service plugin block selects no built plugin: KrakenD lists `folder` (not recursively) and opens the
 * files whose name contains `pattern` as a plain substring, not a glob (spec §1.1).
 */
export default defineRule({
  id: 'KPA304',
  name: 'plugin-folder-matches-nothing',
  meta: {
    severity: 'warning',
    levels: ['note'],
    summary: 'the plugin folder and pattern select no built plugin',
    messages: {
      missingKey: 'The plugin block has no string "{key}", so KrakenD cannot list the plugins to load. Add "{key}": {example}.',
      noMatch:
        'No built plugin in {folder} has "{pattern}" in its file name ({found}), so KrakenD loads nothing from here. {hint}',
      outside:
        'The plugin folder {folder} is outside the workspace, so kpa cannot check which plugins it holds. Point kpa at that folder too, or use a folder inside the workspace to have it checked.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const config of checkedConfigs(ctx.facts)) {
      const block = config.pluginBlock;
      if (!block || block.type !== 'object') continue;
      for (const [key, example] of [
        ['folder', '"./plugins/"'],
        ['pattern', '".so"'],
      ] as const) {
        if (block[key]?.type !== 'string') {
          ctx.report({ messageId: 'missingKey', data: { key, example }, file: config.file, range: block[key]?.range ?? block.keyRange });
        }
      }
      const folder = config.pluginFolder;
      if (!folder || !block.folder) continue;
      const shown = (path: string) => (path.startsWith(ctx.facts.root + '/') ? relativePath(ctx.facts.root, path) : path);
      if (!folder.insideWorkspace) {
        ctx.report({ messageId: 'outside', data: { folder: folder.folder }, file: config.file, range: block.folder.range, severity: 'note' });
        continue;
      }
      // Nothing built anywhere yet: no evidence that the block is wrong.
      if (folder.sharedObjects === 0 || folder.matching.length > 0) continue;
      let hint: string;
      if (folder.matchingElsewhere.length > 0) {
        hint = `Plugins that match are in another folder (${folder.matchingElsewhere.slice(0, 3).map(shown).join(', ')}): change "folder" or move them.`;
      } else if (/[*?[\]]/.test(folder.pattern)) {
        hint = 'The pattern is a plain substring, not a glob: use ".so".';
      } else {
        hint = 'Fix "pattern" (a plain substring of the file name, e.g. ".so") or build the plugins into this folder.';
      }
      const found = folder.inFolder.length ? `it holds ${folder.inFolder.map(basename).slice(0, 3).join(', ')}` : 'it holds no .so file';
      ctx.report({
        messageId: 'noMatch',
        data: { folder: shown(folder.folder), pattern: folder.pattern, found, hint },
        file: config.file,
        range: folder.inFolder.length ? block.pattern!.range : block.folder.range,
        details: { folder: folder.folder, pattern: folder.pattern, inFolder: folder.inFolder, matchingElsewhere: folder.matchingElsewhere },
      });
    }
  },
});
