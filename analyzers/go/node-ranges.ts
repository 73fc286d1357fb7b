/**
 * Where a tree-sitter node stands, as the engine's 0-based line/UTF-16 Range (tree-sitter's rows and columns).
 */
import type { Range } from '../diagnostics.js';
import type { SyntaxNode } from './parser.js';

export function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** From the start of `from` to the end of `to`. */
export function spanRange(from: SyntaxNode, to: SyntaxNode): Range {
  return { start: nodeRange(from).start, end: nodeRange(to).end };
}
