/**
 * The declaration memo of the language server, per file: after an edit, every top-level declaration whose
 * text (and the file's imports) did not change reuses its facts, moved to its new position, instead of being
 * walked again through the native binding, which is most of the cost of extraction. extractFileFacts
 * (file-facts.ts) takes the cache; the facts are the same with it as without it.
 */
import { emptyDeclFacts, extractDeclaration, type DeclFacts } from './declaration-facts.js';
import type { SyntaxNode } from './parser.js';
import type { ImportScope } from './type-expr.js';

/** One file's memo, kept by its owner (a language server buffer) across versions of the file. */
export interface DeclarationCache {
  scopeKey: string;
  entries: Map<string, CachedDeclaration>;
}

interface CachedDeclaration {
  relative: DeclFacts;
  /** Where the declaration started last time, and its facts there: reused as is while it does not move. */
  origin: Pos;
  absolute: DeclFacts;
}

export function createDeclarationCache(): DeclarationCache {
  return { scopeKey: '', entries: new Map() };
}

type Pos = { line: number; character: number };

/** Deep copy of plain facts with every position mapped (relative ↔ absolute to a declaration start). */
function mapPositions<T>(value: T, map: (p: Pos) => Pos): T {
  if (Array.isArray(value)) return value.map((v) => mapPositions(v, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.line === 'number' && typeof obj.character === 'number' && Object.keys(obj).length === 2) return map(obj as Pos) as T;
  const out: Record<string, unknown> = {};
  for (const k in obj) out[k] = mapPositions(obj[k], map);
  return out as T;
}

const toRelative = (origin: Pos) => (p: Pos): Pos =>
  p.line === origin.line ? { line: 0, character: p.character - origin.character } : { line: p.line - origin.line, character: p.character };
const toAbsolute = (origin: Pos) => (p: Pos): Pos =>
  p.line === 0 ? { line: origin.line, character: p.character + origin.character } : { line: p.line + origin.line, character: p.character };

function appendDeclFacts(out: DeclFacts, d: DeclFacts): void {
  out.types.push(...d.types);
  out.methods.push(...d.methods);
  out.values.push(...d.values);
  out.consts.push(...d.consts);
  out.registrations.push(...d.registrations);
}

/** One extraction of one version of the file through its cache. */
export interface DeclarationCachePass {
  /** Adds the facts of one top-level declaration of this version to `out`. */
  extract(node: SyntaxNode, out: DeclFacts): void;
  /** Ends the pass: only the declarations of this version stay cached, so the memo never outgrows the file. */
  finish(): void;
}

/** Starts a pass over one version of the file; a change of its imports empties the cache. */
export function beginCachePass(cache: DeclarationCache, file: string, scope: ImportScope, treeHasError: boolean): DeclarationCachePass {
  const scopeKey = JSON.stringify([[...scope.byName], scope.dotImports]);
  if (cache.scopeKey !== scopeKey) {
    cache.entries.clear();
    cache.scopeKey = scopeKey;
  }
  const kept = new Map<string, CachedDeclaration>();
  return {
    extract(node, out) {
      // A declaration holding a syntax error is not memoised: error recovery may shape the same text
      // differently in another parse, so its facts are only valid for this tree.
      if (treeHasError && node.hasError) {
        extractDeclaration(node, file, scope, out);
        return;
      }
      const key = node.text;
      const origin = { line: node.startPosition.row, character: node.startPosition.column };
      let entry = kept.get(key) ?? cache.entries.get(key);
      if (!entry) {
        const absolute = emptyDeclFacts();
        extractDeclaration(node, file, scope, absolute);
        entry = { relative: mapPositions(absolute, toRelative(origin)), origin, absolute };
      } else if (entry.origin.line !== origin.line || entry.origin.character !== origin.character) {
        entry = { relative: entry.relative, origin, absolute: mapPositions(entry.relative, toAbsolute(origin)) };
      }
      // Facts are never mutated downstream, so an unmoved declaration shares its objects across versions.
      if (!kept.has(key)) kept.set(key, entry);
      appendDeclFacts(out, entry.absolute);
    },
    finish() {
      cache.entries = kept;
    },
  };
}
