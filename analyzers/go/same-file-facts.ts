/**
 * Whether two GoFileFacts say the same thing. Most keystrokes inside a function body leave a file's facts
 * as they were, and the language server then keeps its package's analysis. With the declaration memo
 * (declaration-cache.ts) unchanged declarations are the very same objects, so the list comparison is mostly
 * identity; what was re-extracted is compared by value.
 */
import type { GoFileFacts } from './facts.js';

export function sameFileFacts(a: GoFileFacts, b: GoFileFacts): boolean {
  return a === b || samePlainValue(a, b);
}

/** Structural equality of plain data (objects, arrays, primitives), identity first at every level. */
function samePlainValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlainValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!(key in y) || !samePlainValue(x[key], y[key])) return false;
  return true;
}
