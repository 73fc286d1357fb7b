/**
 * An editor's change applied to a buffer: the new text, and where the edit falls in tree-sitter's terms so
 * the buffer's tree can be re-parsed incrementally (tree.edit()).
 */
import type { Range } from './diagnostics.js';
import type { InputEdit, SyntaxTree } from './go/parser.js';
import { positionToOffsetIn } from './positions.js';

/** One LSP-style content change: a range replaced by text, or (no range) the whole text replaced. */
export interface TextChange {
  range?: Range;
  text: string;
}

export interface EditableBuffer {
  text: string;
  tree: SyntaxTree | null;
  treeStale: boolean;
}

/** Applies one change to a buffer's text and, when it has a tree, tells the tree where the edit was. */
export function applyChange(buffer: EditableBuffer, change: TextChange): void {
  const old = buffer.text;
  if (!change.range) {
    buffer.text = change.text;
    return;
  }
  let start = positionToOffsetIn(old, change.range.start);
  let end = positionToOffsetIn(old, change.range.end);
  if (end < start) [start, end] = [end, start];
  const text = old.slice(0, start) + change.text + old.slice(end);
  buffer.text = text;
  if (buffer.tree) {
    const startPoint = treePoint(old, start);
    const edit: InputEdit = {
      startIndex: start,
      oldEndIndex: end,
      newEndIndex: start + change.text.length,
      startPosition: startPoint,
      oldEndPosition: treePoint(old, end),
      newEndPosition: pointAfter(startPoint, change.text),
    };
    buffer.tree.edit(edit);
    buffer.treeStale = true;
  }
}

/**
 * tree-sitter's point for an offset: rows count '\n' only (a lone '\r' does not start a row, unlike LSP
 * lines), columns are UTF-16 units from the last '\n'.
 */
function treePoint(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Where text inserted at `start` ends, in tree-sitter's rows and UTF-16 columns. */
function pointAfter(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const end = treePoint(inserted, inserted.length);
  return end.row === 0 ? { row: start.row, column: start.column + inserted.length } : { row: start.row + end.row, column: end.column };
}
