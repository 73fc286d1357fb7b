/**
 * A light scan of the package clause and import block without parsing, for packages the prefilter
 * skips: module rules still need to know which modules a plugin's Go code imports.
 */
import type { ImportFact } from './facts.js';
import type { Range } from '../diagnostics.js';

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The part of a Go file before its first top-level declaration: all that holds the package clause and imports. */
function headerOf(text: string): string {
  const stop = text.search(/^(func|type|var|const)\b/m);
  return stop < 0 ? text : text.slice(0, stop);
}

export function scanHeader(text: string, file: string): { packageName: string | null; imports: ImportFact[] } {
  const head = headerOf(text).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const pkg = /\bpackage\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(head);
  const imports: ImportFact[] = [];
  const re = /\bimport\s*(\(([^)]*)\)|([A-Za-z_.][A-Za-z0-9_]*\s+)?("[^"]*"|`[^`]*`))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(head))) {
    const specs = m[2] !== undefined ? m[2] : `${m[3] ?? ''}${m[4]}`;
    for (const line of specs.split(/[\n;]/)) {
      const s = /^\s*([A-Za-z_.][A-Za-z0-9_]*\s+)?["`]([^"`]*)["`]/.exec(line);
      if (s) imports.push({ path: s[2], alias: s[1]?.trim() ?? null, file, range: ZERO });
    }
  }
  return { packageName: pkg?.[1] ?? null, imports };
}
