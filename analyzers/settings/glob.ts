/**
 * A small glob matcher for `.kpa.json` ignore patterns, kept here so the engine stays free of
 * file-system libraries. Paths are '/'-separated and relative to the directory of `.kpa.json`.
 * Supported: `*` (within one segment), `**` (any number of segments), `?`, `[abc]`, `{a,b}`; a pattern
 * without '/' matches the base name at any depth (as .gitignore does); a trailing '/' means "everything under".
 */
import { relativePath } from '../workspace.js';

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/^\.\//, '');
  if (p.endsWith('/')) p += '**';
  if (!p.includes('/')) p = `**/${p}`;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atSegmentStart = i === 0 || p[i - 1] === '/';
        const atSegmentEnd = i + 2 === p.length || p[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more whole segments; a final `**` matches the rest.
          if (p[i + 2] === '/') {
            out += '(?:[^/]*/)*';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        i += 1;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = p.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = p.indexOf('}', i + 1);
      if (close < 0) out += '\\{';
      else {
        const alternatives = p.slice(i + 1, close).split(',').map(escapeRegExp);
        out += `(?:${alternatives.join('|')})`;
        i = close;
      }
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}(?:/.*)?$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A predicate over relative paths, true when any pattern matches. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const regexps = patterns.filter((p) => p.trim() !== '').map(globToRegExp);
  return (path) => regexps.some((r) => r.test(path));
}

/**
 * `.kpa.json` "ignore" patterns as a predicate over absolute paths: patterns are relative to `root` (the
 * directory of .kpa.json) and never match outside it. Null when there are no patterns. Every door (kpa lint,
 * the lint before kpa build, the language server and its scan) ignores files through this one predicate.
 */
export function ignoreMatcher(patterns: readonly string[], root: string): ((file: string) => boolean) | null {
  if (!patterns.some((p) => p.trim() !== '')) return null;
  const matches = globMatcher(patterns);
  return (file) => {
    const rel = relativePath(root, file);
    return !rel.startsWith('../') && rel !== '..' && matches(rel);
  };
}
