/**
 * The one small interface behind which the Go grammar lives. The native binding (tree-sitter +
 * tree-sitter-go, compiled by node-gyp) is the default; web-tree-sitter with the .wasm that
 * tree-sitter-go ships serves where a native build is impossible. Both report indices and columns in
 * UTF-16 code units for JS strings, which is our Position unit (pinned by parser.test.ts).
 */
import { createRequire } from 'node:module';

export interface SyntaxPoint {
  row: number;
  column: number;
}

/** The subset of a tree-sitter node kpa reads; both bindings provide it. */
export interface SyntaxNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  startPosition: SyntaxPoint;
  endPosition: SyntaxPoint;
  isNamed: boolean;
  isMissing: boolean;
  hasError: boolean;
  parent: SyntaxNode | null;
  childCount: number;
  namedChildCount: number;
  children: SyntaxNode[];
  namedChildren: SyntaxNode[];
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): SyntaxNode[];
}

export interface InputEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: SyntaxPoint;
  oldEndPosition: SyntaxPoint;
  newEndPosition: SyntaxPoint;
}

export interface SyntaxTree {
  rootNode: SyntaxNode;
  edit(edit: InputEdit): void;
}

export type ParserBackend = 'native' | 'wasm';

export interface GoParser {
  readonly backend: ParserBackend;
  /** Parses `text`; pass the previous tree, already `edit()`ed, to reparse incrementally. */
  parse(text: string, previous?: SyntaxTree): SyntaxTree;
  /**
   * Frees a tree now; it must not be used afterwards. wasm trees live in the module's linear memory and are
   * never collected otherwise; native trees are left to the garbage collector.
   */
  release(tree: SyntaxTree): void;
}

const require = createRequire(import.meta.url);

const CHUNK = 64 * 1024;
const WASM_CHUNK = 1024;


type NativeNodeClass = { prototype: object };

/**
 * The binding means each named node class to carry its type name (`prototype.type = name`), but that
 * assignment lands on an inherited getter-only accessor and is silently dropped, so every `node.type` is a
 * call into C++. Define the name once per class, on first read: extraction runs about 40% faster.
 */
function cacheNodeTypeNames(SyntaxNodeClass: NativeNodeClass, subclasses: readonly (NativeNodeClass | undefined)[]): void {
  const nativeType = Object.getOwnPropertyDescriptor(SyntaxNodeClass.prototype, 'type')?.get;
  if (!nativeType) return;
  for (const subclass of subclasses) {
    if (!subclass || subclass === SyntaxNodeClass || Object.getOwnPropertyDescriptor(subclass.prototype, 'type')) continue;
    Object.defineProperty(subclass.prototype, 'type', {
      configurable: true,
      get(this: object) {
        const name = nativeType.call(this) as string;
        Object.defineProperty(subclass.prototype, 'type', { value: name });
        return name;
      },
    });
  }
}

function loadNative(): GoParser {
  const Parser = require('tree-sitter');
  const Go = require('tree-sitter-go');
  const parser = new Parser();
  parser.setLanguage(Go);
  cacheNodeTypeNames(Parser.SyntaxNode, Go.nodeSubclasses ?? []);
  return {
    backend: 'native',
    parse(text, previous) {
      // Feeding the text in 64 Ki-unit chunks through a callback is faster than handing the binding the
      // whole string (measured: 18 vs 25 ms on net/http/server.go), and works for files of any size.
      const input = (index: number) => (index < text.length ? text.slice(index, index + CHUNK) : null);
      const tree = parser.parse(input, previous);
      // node.text would otherwise re-assemble the text through that callback, chunk by chunk.
      tree.getText = (node: SyntaxNode) => text.substring(node.startIndex, node.endIndex);
      return tree as SyntaxTree;
    },
    release() {},
  };
}

async function loadWasm(): Promise<GoParser> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const wasmPath = require.resolve('tree-sitter-go/tree-sitter-go.wasm');
  const language = await Language.load(wasmPath);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    backend: 'wasm',
    parse(text, previous) {
      // web-tree-sitter copies every read into wasm memory unit by unit, up to 5 Ki units, and given the string
      // it hands over the whole rest of the text each time. An incremental parse reads only around the edit,
      // so it gets small chunks (about 0.1 ms less per keystroke on 2,000 lines); a fresh parse reads
      // everything and is faster given the string.
      const tree = previous
        ? parser.parse((index: number) => text.slice(index, index + WASM_CHUNK), previous as never)
        : parser.parse(text);
      if (!tree) throw new Error('web-tree-sitter returned no tree');
      // node.text reads through the parse's callback: one slice of the whole text answers it in one call.
      if (previous) (tree as unknown as { textCallback: (index: number) => string }).textCallback = (index) => text.slice(index);
      return tree as unknown as SyntaxTree;
    },
    release(tree) {
      (tree as unknown as { delete(): void }).delete();
    },
  };
}

let cached: Promise<GoParser> | undefined;
let cachedKind: string | undefined;

/**
 * `auto` (the default) tries the native binding and falls back to wasm when the addon cannot load
 * (e.g. a prebuild for a newer libstdc++). The CLI and server map KPA_PARSER=native|wasm onto `kind`.
 */
export function loadGoParser(kind: ParserBackend | 'auto' = 'auto'): Promise<GoParser> {
  if (cached && cachedKind === kind) return cached;
  cachedKind = kind;
  cached = (async () => {
    if (kind === 'wasm') return loadWasm();
    if (kind === 'native') return loadNative();
    try {
      return loadNative();
    } catch {
      return loadWasm();
    }
  })();
  return cached;
}
