/** Completion of plugin names inside krakend.json `name` values (analyzers/config/navigation.ts). */
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import type { FeatureContext } from '../context.js';

export const completionCapability = { triggerCharacters: ['"'] };

export function completion(_params: CompletionParams, _ctx: FeatureContext): CompletionItem[] {
  return [];
}
