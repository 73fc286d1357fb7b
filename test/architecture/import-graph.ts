/**
 * The import graph of kpa's production source, read with the TypeScript parser (no regexes), and the
 * two checks layers.test.ts makes on it: no import cycle between files, and no import from a lower
 * layer into a higher one. report.ts prints the same numbers for any checkout.
 *
 * Layers, lowest first: analyzers/ (the pure engine) ← host/ (the Node-side work both front ends
 * share) ← builder/ ← server/ ← cli/. A file may import its own layer or lower ones: cli/ may start
 * the server (`kpa lsp`), the server must never reach into cli/.
 *
 * Production source is every .ts file under those five folders except tests (*.test.ts) and test
 * helpers (testing/ folders, testing.ts files). Everything else in the repository (test/, fixtures/,
 * bench/, scripts/, clients/, dist/) stands above all layers: it may import anything, nothing in
 * production may import it.
 *
 * What counts as an import: `import … from`, `import '…'`, `export … from`, `import type` (and
 * `import('…').T` in a type), `import('literal')`, `import(name)` where `name` is a string constant of
 * the same file (resolved, and marked: such a constant hides the import from tsc and from readers),
 * `require('literal')`, and `new URL('./x.js', import.meta.url)` naming a project module (how a
 * worker thread's entry is loaded). A dynamic import whose argument cannot be resolved that way is
 * listed in `graph.opaque`; the test fails on it unless allow-listed with a reason.
 *
 * Type-only imports count for layering (the type belongs to the layer that defines it; a lower layer
 * naming a higher layer's type depends on it all the same) and for cycles too. They never make a
 * runtime cycle, since tsc erases them, but two files that name each other's types cannot be read,
 * moved or split apart alone; the fix is cheap (move the shared type down into the lower file or a
 * small types module), so the check stays strict. Edges carry `typeOnly` so a report can tell them
 * apart.
 */
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';

export const LAYERS = ['analyzers', 'host', 'builder', 'server', 'cli'] as const;
export type Layer = (typeof LAYERS)[number];

export type EdgeKind = 'static' | 'reexport' | 'type' | 'dynamic' | 'dynamic-const' | 'require' | 'worker-url';

/** One import of one file, as written. */
export interface RawImport {
  specifier: string;
  kind: EdgeKind;
  typeOnly: boolean;
  line: number;
  /** For `dynamic-const`: the constant's name, as `name = 'value'`. */
  via?: string;
}

/** An import that resolved to a file of the repository. Paths are relative to the root, with `/`. */
export interface ImportEdge extends RawImport {
  from: string;
  to: string;
}

export interface OpaqueImport {
  file: string;
  line: number;
  /** The argument as written, e.g. `import(name)`. */
  text: string;
}

export interface ImportGraph {
  /** Production source files, sorted. */
  files: string[];
  /** Every relative import of a production file that names an existing file. */
  edges: ImportEdge[];
  /** Dynamic imports whose target the reader could not tell. */
  opaque: OpaqueImport[];
  /** Relative imports naming no file (would mean the resolver is wrong, or the source is broken). */
  missing: { file: string; line: number; specifier: string }[];
}

export interface UpwardImport {
  edge: ImportEdge;
  /** Layer of the importing file. */
  fromLayer: Layer;
  /** Layer of the imported file, or null for a file outside production source (tests, tooling). */
  toLayer: Layer | null;
}

/** The layer a repository path belongs to, by its first folder. */
export function layerOf(path: string): Layer | undefined {
  const top = path.split('/')[0];
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : undefined;
}

/** Whether a path (relative to the root) is production source. */
export function isProductionSource(path: string): boolean {
  if (!layerOf(path)) return false;
  if (!/\.(m|c)?tsx?$/.test(path) || /\.d\.(m|c)?ts$/.test(path)) return false;
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  if (/\.test\.(m|c)?tsx?$/.test(name) || /^testing\.(m|c)?tsx?$/.test(name)) return false;
  return !parts.slice(0, -1).some((d) => d === 'testing' || d === 'node_modules' || d === 'fixtures');
}

/** Production source files under root, sorted, with `/` separators. */
export function productionSources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(posix.join(root, dir))) {
      const rel = `${dir}/${name}`;
      if (statSync(posix.join(root, rel)).isDirectory()) {
        if (name !== 'node_modules' && name !== 'testing') walk(rel);
      } else if (isProductionSource(rel)) out.push(rel);
    }
  };
  for (const layer of LAYERS) if (existsSync(posix.join(root, layer))) walk(layer);
  return out.sort();
}

function stringValue(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/**
 * The imports of one source text. `opaque` receives each dynamic import whose argument is neither a
 * string literal nor the name of a string constant declared (once) in the same file.
 */
export function readImports(fileName: string, text: string, opaque: (line: number, text: string) => void = () => {}): RawImport[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;

  // `const name = 'literal'` anywhere in the file; a name declared twice is ambiguous and not resolved.
  const constants = new Map<string, string | null>();
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isVariableDeclarationList(n.parent)
      && (n.parent.flags & ts.NodeFlags.Const) !== 0) {
      const value = stringValue(n.initializer);
      if (value !== undefined) constants.set(n.name.text, constants.has(n.name.text) ? null : value);
    }
    ts.forEachChild(n, collect);
  };
  collect(sf);

  const out: RawImport[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const spec = stringValue(n.moduleSpecifier);
      const clause = n.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly
        || (!clause.name && !!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      if (spec !== undefined) out.push({ specifier: spec, kind: typeOnly ? 'type' : 'static', typeOnly, line: lineOf(n) });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      const spec = stringValue(n.moduleSpecifier);
      const clause = n.exportClause;
      const typeOnly = n.isTypeOnly
        || (!!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly));
      if (spec !== undefined) out.push({ specifier: spec, kind: typeOnly ? 'type' : 'reexport', typeOnly, line: lineOf(n) });
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const spec = stringValue(n.moduleReference.expression);
      if (spec !== undefined) out.push({ specifier: spec, kind: n.isTypeOnly ? 'type' : 'require', typeOnly: n.isTypeOnly, line: lineOf(n) });
    } else if (ts.isImportTypeNode(n)) {
      const arg = n.argument;
      const spec = ts.isLiteralTypeNode(arg) ? stringValue(arg.literal) : undefined;
      if (spec !== undefined) out.push({ specifier: spec, kind: 'type', typeOnly: true, line: lineOf(n) });
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = n.arguments[0];
      const literal = arg && stringValue(arg);
      if (literal !== undefined) {
        out.push({ specifier: literal, kind: 'dynamic', typeOnly: false, line: lineOf(n) });
      } else if (arg && ts.isIdentifier(arg) && typeof constants.get(arg.text) === 'string') {
        const value = constants.get(arg.text) as string;
        out.push({ specifier: value, kind: 'dynamic-const', typeOnly: false, line: lineOf(n), via: `${arg.text} = '${value}'` });
      } else {
        opaque(lineOf(n), `import(${arg ? arg.getText(sf) : ''})`);
      }
    } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' && n.arguments.length === 1) {
      // Only literal requires: `require(path)` of a computed path reads data (cli/main.ts reads
      // package.json that way), and createRequire is how this ESM code loads native CommonJS packages.
      const spec = stringValue(n.arguments[0]);
      if (spec !== undefined) out.push({ specifier: spec, kind: 'require', typeOnly: false, line: lineOf(n) });
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'URL' && n.arguments?.length === 2) {
      const [first, second] = n.arguments;
      const spec = stringValue(first);
      const base = second.getText(sf).replace(/\s/g, '');
      if (spec !== undefined && base === 'import.meta.url' && /^\.\.?\//.test(spec) && /\.(m|c)?[jt]sx?$/.test(spec)) {
        out.push({ specifier: spec, kind: 'worker-url', typeOnly: false, line: lineOf(n) });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** `./x.js` from `a/b.ts` → `a/x.ts` (NodeNext: specifiers name the emitted file); undefined if not relative. */
export function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [joined.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts').replace(/\.jsx$/, '.tsx'), joined];
  return candidates.find((c) => existsSync(posix.join(root, c)) && statSync(posix.join(root, c)).isFile()) ?? joined;
}

/** The import graph of the production source under root (or of the given files). */
export function buildImportGraph(root: string, files: string[] = productionSources(root)): ImportGraph {
  const graph: ImportGraph = { files: [...files].sort(), edges: [], opaque: [], missing: [] };
  for (const file of graph.files) {
    const text = readFileSync(posix.join(root, file), 'utf8');
    const raw = readImports(file, text, (line, t) => graph.opaque.push({ file, line, text: t }));
    for (const imp of raw) {
      const to = resolveSpecifier(root, file, imp.specifier);
      if (to === undefined) continue; // a package or node: builtin
      if (!existsSync(posix.join(root, to))) graph.missing.push({ file, line: imp.line, specifier: imp.specifier });
      else graph.edges.push({ ...imp, from: file, to });
    }
  }
  return graph;
}

/** Imports from a lower layer into a higher one, or from production source into non-production files. */
export function upwardImports(graph: ImportGraph): UpwardImport[] {
  const production = new Set(graph.files);
  const out: UpwardImport[] = [];
  for (const edge of graph.edges) {
    const fromLayer = layerOf(edge.from)!;
    const toLayer = production.has(edge.to) ? layerOf(edge.to)! : null;
    // Data files (JSON) in a layer's folder belong to that layer; other non-production files (tests,
    // testing/ helpers, fixtures/, bench/, …) stand above every layer.
    const dataLayer = toLayer === null && !/\.(m|c)?tsx?$/.test(edge.to) ? layerOf(edge.to) : undefined;
    const effective = toLayer ?? dataLayer;
    if (effective === undefined || LAYERS.indexOf(effective) > LAYERS.indexOf(fromLayer)) out.push({ edge, fromLayer, toLayer: effective ?? null });
  }
  return out;
}

/** Strongly connected components of more than one file (Tarjan), each sorted, largest first. */
export function cyclicComponents(graph: ImportGraph, options: { typeOnly?: boolean } = {}): string[][] {
  const adj = adjacency(graph, options);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string): void => {
    // Iterative, so a long import chain cannot overflow the stack.
    const work: { v: string; i: number }[] = [{ v, i: 0 }];
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    while (work.length) {
      const top = work[work.length - 1];
      const next = adj.get(top.v) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === idx.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  };
  for (const v of [...adj.keys()].sort()) if (!idx.has(v)) strong(v);
  return out.sort((a, b) => b.length - a.length || a[0].localeCompare(b[0]));
}

/**
 * Cycles to show for each cyclic component: the shortest cycle through each member, without
 * duplicates, each as a path that ends where it starts (`a → b → a`). Every file of a component is
 * on at least one listed cycle; listing every elementary cycle could run to thousands.
 */
export function cycles(graph: ImportGraph, options: { typeOnly?: boolean } = {}): string[][] {
  const adj = adjacency(graph, options);
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const comp of cyclicComponents(graph, options)) {
    const inComp = new Set(comp);
    for (const start of comp) {
      // BFS from start's successors back to start, inside the component.
      const prev = new Map<string, string>();
      const queue = (adj.get(start) ?? []).filter((w) => inComp.has(w));
      for (const w of queue) if (!prev.has(w)) prev.set(w, start);
      let found = queue.includes(start);
      for (let i = 0; i < queue.length && !found; i++) {
        for (const w of adj.get(queue[i]) ?? []) {
          if (!inComp.has(w) || prev.has(w)) continue;
          prev.set(w, queue[i]);
          if (w === start) {
            found = true;
            break;
          }
          queue.push(w);
        }
      }
      if (!found) continue;
      const path = [start];
      for (let v = prev.get(start)!; v !== start; v = prev.get(v)!) path.unshift(v);
      path.unshift(start); // path is now start → … → start
      const ring = path.slice(0, -1);
      const min = ring.indexOf([...ring].sort()[0]);
      const canonical = [...ring.slice(min), ...ring.slice(0, min)];
      const key = canonical.join('\0');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([...canonical, canonical[0]]);
    }
  }
  return out;
}

function adjacency(graph: ImportGraph, options: { typeOnly?: boolean }): Map<string, string[]> {
  const production = new Set(graph.files);
  const adj = new Map<string, string[]>(graph.files.map((f) => [f, []]));
  for (const e of graph.edges) {
    if (options.typeOnly === false && e.typeOnly) continue;
    if (!production.has(e.to)) continue;
    const list = adj.get(e.from)!;
    if (!list.includes(e.to)) list.push(e.to);
  }
  for (const list of adj.values()) list.sort();
  return adj;
}

export function formatCycle(cycle: string[]): string {
  return cycle.join(' → ');
}

export function formatUpward(u: UpwardImport): string {
  const e = u.edge;
  const what = u.toLayer === null ? 'test or tooling code, above every layer' : `layer ${u.toLayer} above layer ${u.fromLayer}`;
  const how = e.kind === 'static' ? '' : e.kind === 'dynamic-const' ? `, import() of const ${e.via}` : e.kind === 'dynamic' ? ', import()' : `, ${e.kind}`;
  return `${e.from} imports ${e.to} (${what}) [line ${e.line}${how}]`;
}
