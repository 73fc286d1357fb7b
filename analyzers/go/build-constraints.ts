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
  const m = /^go1\.(\d+)$/.exec(tag);
  if (m) return Number(m[1]) <= (ctx.goMinor ?? 99);
  if (ctx.goos === 'android' && tag === 'linux') return true;
  if (ctx.goos === 'ios' && tag === 'darwin') return true;
  return false;
}

type Expr = { op: 'tag'; tag: string } | { op: 'not'; x: Expr } | { op: 'and' | 'or'; x: Expr; y: Expr };

/** Parses a //go:build expression; throws a message on a syntax error. */
export function parseConstraint(text: string): Expr {
  const tokens = text.match(/\(|\)|!|&&|\|\||[A-Za-z0-9_.]+|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  function or(): Expr {
    let x = and();
    while (peek() === '||') {
      i++;
      x = { op: 'or', x, y: and() };
    }
    return x;
  }
  function and(): Expr {
    let x = not();
    while (peek() === '&&') {
      i++;
      x = { op: 'and', x, y: not() };
    }
    return x;
  }
  function not(): Expr {
    if (peek() === '!') {
      i++;
      return { op: 'not', x: not() };
    }
    if (peek() === '(') {
      i++;
      const x = or();
      if (peek() !== ')') throw new Error(`missing ")" in build constraint "${text}"`);
      i++;
      return x;
    }
    const t = peek();
    if (t === undefined || !/^[A-Za-z0-9_.]+$/.test(t)) throw new Error(`unexpected "${t ?? 'end'}" in build constraint "${text}"`);
    i++;
    return { op: 'tag', tag: t };
  }
  const e = or();
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i]}" in build constraint "${text}"`);
  return e;
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

/** `// +build a,b c` lines: spaces are OR, commas AND, `!` NOT; several lines are ANDed. */
export function plusBuildToExpression(lines: string[]): string {
  return lines
    .map((line) => {
      const ors = line.trim().split(/\s+/).filter(Boolean).map((term) => term.split(',').join(' && '));
      return ors.length > 1 ? `(${ors.map((o) => `(${o})`).join(' || ')})` : `(${ors[0] ?? 'true'})`;
    })
    .join(' && ');
}

/**
 * Reads the constraint lines from the file header: only comments and blank lines may precede them, and
 * they stop at the package clause. `// +build` lines count only when their comment block is followed by a blank line.
 */
export function readConstraintFromHeader(text: string): string | null {
  // Most files have neither; a scan for the words is far cheaper than splitting a long file into lines.
  if (text.indexOf('go:build') < 0 && text.indexOf('+build') < 0) return null;
  const lines = text.split(/\r?\n/);
  let goBuild: string | null = null;
  const plus: string[] = [];
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlock = true;
      continue;
    }
    if (!line.startsWith('//')) break;
    const m = /^\/\/go:build\s+(.*)$/.exec(line);
    if (m && goBuild === null) goBuild = m[1].trim();
    const p = /^\/\/\s*\+build\s+(.*)$/.exec(line);
    if (p && commentBlockEndsWithBlankLine(lines, i)) plus.push(p[1]);
  }
  if (goBuild !== null) return goBuild;
  return plus.length ? plusBuildToExpression(plus) : null;
}

/** Go counts `// +build` lines whose comment block (consecutive `//` lines) is followed by a blank line. */
function commentBlockEndsWithBlankLine(lines: string[], i: number): boolean {
  let j = i + 1;
  while (j < lines.length && lines[j].trim().startsWith('//')) j++;
  return j < lines.length && lines[j].trim() === '';
}

export function fileIncluded(fileName: string, constraint: string | null, ctx: BuildContext): { included: boolean; reason?: string } {
  const byName = excludedByFileName(fileName, ctx);
  if (byName) return { included: false, reason: byName };
  if (constraint === null) return { included: true };
  try {
    if (!evalConstraint(parseConstraint(constraint), ctx)) {
      return { included: false, reason: `the build constraint "${constraint}" excludes it for ${ctx.goos}/${ctx.goarch}` };
    }
  } catch (err) {
    return { included: false, reason: (err as Error).message };
  }
  return { included: true };
}
