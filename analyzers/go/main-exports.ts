/**
 * A text scan for the prefilter: does a Go file of `package main` declare an exported package-level var or
 * func? Nothing can import a main package, so only a plugin's lookups ever see its exported names: such a
 * file is a plugin attempt even when it names no plugin symbol (`var Plugin = func(…)` beside a krakend.json
 * naming the plugin, issue #14 class 8), and its package is parsed so rules can say what KrakenD looks for.
 * Ordinary main packages (commands, services) export nothing and stay unparsed.
 */

/**
 * The package clause: the first line starting `package` (gofmt writes it so; a comment mentioning it does not
 * count, and a test's Go source in a raw string comes after the file's own clause).
 */
const CLAUSE = /^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)/m;
/** `//go:build ignore` (or `// +build ignore`) before the clause: a generator `go run` starts, never built. */
const IGNORED = /^\/\/(?:go:build|[ \t]*\+build)[ \t]+ignore\b/m;

/**
 * `var Name`, `func Name` (not a method: those start `func (`) with an exported name; Test…, Benchmark…,
 * Example… and Fuzz… functions are not plugin attempts.
 */
const EXPORTED_DECL = /^(?:var[ \t]+[A-Z]|func[ \t]+(?!(?:Test|Benchmark|Example|Fuzz)(?:[A-Z_(\s]|$))[A-Z])/m;

/** A top-level `var (` block; it ends at the first `)` at the start of a line. */
const VAR_BLOCK = /^var[ \t]*\(/gm;
const EXPORTED_SPEC = /^[ \t]+[A-Z][A-Za-z0-9_]*[ \t]*(?:,|=|[A-Za-z*[(])/m;

export function exportsFromMain(text: string): boolean {
  // indexOf first: most files of a large tree are not main packages, and it is cheaper than any regex.
  if (text.indexOf('package main') < 0) return false;
  const clause = CLAUSE.exec(text);
  if (clause?.[1] !== 'main' || IGNORED.test(text.slice(0, clause.index))) return false;
  // A test file (it imports "testing"; a plugin never does) exports for its tests, not for a lookup.
  const firstDecl = text.slice(clause.index).search(/^(?:func|type|var|const)\b/m);
  if (text.slice(clause.index, firstDecl < 0 ? undefined : clause.index + firstDecl).includes('"testing"')) return false;
  if (EXPORTED_DECL.test(text)) return true;
  if (text.indexOf('var (') < 0 && text.indexOf('var(') < 0) return false;
  for (const m of text.matchAll(VAR_BLOCK)) {
    const from = m.index + m[0].length;
    const end = text.indexOf('\n)', from);
    if (EXPORTED_SPEC.test(text.slice(from, end < 0 ? text.length : end))) return true;
  }
  return false;
}
