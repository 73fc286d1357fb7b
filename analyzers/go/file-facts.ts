/**
 * One Go file's facts: its text and tree in, GoFileFacts out (extractFileFacts, the entry point). This file
 * reads what belongs to the file as a whole (package clause, imports, syntax errors, misplaced directives);
 * each top-level declaration goes to the declaration extractor (declaration-facts.ts), through the
 * declaration memo (declaration-cache.ts) when the caller keeps one. Declarations are read at package
 * level only.
 */
import type { GoFileFacts, ImportFact, SyntaxErrorFact } from './facts.js';
import { headerConstraintError, readConstraintFromHeader } from './build-constraints.js';
import { LineIndex } from '../positions.js';
import { beginCachePass, type DeclarationCache } from './declaration-cache.js';
import { collectSpecs, DECLARATION_TYPES, extractDeclaration, recoverDeclarations } from './declaration-facts.js';
import { decodeStringLiteral } from './expression-readers.js';
import { exportsFromMain } from './main-exports.js';
import { nodeRange } from './node-ranges.js';
import type { SyntaxNode, SyntaxTree } from './parser.js';
import type { ImportScope } from './type-expr.js';

/** Does the text mention anything plugin-like? Near-misses (handlerRegisterer, RegisterHandler) count. */
export const PLUGIN_MENTION = /registerer|Register(?:Handler|Client|Modifier|Middleware)|(?:Handler|Client|Modifier|Middleware)s?Register/i;

/**
 * Same question as PLUGIN_MENTION, asked with indexOf: on a 50 MB tree a case-insensitive regex scan costs
 * more than reading the files. A main package's exported var or func counts too: a plugin attempt under
 * another name (`var Plugin = func(…)`, main-exports.ts), which rules explain only if it is parsed.
 */
export function mentionsPlugin(text: string): boolean {
  return (
    text.indexOf('egisterer') >= 0 ||
    text.indexOf('EGISTERER') >= 0 ||
    (text.indexOf('Register') >= 0 && PLUGIN_MENTION.test(text)) ||
    exportsFromMain(text)
  );
}

function importPathOf(spec: SyntaxNode): string {
  const lit = spec.childForFieldName('path');
  return lit ? decodeStringLiteral(lit) ?? '' : '';
}

function defaultImportName(path: string): string {
  const last = path.split('/').pop() ?? path;
  // gopkg.in/yaml.v3 → yaml; github.com/x/y/v2 → y (the package name usually matches the element before /vN).
  if (/^v\d+$/.test(last)) {
    const parts = path.split('/');
    return (parts[parts.length - 2] ?? last).replace(/[.-].*$/, '');
  }
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[.-]/g, '_');
}

/** The import scope of one file. Default names use the last path element, as nearly all packages do. */
export function importScope(imports: ImportFact[]): ImportScope {
  const byName = new Map<string, string>();
  const dotImports: string[] = [];
  for (const imp of imports) {
    if (imp.alias === '_') continue;
    if (imp.alias === '.') dotImports.push(imp.path);
    else byName.set(imp.alias ?? defaultImportName(imp.path), imp.path);
  }
  return { byName, dotImports };
}

function collectSyntaxErrors(root: SyntaxNode, file: string, out: SyntaxErrorFact[]): void {
  if (!root.hasError) return;
  const stack: SyntaxNode[] = [root];
  while (stack.length && out.length < 50) {
    const node = stack.pop()!;
    // ERROR and MISSING nodes count as errors themselves, so a clean subtree is skipped with one call.
    if (!node.hasError) continue;
    if (node.type === 'ERROR') {
      out.push({ file, range: nodeRange(node), kind: 'error', text: node.text.slice(0, 80) });
      continue;
    }
    if (node.isMissing) {
      out.push({ file, range: nodeRange(node), kind: 'missing', text: node.type });
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The facts of one Go file; `cache` (the language server's, per buffer) reuses unchanged declarations' facts. */
export function extractFileFacts(tree: SyntaxTree, text: string, file: string, cache?: DeclarationCache): GoFileFacts {
  const root = tree.rootNode;
  const facts: GoFileFacts = {
    file,
    packageName: null,
    packageRange: null,
    buildConstraint: readConstraintFromHeader(text),
    imports: [],
    types: [],
    methods: [],
    values: [],
    consts: [],
    registrations: [],
    syntaxErrors: [],
    mentionsPlugin: mentionsPlugin(text),
  };
  collectSyntaxErrors(root, file, facts.syntaxErrors);
  // go/build refuses the file before compiling it: "parsing //go:build line: double negation not allowed".
  const refused = headerConstraintError(text);
  if (refused) {
    const range = new LineIndex(text).offsetsToRange(refused.start, refused.end);
    facts.syntaxErrors.push({ file, range, kind: 'invalid-build-constraint', text: refused.error });
  }
  const top = root.namedChildren;
  // Read once: each `type` is a call into the binding.
  const types = top.map((node) => node.type);

  for (let i = 0; i < top.length; i++) {
    const node = top[i];
    if (types[i] === 'package_clause') {
      const id = node.namedChild(0);
      if (id && facts.packageName === null) {
        facts.packageName = id.text;
        facts.packageRange = nodeRange(id);
      }
    } else if (types[i] === 'import_declaration') {
      for (const spec of collectSpecs(node, 'import_spec')) {
        const nameNode = spec.childForFieldName('name');
        facts.imports.push({ path: importPathOf(spec), alias: nameNode ? nameNode.text : null, file, range: nodeRange(spec) });
      }
    }
  }
  // Go rejects a file without a package clause ("expected 'package', found 'EOF'"), an empty file too.
  if (facts.packageName === null && facts.syntaxErrors.length === 0) {
    const start = { line: 0, character: 0 };
    facts.syntaxErrors.push({ file, range: { start, end: start }, kind: 'missing', text: 'package clause (`package main`)' });
  }
  const scope = importScope(facts.imports);

  const pass = cache ? beginCachePass(cache, file, scope, root.hasError) : null;
  for (let i = 0; i < top.length; i++) {
    const node = top[i];
    const type = types[i];
    if (DECLARATION_TYPES.has(type)) {
      if (pass) pass.extract(node, facts);
      else extractDeclaration(node, file, scope, facts);
    } else if (type === 'ERROR') {
      recoverDeclarations(node, file, facts.values);
    } else if (type === 'comment') {
      // Go 1.19 refuses a //go:build line after the package clause: "misplaced compiler directive".
      if (facts.packageRange && node.startPosition.row > facts.packageRange.start.line && /^\/\/go:build\b/.test(node.text)) {
        facts.syntaxErrors.push({ file, range: nodeRange(node), kind: 'misplaced-directive', text: node.text.slice(0, 80) });
      }
    }
  }
  pass?.finish();
  return facts;
}

/** Facts for a file that could not be parsed (read failure): nothing but its path. */
export function emptyFileFacts(file: string): GoFileFacts {
  return {
    file, packageName: null, packageRange: null, buildConstraint: null, imports: [], types: [], methods: [], values: [],
    consts: [], registrations: [], syntaxErrors: [], mentionsPlugin: false,
  };
}
