/** Completion of plugin names inside krakend.json `name` values, from the names the workspace's Go code registers. */
import { CompletionItemKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import { completionsForName, pluginRegistry } from '../../analyzers/config/navigation.js';
import { relativePath } from '../../analyzers/workspace.js';
import type { FeatureContext } from '../context.js';
import { configCursor } from './plugin-names.js';

export const completionCapability = { triggerCharacters: ['"'] };

export function completion(params: CompletionParams, ctx: FeatureContext): CompletionItem[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return [];
  const { facts } = ctx.analysis();
  const cursor = configCursor(path, params.position, facts, ctx);
  if (!cursor) return [];
  const items = completionsForName(cursor.config, cursor.offset, pluginRegistry(facts).names, params.position) ?? [];
  return items.map((item) => ({
    label: item.label,
    kind: CompletionItemKind.Value,
    detail: `${item.kind} plugin in ${relativePath(ctx.session.root, item.detail.replace(/^.* plugin in /, ''))}`,
    sortText: item.sortText,
    // The range covers the string token with its quotes, so the editor filters on the quoted text.
    filterText: item.newText,
    textEdit: { range: item.range, newText: item.newText },
  }));
}
