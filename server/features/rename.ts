/** Rename a plugin name across the Go register call(s) and every krakend.json use (names and settings keys). */
import { ErrorCodes, ResponseError, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit, type TextEdit } from 'vscode-languageserver';
import { pluginRegistry, renameEdits } from '../../analyzers/config/navigation.js';
import type { FeatureContext } from '../context.js';
import { nameAtCursor } from './plugin-names.js';

/** The name without its quotes, when the token sits on one line. */
function innerRange(range: Range): Range {
  if (range.start.line !== range.end.line || range.end.character - range.start.character < 2) return range;
  return { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } };
}

export function prepareRename(params: PrepareRenameParams, ctx: FeatureContext): { range: Range; placeholder: string } | null {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return null;
  const at = nameAtCursor(path, params.position, ctx.analysis().facts, ctx);
  if (!at) return null;
  if (at.side === 'go' && !at.registered.registration) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `kpa cannot rename "${at.name}" here: rename it where the register call builds it`);
  }
  const range = at.side === 'config' ? at.hit.name.range : at.registered.range;
  return { range: innerRange(range), placeholder: at.name };
}

export function rename(params: RenameParams, ctx: FeatureContext): WorkspaceEdit | null {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return null;
  const { facts } = ctx.analysis();
  const at = nameAtCursor(path, params.position, facts, ctx);
  if (!at) return null;
  const plan = renameEdits(facts.configs, pluginRegistry(facts).names, at.kind, at.name, params.newName);
  if (plan.blocked.length) {
    // Renaming only some uses would break the link between config and plugin: refuse, and say where.
    const first = plan.blocked[0];
    throw new ResponseError(ErrorCodes.InvalidRequest, `kpa cannot rename "${at.name}": ${first.reason} (${first.file}:${first.range.start.line + 1})`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const e of plan.edits) (changes[ctx.documents.uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}
