/** Rename a plugin name across the Go registration and every krakend.json use. */
import type { PrepareRenameParams, Range, RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import type { FeatureContext } from '../context.js';

export function prepareRename(_params: PrepareRenameParams, _ctx: FeatureContext): Range | null {
  return null;
}

export function rename(_params: RenameParams, _ctx: FeatureContext): WorkspaceEdit | null {
  return null;
}
