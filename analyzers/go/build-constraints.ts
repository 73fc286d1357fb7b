/**
 * Which .go files `go build` would compile for a GOOS/GOARCH (go/build's rules): `_test.go` out,
 * `_<goos>`, `_<goarch>`, `_<goos>_<goarch>` name suffixes, `//go:build` expressions (or the older
 * `// +build` lines when no //go:build exists), files starting with `_` or `.` ignored.
 */

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const UNIX_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

export interface BuildContext {
  goos: string;
  goarch: string;
  /** Highest Go minor release whose `go1.N` tag is set (plugins are built with a 1.17+ toolchain). */
  goMinor?: number;
}

/** The minor release of a Go version (`1.25.12` → 25), or undefined when it is not one. */
export function goMinorOf(version: string | undefined | null): number | undefined {
  const m = /^(?:go)?1\.(\d+)/.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Why the file is excluded by its name alone, or null. */
export function excludedByFileName(fileName: string, ctx: BuildContext): string | null {
  if (fileName.startsWith('_') || fileName.startsWith('.')) return 'file names starting with "_" or "." are ignored by go build';
  if (!fileName.endsWith('.go')) return 'not a .go file';
  const stem = fileName.slice(0, -3);
  if (stem.endsWith('_test')) return 'test files (_test.go) are not part of the plugin build';
  const parts = stem.split('_');
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1];
  const prev = parts.length >= 3 ? parts[parts.length - 2] : null;
  if (prev !== null && KNOWN_OS.has(prev) && KNOWN_ARCH.has(last)) {
    if (!osMatches(prev, ctx) || last !== ctx.goarch) return `the file name restricts it to ${prev}/${last}`;
    return null;
  }
  if (KNOWN_OS.has(last) && !osMatches(last, ctx)) return `the file name restricts it to GOOS=${last}`;
  if (KNOWN_ARCH.has(last) && last !== ctx.goarch) return `the file name restricts it to GOARCH=${last}`;
  return null;
}

function osMatches(os: string, ctx: BuildContext): boolean {
  // go/build: *_linux.go files also build on android; *_darwin.go also on ios; *_solaris.go on illumos.
  return os === ctx.goos || (os === 'linux' && ctx.goos === 'android') || (os === 'darwin' && ctx.goos === 'ios') || (os === 'solaris' && ctx.goos === 'illumos');
}

export function tagSatisfied(tag: string, ctx: BuildContext): boolean {
  if (tag === ctx.goos || tag === ctx.goarch) return true;
  if (tag === 'unix') return UNIX_OS.has(ctx.goos);
  // Plugins need cgo (-buildmode=plugin links through the C toolchain); gc is the only compiler KrakenD uses.
  if (tag === 'cgo' || tag === 'gc') return true;
  // go/build's release tags are go1.1 … go1.N for a Go 1.N toolchain, spelled exactly so (no go1.0, no go1.07).
  const m = /^go1\.([1-9]\d*)$/.exec(tag);
  if (m) return Number(m[1]) <= (ctx.goMinor ?? Infinity);
  if (ctx.goos === 'android' && tag === 'linux') return true;
  if (ctx.goos === 'ios' && tag === 'darwin') return true;
  return false;
}

export type Expr = { op: 'tag'; tag: string } | { op: 'not'; x: Expr } | { op: 'and' | 'or'; x: Expr; y: Expr };

/** What go/build/constraint says of an expression it refuses: its own words and the UTF-16 offset in the expression. */
export interface ConstraintSyntaxError {
  error: string;
  offset: number;
}

/**
 * Operands one expression may hold: newer Go (go/build/constraint's maxSize) refuses more with "build expression
 * too large", and the bound keeps this recursive parser far from the stack's end on absurd lines.
 */
export const MAX_CONSTRAINT_OPERANDS = 1000;

/** A tag character for go/build/constraint: a Unicode letter or digit, `_` or `.`. */
const TAG_CHAR = /[\p{L}\p{Nd}_.]/u;

/**
 * Parses a //go:build expression as go/build/constraint's parseExpr does, with its error texts
 * ("double negation not allowed", "unexpected token …", "missing close paren", …).
 */
export function parseConstraint(text: string): { expr: Expr } | ConstraintSyntaxError {
  let i = 0;
  let tok = '';
  let isTag = false;
  let pos = 0;
  let operands = 0;
  class Refused {
    constructor(readonly error: string, readonly offset: number) {}
  }
  function lex(): void {
    isTag = false;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    pos = i;
    if (i >= text.length) {
      tok = '';
      return;
    }
    const c = text[i];
    if (c === '(' || c === ')' || c === '!') {
      tok = c;
      i++;
      return;
    }
    if (c === '&' || c === '|') {
      if (text[i + 1] !== c) throw new Refused(`invalid syntax at ${c}`, i);
      tok = c + c;
      i += 2;
      return;
    }
    let end = i;
    while (end < text.length) {
      const ch = String.fromCodePoint(text.codePointAt(end)!);
      if (!TAG_CHAR.test(ch)) break;
      end += ch.length;
    }
    if (end === i) throw new Refused(`invalid syntax at ${String.fromCodePoint(text.codePointAt(i)!)}`, i);
    tok = text.slice(i, end);
    i = end;
    isTag = true;
  }
  function or(): Expr {
    let x = and();
    while (tok === '||') x = { op: 'or', x, y: and() };
    return x;
  }
  function and(): Expr {
    let x = not();
    while (tok === '&&') x = { op: 'and', x, y: not() };
    return x;
  }
  function not(): Expr {
    if (++operands > MAX_CONSTRAINT_OPERANDS) throw new Refused('build expression too large', pos);
    lex();
    if (tok === '!') {
      lex();
      if (tok === '!') throw new Refused('double negation not allowed', pos);
      return { op: 'not', x: atom() };
    }
    return atom();
  }
  function atom(): Expr {
    if (tok === '(') {
      const open = pos;
      let x: Expr;
      try {
        x = or();
      } catch (err) {
        if (err instanceof Refused && err.error === 'unexpected end of expression') throw new Refused('missing close paren', err.offset);
        throw err;
      }
      // or() moved the lexer on; TypeScript still narrows tok to "(".
      if ((tok as string) !== ')') throw new Refused('missing close paren', open);
      lex();
      return x;
    }
    if (!isTag) throw new Refused(tok === '' ? 'unexpected end of expression' : `unexpected token ${shortToken(tok)}`, pos);
    const tag = tok;
    lex();
    return { op: 'tag', tag };
  }
  try {
    const expr = or();
    if (tok !== '') throw new Refused(`unexpected token ${shortToken(tok)}`, pos);
    return { expr };
  } catch (err) {
    if (err instanceof Refused) return { error: err.error, offset: err.offset };
    throw err;
  }
}

/** A token quoted in an error: go prints it whole, kpa at most 40 characters of it. */
function shortToken(tok: string): string {
  const chars = Array.from(tok);
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : tok;
}

export function evalConstraint(e: Expr, ctx: BuildContext): boolean {
  switch (e.op) {
    case 'tag':
      return tagSatisfied(e.tag, ctx);
    case 'not':
      return !evalConstraint(e.x, ctx);
    case 'and':
      return evalConstraint(e.x, ctx) && evalConstraint(e.y, ctx);
    case 'or':
      return evalConstraint(e.x, ctx) || evalConstraint(e.y, ctx);
  }
}

/**
 * `// +build a,b c` lines: spaces are OR, commas AND, `!` NOT; several lines are ANDed. Go never refuses one:
 * a term it cannot read (`!!x`, a lone `!`, a tag with other characters) stands for `ignore`, which is false.
 */
export function plusBuildToExpression(lines: string[]): string {
  return lines
    .map((line) => {
      const ors = goTrimSpace(line).split(GO_FIELDS).filter(Boolean).map((term) => term.split(',').map(plusBuildTerm).join(' && '));
      return ors.length > 1 ? `(${ors.map((o) => `(${o})`).join(' || ')})` : `(${ors[0] ?? 'ignore'})`;
    })
    .join(' && ');
}

function plusBuildTerm(term: string): string {
  if (term.startsWith('!!') || term === '!') return 'ignore';
  const negated = term.startsWith('!');
  const tag = negated ? term.slice(1) : term;
  const valid = tag !== '' && [...tag].every((c) => TAG_CHAR.test(c));
  return valid ? (negated ? `!${tag}` : tag) : negated ? '!ignore' : 'ignore';
}

/** The file's `//go:build` line: its expression and where the line sits (UTF-16 offsets of the trimmed line). */
export interface GoBuildLine {
  expression: string;
  start: number;
  end: number;
}

export interface ConstraintHeader {
  goBuild: GoBuildLine | null;
  /** A second `//go:build` line: go/build refuses the file ("multiple //go:build comments"). */
  second: GoBuildLine | null;
  plusBuild: string[];
}

const GO_BUILD = '//go:build';

/** Go's unicode.IsSpace, which strings.TrimSpace trims: JavaScript's trim() adds U+FEFF and leaves out U+0085. */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');
/** strings.Fields' separators. */
const GO_FIELDS = new RegExp(`${GO_SPACE}+`);

/** strings.TrimSpace. */
export function goTrimSpace(text: string): string {
  return text.replace(GO_TRIM, '');
}

/**
 * Reads the constraint lines from the file header as go/build's parseFileHeader does: only blank lines and
 * comments may precede them, and the first other text ends the header. `// +build` lines count only above the
 * last blank line before that text.
 */
export function readConstraintHeader(text: string): ConstraintHeader {
  const header: ConstraintHeader = { goBuild: null, second: null, plusBuild: [] };
  // Most files have neither; a scan for the words is far cheaper than walking a long file's lines.
  if (text.indexOf('go:build') < 0 && text.indexOf('+build') < 0) return header;
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  const plus: { line: string; at: number }[] = [];
  let at = 0;
  lines: while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const next = newline < 0 ? text.length : newline + 1;
    const raw = text.slice(at, newline < 0 ? text.length : newline);
    let line = goTrimSpace(raw);
    const lead = line === '' ? 0 : raw.indexOf(line);
    const lineStart = at + lead;
    at = next;
    if (line === '' && !ended) {
      end = at;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildComment(line)) {
      const found = { expression: goTrimSpace(line.slice(GO_BUILD.length)), start: lineStart, end: lineStart + line.length };
      if (header.goBuild) {
        header.second = found;
        return header;
      }
      header.goBuild = found;
    }
    if (line.startsWith('//') && line.includes('+build')) plus.push({ line, at: lineStart });
    while (line.length > 0) {
      if (inSlashStar) {
        const close = line.indexOf('*/');
        if (close < 0) continue lines;
        inSlashStar = false;
        line = goTrimSpace(line.slice(close + 2));
        continue;
      }
      if (line.startsWith('//')) continue lines;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = goTrimSpace(line.slice(2));
        continue;
      }
      break lines;
    }
  }
  for (const p of plus) {
    const expression = p.at < end ? plusBuildExpression(p.line) : null;
    if (expression !== null) header.plusBuild.push(expression);
  }
  return header;
}

/** go/build/constraint's splitPlusBuild: the text after `// +build` (the space optional), or null. */
function plusBuildExpression(line: string): string | null {
  const body = goTrimSpace(line.slice(2));
  if (!body.startsWith('+build')) return null;
  const rest = body.slice('+build'.length);
  const trimmed = goTrimSpace(rest);
  return rest === '' || trimmed.length < rest.length ? trimmed : null;
}

function isGoBuildComment(line: string): boolean {
  if (!line.startsWith(GO_BUILD)) return false;
  const rest = line.slice(GO_BUILD.length);
  return rest.length === 0 || goTrimSpace(rest).length < rest.length;
}

/** The constraint expression that decides the file: its `//go:build` line, else its `// +build` lines joined. */
export function readConstraintFromHeader(text: string): string | null {
  const header = readConstraintHeader(text);
  if (header.goBuild) return header.goBuild.expression;
  return header.plusBuild.length ? plusBuildToExpression(header.plusBuild) : null;
}

/**
 * Why go/build refuses the file's header, as `go build` prints it after the file name, with the offending line;
 * null when it reads.
 */
export function headerConstraintError(text: string): { error: string; start: number; end: number } | null {
  const header = readConstraintHeader(text);
  if (header.second) return { error: 'multiple //go:build comments', start: header.second.start, end: header.second.end };
  if (!header.goBuild) return null;
  const parsed = parseConstraint(header.goBuild.expression);
  if ('error' in parsed) return { error: `parsing //go:build line: ${parsed.error}`, start: header.goBuild.start, end: header.goBuild.end };
  return null;
}

/** A constraint shown in a message: long enough to recognise, never a whole absurd line. */
function shortConstraint(constraint: string): string {
  const chars = Array.from(constraint);
  return chars.length > 80 ? `${chars.slice(0, 77).join('')}…` : constraint;
}

/**
 * Whether `go build` compiles the file for the context. A constraint go/build refuses leaves the file in:
 * go build then fails on it, which KPA108 reports from the file's facts.
 */
export function fileIncluded(fileName: string, constraint: string | null, ctx: BuildContext): { included: boolean; reason?: string } {
  const byName = excludedByFileName(fileName, ctx);
  if (byName) return { included: false, reason: byName };
  if (constraint === null) return { included: true };
  const parsed = parseConstraint(constraint);
  if ('error' in parsed) return { included: true };
  if (!evalConstraint(parsed.expr, ctx)) {
    const release = ctx.goMinor !== undefined && constraint.includes('go1.') ? ` with Go 1.${ctx.goMinor}` : '';
    return { included: false, reason: `the build constraint "${shortConstraint(constraint)}" excludes it for ${ctx.goos}/${ctx.goarch}${release}` };
  }
  return { included: true };
}
