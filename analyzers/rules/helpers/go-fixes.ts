/** Fixes to Go source written in the file's own import names, for the KPA1xx rules. */
import type { TextEdit } from '../../diagnostics.js';
import type { PackageFacts } from '../../go/facts.js';

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
