/** Shared helpers for the KPA1xx rules: iterate plugin symbols, build fixes in the file's own import names. */
import type { Fix, Range, TextEdit } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { PackageFacts } from '../go/facts.js';
import type { PluginSymbolFact, SymbolFailure } from '../go/plugin-symbols.js';

const packageIndexes = new WeakMap<readonly PackageFacts[], Map<string, PackageFacts>>();

/** The package of a directory, through an index built once per facts (rules ask once per plugin). */
export function packageOf(facts: EngineFacts, dir: string): PackageFacts | undefined {
  let index = packageIndexes.get(facts.go);
  if (!index) packageIndexes.set(facts.go, (index = new Map(facts.go.map((p) => [p.dir, p]))));
  return index.get(dir);
}

export function* symbolFailures(facts: EngineFacts, code: SymbolFailure['code']): Generator<{ symbol: PluginSymbolFact; failure: SymbolFailure; pkg: PackageFacts }> {
  for (const [dir, symbols] of facts.plugins) {
    const pkg = packageOf(facts, dir);
    if (!pkg) continue;
    for (const symbol of symbols) for (const failure of symbol.failures) if (failure.code === code) yield { symbol, failure, pkg };
  }
}

export function symbolDetails(symbol: PluginSymbolFact): Record<string, unknown> {
  return { symbol: symbol.symbol, kind: symbol.kind, dir: symbol.dir };
}

/**
 * The name under which `file` imports `path` ('' for a dot-import), or null when it does not import it.
 */
export function importNameIn(pkg: PackageFacts, file: string, path: string): string | null {
  const imp = pkg.imports.find((i) => i.file === file && i.path === path);
  if (!imp) return null;
  if (imp.alias === '.') return '';
  return imp.alias ?? path.split('/').pop()!;
}

/** Go text of a canonical signature, with package paths written as `file` names them; missing imports added. */
export function goSignatureFor(pkg: PackageFacts, file: string, canonical: string): { text: string; imports: TextEdit[] } {
  const edits: TextEdit[] = [];
  let text = canonical;
  for (const path of ['net/http', 'context']) {
    if (!text.includes(`${path}.`)) continue;
    let name = importNameIn(pkg, file, path);
    if (name === null) {
      name = path.split('/').pop()!;
      const facts = pkg.fileFacts.find((f) => f.file === file);
      const at = facts?.packageRange?.end ?? { line: 0, character: 0 };
      edits.push({ file, range: { start: at, end: at }, newText: `\n\nimport "${path}"` });
    }
    text = text.split(`${path}.`).join(name === '' ? '' : `${name}.`);
  }
  return { text, imports: edits };
}

export function replaceFix(title: string, file: string, range: Range, newText: string, extra: TextEdit[] = []): Fix {
  return { title, edits: [{ file, range, newText }, ...extra] };
}
