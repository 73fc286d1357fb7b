/**
 * The glob matcher for `.kpa.json` ignore patterns, kept here so the engine stays free of file-system libraries.
 * Paths are '/'-separated and relative to the directory of `.kpa.json`.
 * Supported: `*` (within one segment), `**` (any number of segments), `?`, `[abc]`, `[a-z]`, `[!abc]`, `{a,b}`;
 * a pattern without '/' matches the base name at any depth (as .gitignore does); a trailing '/' means "everything
 * under"; a pattern matching a directory matches everything under it.
 *
 * A settings file comes with a cloned repository, so patterns are untrusted: they are never compiled to a RegExp
 * (`*a*a*a…ab` backtracks exponentially there). Matching keeps one backtrack point per level (the last star),
 * which bounds it by pattern length × path length, within a segment and across segments alike.
 */
import { relativePath } from '../workspace.js';

/** Longest pattern accepted: matching costs pattern × path, and no real ignore pattern comes near. */
export const MAX_GLOB_LENGTH = 1000;
/** Most patterns one `{a,b}` expansion may produce: `{a,b}{c,d}…` doubles with every group. */
export const MAX_GLOB_ALTERNATIVES = 256;

type Token = { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; ranges: [number, number][] };
/** A path segment's pattern, or `**`: any number of whole segments. */
type Segment = Token[] | 'globstar';

export interface Glob {
  matches(relativePath: string): boolean;
}

/** A compiled pattern, or why it cannot be one (said so the settings can show it with its position). */
export function compileGlob(pattern: string): Glob | { problem: string } {
  if (pattern.length > MAX_GLOB_LENGTH) return { problem: `the pattern is longer than ${MAX_GLOB_LENGTH} characters` };
  const expanded = expandBraces(pattern);
  if (typeof expanded === 'string') return { problem: expanded };
  const alternatives: Segment[][] = [];
  for (const alternative of expanded) {
    const segments = parsePattern(alternative);
    if (typeof segments === 'string') return { problem: segments };
    alternatives.push(segments);
  }
  return {
    matches: (path) => {
      const pathSegments = path.split('/').map((segment) => Array.from(segment));
      return alternatives.some((segments) => matchSegments(segments, pathSegments));
    },
  };
}

/** Why `pattern` is not a usable ignore pattern, or null. */
export function globProblem(pattern: string): string | null {
  const compiled = compileGlob(pattern);
  return 'problem' in compiled ? compiled.problem : null;
}

/** A predicate over relative paths, true when any pattern matches; patterns that are not globs match nothing. */
export function globMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  const globs: Glob[] = [];
  for (const pattern of patterns) {
    if (pattern.trim() === '') continue;
    const compiled = compileGlob(pattern);
    if ('matches' in compiled) globs.push(compiled);
  }
  return (path) => globs.some((g) => g.matches(path));
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

/** `{a,b}` groups expanded (nested ones too), or a problem when there are too many alternatives. */
function expandBraces(pattern: string): string[] | string {
  let results = [''];
  let i = 0;
  while (i < pattern.length) {
    const close = pattern[i] === '{' ? matchingBrace(pattern, i) : -1;
    if (close < 0) {
      const next = nextBrace(pattern, i + 1);
      const literal = pattern.slice(i, next);
      results = results.map((r) => r + literal);
      i = next;
      continue;
    }
    const options: string[] = [];
    for (const part of splitTopLevel(pattern.slice(i + 1, close))) {
      const inner = expandBraces(part);
      if (typeof inner === 'string') return inner;
      options.push(...inner);
    }
    if (results.length * options.length > MAX_GLOB_ALTERNATIVES) return `the {…} groups expand to more than ${MAX_GLOB_ALTERNATIVES} patterns`;
    results = results.flatMap((r) => options.map((o) => r + o));
    i = close + 1;
  }
  return results;
}

function nextBrace(pattern: string, from: number): number {
  const at = pattern.indexOf('{', from);
  return at < 0 ? pattern.length : at;
}

function matchingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function parsePattern(pattern: string): Segment[] | string {
  let p = pattern.trim().replace(/^(\.\/)+/, '');
  if (p.endsWith('/')) p += '**';
  if (!p.includes('/')) p = `**/${p}`;
  const segments: Segment[] = [];
  for (const text of p.split('/')) {
    if (text === '**') {
      if (segments[segments.length - 1] !== 'globstar') segments.push('globstar');
      continue;
    }
    const tokens = parseSegment(text);
    if (typeof tokens === 'string') return tokens;
    segments.push(tokens);
  }
  // Matching a directory matches everything under it.
  if (segments[segments.length - 1] !== 'globstar') segments.push('globstar');
  return segments;
}

function parseSegment(text: string): Token[] | string {
  const chars = Array.from(text);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const close = chars.indexOf(']', i + 1);
      if (close < 0) {
        tokens.push({ kind: 'char', char: c });
        continue;
      }
      const cls = parseClass(chars.slice(i + 1, close));
      if (typeof cls === 'string') return cls;
      tokens.push(cls);
      i = close;
    } else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

function parseClass(body: string[]): Token | string {
  const negated = body[0] === '!' || body[0] === '^';
  const chars = negated ? body.slice(1) : body;
  if (chars.length === 0) return `the character class [${body.join('')}] is empty`;
  const ranges: [number, number][] = [];
  for (let i = 0; i < chars.length; i++) {
    const low = chars[i].codePointAt(0)!;
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const high = chars[i + 2].codePointAt(0)!;
      if (high < low) return `the range ${chars[i]}-${chars[i + 2]} in [${body.join('')}] is reversed; write ${chars[i + 2]}-${chars[i]}`;
      ranges.push([low, high]);
      i += 2;
    } else ranges.push([low, low]);
  }
  return { kind: 'class', negated, ranges };
}

function matchToken(token: Token, char: string): boolean {
  if (token.kind === 'char') return token.char === char;
  if (token.kind === 'any') return true;
  if (token.kind === 'star') return false;
  const code = char.codePointAt(0)!;
  const inClass = token.ranges.some(([low, high]) => code >= low && code <= high);
  return inClass !== token.negated;
}

/**
 * Wildcard matching with one backtrack point: on a mismatch, only the last star takes one more unit. Earlier
 * stars never need to retry (the last one can absorb anything they would), so the cost is at most
 * units × tokens. `isStar`/`matchOne` make it serve both levels: characters in a segment, segments in a path.
 */
function wildcardMatch<P, U>(pattern: readonly P[], units: readonly U[], isStar: (p: P) => boolean, matchOne: (p: P, u: U) => boolean): boolean {
  let p = 0;
  let u = 0;
  let starP = -1;
  let starU = 0;
  while (u < units.length) {
    if (p < pattern.length && !isStar(pattern[p]) && matchOne(pattern[p], units[u])) {
      p++;
      u++;
    } else if (p < pattern.length && isStar(pattern[p])) {
      starP = p++;
      starU = u;
    } else if (starP >= 0) {
      p = starP + 1;
      u = ++starU;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function matchSegments(segments: readonly Segment[], pathSegments: readonly string[][]): boolean {
  return wildcardMatch(
    segments,
    pathSegments,
    (s) => s === 'globstar',
    (s, segment) => s !== 'globstar' && wildcardMatch(s, segment, (t) => t.kind === 'star', matchToken),
  );
}
