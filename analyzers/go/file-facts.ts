/**
 * The only code that walks tree-sitter Go trees: one file's text and tree in, GoFileFacts out.
 * Declarations are read at package level only; Register… method bodies are searched for calls of their
 * function parameter.
 */
import type { Range } from '../diagnostics.js';

import type {
  ConstFact, GoFileFacts, ImportFact, MethodFact, RegistrationFact, StringExpr, SyntaxErrorFact, TypeDeclFact,
  TypeExpr, ValueFact, ValueShape,
} from './facts.js';
import { readConstraintFromHeader } from './build-constraints.js';
import type { SyntaxNode, SyntaxTree } from './parser.js';
import { METHOD_TO_KIND } from './plugin-kinds.js';
import { parseParameters, parseResults, parseType, type ImportScope } from './type-expr.js';

/** Does the text mention anything plugin-like? Near-misses (handlerRegisterer, RegisterHandler) count. */
export const PLUGIN_MENTION = /registerer|Register(?:Handler|Client|Modifier|Middleware)|(?:Handler|Client|Modifier|Middleware)s?Register/i;

/**
 * Same question as PLUGIN_MENTION, asked with indexOf: on a 50 MB tree a case-insensitive regex scan costs
 * more than reading the files.
 */
export function mentionsPlugin(text: string): boolean {
  return (
    text.indexOf('egisterer') >= 0 ||
    text.indexOf('EGISTERER') >= 0 ||
    (text.indexOf('Register') >= 0 && PLUGIN_MENTION.test(text))
  );
}

/**
 * Method and function names whose signatures a plugin check may read: Register… methods, optional
 * methods and their near-misses. Other signatures are not extracted.
 */
export const MAYBE_PLUGIN_NAME = /reg/i;

function nodeRange(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function spanRange(from: SyntaxNode, to: SyntaxNode): Range {
  return { start: nodeRange(from).start, end: nodeRange(to).end };
}

function importPathOf(spec: SyntaxNode): string {
  const lit = spec.childForFieldName('path');
  return lit ? decodeStringLiteral(lit) ?? '' : '';
}

/** The value of an interpreted ("…") or raw (`…`) string literal; null if it is not one. */
export function decodeStringLiteral(node: SyntaxNode): string | null {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1).replace(/\r/g, '');
  if (node.type !== 'interpreted_string_literal') return null;
  const body = node.text.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc: string) => {
    const c = esc[0];
    if (c === 'x' || c === 'u' || c === 'U') return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/[0-7]/.test(c)) return String.fromCharCode(parseInt(esc, 8));
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[c] ?? esc;
  });
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

/** `((x))` → `x` without recursion: generated code can nest parentheses deeper than the JS stack. */
function unparen(node: SyntaxNode): SyntaxNode | null {
  let cur: SyntaxNode | null = node;
  while (cur?.type === 'parenthesized_expression') cur = cur.namedChild(0);
  return cur;
}

/** Evaluates string expressions kpa can follow statically. */
function stringExpr(node: SyntaxNode | null, receiverName: string | null): StringExpr | null {
  if (!node) return null;
  switch (node.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal': {
      const v = decodeStringLiteral(node);
      return v === null ? null : { kind: 'lit', value: v };
    }
    case 'parenthesized_expression':
      return stringExpr(unparen(node), receiverName);
    case 'identifier':
      if (receiverName && node.text === receiverName) return { kind: 'receiver' };
      return { kind: 'ref', name: node.text };
    case 'binary_expression': {
      // Walk the left spine iteratively: generated files hold concatenations thousands of terms long.
      const rights: SyntaxNode[] = [];
      let cur: SyntaxNode | null = node;
      while (cur && cur.type === 'binary_expression') {
        if (cur.child(1)?.text !== '+' || rights.length > 10_000) return null;
        const right = cur.childForFieldName('right');
        if (!right) return null;
        rights.push(right);
        cur = cur.childForFieldName('left');
      }
      const parts: StringExpr[] = [];
      for (const operand of [cur, ...rights.reverse()]) {
        const e = operand && operand.type !== 'binary_expression' ? stringExpr(operand, receiverName) : null;
        if (!e) return null;
        parts.push(e);
      }
      return { kind: 'concat', parts };
    }
    case 'call_expression': {
      // string(x) conversions are transparent.
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.text === 'string' && args.length === 1) return stringExpr(args[0], receiverName);
      return null;
    }
    default:
      return null;
  }
}

function valueShape(node: SyntaxNode | null): ValueShape {
  if (!node) return 'none';
  switch (node.type) {
    case 'composite_literal':
      return 'composite';
    case 'unary_expression':
      return node.child(0)?.text === '&' ? 'address-of' : 'other';
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === 'new') return 'new';
      return 'conversion-or-call';
    }
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'int_literal':
    case 'float_literal':
    case 'imaginary_literal':
    case 'rune_literal':
    case 'true':
    case 'false':
    case 'nil':
      return 'literal';
    case 'identifier':
      return 'identifier';
    case 'func_literal':
      return 'func-literal';
    case 'parenthesized_expression':
      return valueShape(unparen(node));
    default:
      return 'other';
  }
}

const LITERAL_TYPES: Record<string, string> = {
  interpreted_string_literal: 'string',
  raw_string_literal: 'string',
  int_literal: 'int',
  float_literal: 'float64',
  imaginary_literal: 'complex128',
  rune_literal: 'rune',
  true: 'bool',
  false: 'bool',
};

/** The type an initialiser gives a variable, where the syntax alone tells. */
function inferType(node: SyntaxNode | null, scope: ImportScope): TypeExpr | null {
  if (!node) return null;
  switch (node.type) {
    case 'parenthesized_expression':
      return inferType(unparen(node), scope);
    case 'composite_literal':
      return parseType(node.childForFieldName('type'), scope);
    case 'unary_expression': {
      // `&x`, `*new(T)`, `*p` and chains of them, innermost first; a loop, since generated code nests deep.
      const chain: SyntaxNode[] = [];
      let operand: SyntaxNode | null = node;
      while (operand?.type === 'unary_expression' && (operand.child(0)?.text === '*' || operand.child(0)?.text === '&')) {
        chain.push(operand);
        const next = operand.childForFieldName('operand');
        operand = next && unparen(next);
      }
      if (chain.length === 0) return null;
      let type = inferType(operand, scope);
      for (let i = chain.length - 1; i >= 0; i--) {
        // Dereferencing a pointer gives its element type; taking an address gives a pointer to it.
        if (chain[i].child(0)?.text === '*') type = type?.kind === 'pointer' ? type.elem : null;
        else type = { kind: 'pointer', elem: type ?? { kind: 'unknown', text: chain[i].text.slice(1, 200) } };
      }
      return type;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.type === 'identifier' && fn.text === 'new' && args.length === 1) return { kind: 'pointer', elem: parseType(args[0], scope) };
      // `func() T { … }()`: an immediately called literal gives its single result type.
      if (fn?.type === 'func_literal') {
        const results = parseResults(fn.childForFieldName('result'), scope);
        return results.length === 1 ? results[0].type : null;
      }
      // T(x) or f(x): a named local callee is resolved at package level (type conversion or func result).
      if (fn?.type === 'identifier') return { kind: 'named', pkg: '', name: fn.text };
      if (fn?.type === 'generic_type') return parseType(fn, scope);
      if (fn?.type === 'parenthesized_type' || fn?.type === 'pointer_type') return parseType(fn, scope);
      if (fn?.type === 'selector_expression') {
        const operand = fn.childForFieldName('operand');
        const field = fn.childForFieldName('field');
        const path = operand ? scope.byName.get(operand.text) : undefined;
        if (path && field) return { kind: 'named', pkg: path, name: field.text };
      }
      return null;
    }
    case 'func_literal': {
      const { params, variadic } = parseParameters(node.childForFieldName('parameters'), scope);
      const results = parseResults(node.childForFieldName('result'), scope);
      return { kind: 'func', params: params.map((p) => p.type), results: results.map((r) => r.type), variadic };
    }
    default: {
      const lit = LITERAL_TYPES[node.type];
      return lit ? { kind: 'named', pkg: '', name: lit } : null;
    }
  }
}

function calleeName(node: SyntaxNode | null): string | null {
  if (!node) return null;
  if (node.type === 'parenthesized_expression') return calleeName(unparen(node));
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'generic_type') return fn.childForFieldName('type')?.text ?? null;
  return null;
}

function collectSpecs(decl: SyntaxNode, specType: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of decl.namedChildren) {
    if (child.type === specType) out.push(child);
    // A loop, not push(...): a generated `var ( … )` block can hold more specs than a call takes arguments.
    else if (child.type.endsWith('_list')) for (const spec of child.namedChildren) if (spec.type === specType) out.push(spec);
  }
  return out;
}

function receiverInfo(receiver: SyntaxNode | null): { name: string | null; type: string; pointer: boolean } | null {
  const decl = receiver?.namedChildren.find((c) => c.type === 'parameter_declaration');
  if (!decl) return null;
  let typeNode = decl.childForFieldName('type');
  let pointer = false;
  while (typeNode && (typeNode.type === 'pointer_type' || typeNode.type === 'parenthesized_type')) {
    if (typeNode.type === 'pointer_type') pointer = true;
    typeNode = typeNode.namedChild(0);
  }
  if (typeNode?.type === 'generic_type') typeNode = typeNode.childForFieldName('type');
  if (!typeNode) return null;
  return { name: decl.childForFieldName('name')?.text ?? null, type: typeNode.text, pointer };
}

function findCalls(root: SyntaxNode, callee: string, out: SyntaxNode[]): void {
  // Register functions are called directly in the method body, or inside closures/loops it contains.
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === callee) out.push(node);
    }
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
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

/** Top-level declarations whose facts depend only on their own text and the file's imports. */
const DECLARATION_TYPES = new Set(['type_declaration', 'var_declaration', 'const_declaration', 'function_declaration', 'method_declaration']);

type DeclFacts = Pick<GoFileFacts, 'types' | 'methods' | 'values' | 'consts' | 'registrations'>;

function emptyDeclFacts(): DeclFacts {
  return { types: [], methods: [], values: [], consts: [], registrations: [] };
}

function extractDeclaration(node: SyntaxNode, file: string, scope: ImportScope, out: DeclFacts): void {
  switch (node.type) {
    case 'type_declaration':
      for (const spec of node.namedChildren) {
        if (spec.type !== 'type_spec' && spec.type !== 'type_alias') continue;
        const nameNode = spec.childForFieldName('name');
        if (!nameNode) continue;
        const tparams = spec.childForFieldName('type_parameters');
        const decl: TypeDeclFact = {
          name: nameNode.text,
          alias: spec.type === 'type_alias',
          typeParams: (tparams?.namedChildren ?? []).flatMap((d) => d.childrenForFieldName('name').map((n) => n.text)),
          type: parseType(spec.childForFieldName('type'), scope),
          file,
          range: nodeRange(spec),
          nameRange: nodeRange(nameNode),
        };
        out.types.push(decl);
      }
      break;
    case 'var_declaration':
    case 'const_declaration': {
      const isConst = node.type === 'const_declaration';
      for (const spec of collectSpecs(node, isConst ? 'const_spec' : 'var_spec')) {
        // const_spec puts the commas of `a, b` in its name field too (var_spec does not).
        const names = spec.childrenForFieldName('name').filter((n) => n.type === 'identifier');
        const typeNode = spec.childForFieldName('type');
        const values = spec.childForFieldName('value')?.namedChildren ?? [];
        const declared = typeNode ? parseType(typeNode, scope) : null;
        names.forEach((nameNode, i) => {
          const value = values.length === names.length ? values[i] : values.length === 1 && names.length === 1 ? values[0] : null;
          if (nameNode.text === '_') return;
          const str = value ? stringExpr(value, null) : null;
          if (str && (value?.type === 'interpreted_string_literal' || value?.type === 'raw_string_literal' || value?.type === 'binary_expression' || value?.type === 'identifier' || value?.type === 'parenthesized_expression')) {
            out.consts.push({ name: nameNode.text, expr: str } satisfies ConstFact);
          }
          const callArgs = value?.type === 'call_expression' ? value.childForFieldName('arguments')?.namedChildren ?? [] : [];
          out.values.push({
            name: nameNode.text,
            declKind: isConst ? 'const' : 'var',
            type: declared ?? (value ? inferType(value, scope) : null),
            typeIsDeclared: declared !== null,
            shape: valueShape(value),
            valueText: value ? value.text.slice(0, 200) : null,
            file,
            range: nodeRange(spec),
            nameRange: nodeRange(nameNode),
            valueRange: value ? nodeRange(value) : null,
            initString: callArgs.length === 1 ? stringExpr(callArgs[0], null) : str,
            callee: calleeName(value),
          } satisfies ValueFact);
        });
      }
      break;
    }
    case 'function_declaration': {
      const nameNode = node.childForFieldName('name');
      if (!nameNode) break;
      // Parameters matter only for names a plugin check can look at; skipping the rest keeps
      // extraction close to the bare parse on large trees (most cost is crossing into the binding).
      const relevant = MAYBE_PLUGIN_NAME.test(nameNode.text);
      const { params, variadic } = relevant ? parseParameters(node.childForFieldName('parameters'), scope) : { params: [], variadic: false };
      const results = parseResults(node.childForFieldName('result'), scope);
      out.values.push({
        name: nameNode.text,
        declKind: 'func',
        type: { kind: 'func', params: params.map((p) => p.type), results: results.map((r) => r.type), variadic },
        typeIsDeclared: true,
        shape: 'none',
        valueText: null,
        file,
        range: nodeRange(node),
        nameRange: nodeRange(nameNode),
        valueRange: null,
        initString: null,
        callee: null,
      });
      break;
    }
    case 'method_declaration': {
      const nameNode = node.childForFieldName('name');
      const recv = receiverInfo(node.childForFieldName('receiver'));
      const paramsNode = node.childForFieldName('parameters');
      if (!nameNode || !recv || !paramsNode) break;
      const relevant = MAYBE_PLUGIN_NAME.test(nameNode.text);
      const { params, variadic } = relevant ? parseParameters(paramsNode, scope) : { params: [], variadic: false };
      const resultNode = node.childForFieldName('result');
      const results = relevant ? parseResults(resultNode, scope) : [];
      const method: MethodFact = {
        receiver: recv.type,
        pointerReceiver: recv.pointer,
        name: nameNode.text,
        params,
        results,
        variadic,
        file,
        range: nodeRange(node),
        nameRange: nodeRange(nameNode),
        signatureRange: spanRange(paramsNode, resultNode ?? paramsNode),
      };
      out.methods.push(method);
      if (METHOD_TO_KIND[method.name] && params.length >= 1 && params[0].name) {
        const body = node.childForFieldName('body');
        const calls: SyntaxNode[] = [];
        if (body) findCalls(body, params[0].name, calls);
        for (const call of calls) {
          const args = call.childForFieldName('arguments')?.namedChildren ?? [];
          const nameArg = args[0];
          if (!nameArg) continue;
          const expr = stringExpr(nameArg, recv.name);
          const flag = (n: SyntaxNode | undefined) => (n?.type === 'true' ? true : n?.type === 'false' ? false : null);
          const reg: RegistrationFact = {
            method: method.name,
            receiver: recv.type,
            name: expr?.kind === 'lit' ? expr.value : null,
            nameText: nameArg.text.slice(0, 200),
            nameExpr: expr,
            file,
            range: nodeRange(call),
            nameRange: nodeRange(nameArg),
          };
          if (method.name === 'RegisterModifiers') {
            reg.appliesToRequest = flag(args[2]);
            reg.appliesToResponse = flag(args[3]);
          }
          out.registrations.push(reg);
        }
      }
      break;
    }
  }
}

/**
 * Per-file memo of declaration facts for the language server: after an edit, every top-level declaration
 * whose text (and the file's imports) did not change reuses its facts, moved to its new position, instead of
 * being walked again through the native binding, which is most of the cost of extraction.
 */
export interface DeclarationCache {
  scopeKey: string;
  entries: Map<string, CachedDeclaration>;
}

interface CachedDeclaration {
  relative: DeclFacts;
  /** Where the declaration started last time, and its facts there: reused as is while it does not move. */
  origin: Pos;
  absolute: DeclFacts;
}

export function createDeclarationCache(): DeclarationCache {
  return { scopeKey: '', entries: new Map() };
}

type Pos = { line: number; character: number };

/** Deep copy of plain facts with every position mapped (relative ↔ absolute to a declaration start). */
function mapPositions<T>(value: T, map: (p: Pos) => Pos): T {
  if (Array.isArray(value)) return value.map((v) => mapPositions(v, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.line === 'number' && typeof obj.character === 'number' && Object.keys(obj).length === 2) return map(obj as Pos) as T;
  const out: Record<string, unknown> = {};
  for (const k in obj) out[k] = mapPositions(obj[k], map);
  return out as T;
}

const toRelative = (origin: Pos) => (p: Pos): Pos =>
  p.line === origin.line ? { line: 0, character: p.character - origin.character } : { line: p.line - origin.line, character: p.character };
const toAbsolute = (origin: Pos) => (p: Pos): Pos =>
  p.line === 0 ? { line: origin.line, character: p.character + origin.character } : { line: p.line + origin.line, character: p.character };

function appendDeclFacts(facts: GoFileFacts, d: DeclFacts): void {
  facts.types.push(...d.types);
  facts.methods.push(...d.methods);
  facts.values.push(...d.values);
  facts.consts.push(...d.consts);
  facts.registrations.push(...d.registrations);
}

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

  const scopeKey = cache ? JSON.stringify([[...scope.byName], scope.dotImports]) : '';
  if (cache && cache.scopeKey !== scopeKey) {
    cache.entries.clear();
    cache.scopeKey = scopeKey;
  }
  const kept = new Map<string, CachedDeclaration>();
  const treeHasError = root.hasError;
  for (let i = 0; i < top.length; i++) {
    const node = top[i];
    const type = types[i];
    if (DECLARATION_TYPES.has(type)) {
      // A declaration holding a syntax error is not memoised: error recovery may shape the same text
      // differently in another parse, so its facts are only valid for this tree.
      if (!cache || (treeHasError && node.hasError)) {
        extractDeclaration(node, file, scope, facts);
        continue;
      }
      const key = node.text;
      const origin = { line: node.startPosition.row, character: node.startPosition.column };
      let entry = kept.get(key) ?? cache.entries.get(key);
      if (!entry) {
        const absolute = emptyDeclFacts();
        extractDeclaration(node, file, scope, absolute);
        entry = { relative: mapPositions(absolute, toRelative(origin)), origin, absolute };
      } else if (entry.origin.line !== origin.line || entry.origin.character !== origin.character) {
        entry = { relative: entry.relative, origin, absolute: mapPositions(entry.relative, toAbsolute(origin)) };
      }
      // Facts are never mutated downstream, so an unmoved declaration shares its objects across versions.
      if (!kept.has(key)) kept.set(key, entry);
      appendDeclFacts(facts, entry.absolute);
    } else if (type === 'ERROR') {
      recoverDeclarations(node, file, facts.values);
    } else if (type === 'comment') {
      // Go 1.19 refuses a //go:build line after the package clause: "misplaced compiler directive".
      if (facts.packageRange && node.startPosition.row > facts.packageRange.start.line && /^\/\/go:build\b/.test(node.text)) {
        facts.syntaxErrors.push({ file, range: nodeRange(node), kind: 'misplaced-directive', text: node.text.slice(0, 80) });
      }
    }
  }
  // Only the declarations of this version stay cached, so the memo never outgrows the file.
  if (cache) cache.entries = kept;
  return facts;
}

/**
 * Half-typed code: tree-sitter wraps a broken `var X = …` in an ERROR node. Keep the declared names so
 * the package still shows its plugin symbols (their verdict then rests on the syntax error).
 */
function recoverDeclarations(error: SyntaxNode, file: string, values: ValueFact[]): void {
  const children = error.children;
  for (let i = 0; i + 1 < children.length; i++) {
    const kw = children[i];
    const id = children[i + 1];
    if (kw.type !== 'var' || kw.isNamed || id.type !== 'identifier') continue;
    values.push({
      name: id.text, declKind: 'var', type: null, typeIsDeclared: false, shape: 'other', valueText: null, file,
      range: spanRange(kw, id), nameRange: nodeRange(id), valueRange: null, initString: null, callee: null,
    });
  }
}

/** Facts for a file that could not be parsed (read failure): nothing but its path. */
export function emptyFileFacts(file: string): GoFileFacts {
  return {
    file, packageName: null, packageRange: null, buildConstraint: null, imports: [], types: [], methods: [], values: [],
    consts: [], registrations: [], syntaxErrors: [], mentionsPlugin: false,
  };
}

