/**
 * Turns tree-sitter type nodes into TypeExpr (package qualifiers resolved to import paths) and renders
 * TypeExpr as canonical strings, the form in which kpa compares types for identity.
 */
import type { SyntaxNode } from './parser.js';
import type { ParamFact, TypeExpr } from './facts.js';

/** Import name (alias, or the last path element) → import path; '.' lists dot-imports. */
export interface ImportScope {
  byName: Map<string, string>;
  dotImports: string[];
}

export const PREDECLARED_TYPES = new Set([
  'bool', 'byte', 'complex64', 'complex128', 'error', 'float32', 'float64', 'int', 'int8', 'int16', 'int32', 'int64',
  'rune', 'string', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'any', 'comparable',
]);

function unknown(node: SyntaxNode): TypeExpr {
  return { kind: 'unknown', text: node.text.slice(0, 200) };
}

/** Deeper type nesting is not followed: a generated `[][]…[]int` 50,000 levels deep overflowed the stack. */
const MAX_TYPE_DEPTH = 1_000;
let typeDepth = 0;

export function parseType(node: SyntaxNode | null, scope: ImportScope): TypeExpr {
  if (!node) return { kind: 'unknown', text: '' };
  if (typeDepth >= MAX_TYPE_DEPTH) return unknown(node);
  typeDepth++;
  try {
    return parseTypeNode(node, scope);
  } finally {
    typeDepth--;
  }
}

function parseTypeNode(node: SyntaxNode, scope: ImportScope): TypeExpr {
  switch (node.type) {
    case 'type_identifier':
    case 'identifier':
      return { kind: 'named', pkg: '', name: node.text };
    case 'qualified_type': {
      const pkgName = node.childForFieldName('package')?.text ?? '';
      const name = node.childForFieldName('name')?.text ?? '';
      const path = scope.byName.get(pkgName);
      // An unresolved qualifier keeps its written name, marked so it never equals a real path.
      return { kind: 'named', pkg: path ?? `?${pkgName}`, name };
    }
    case 'generic_type': {
      const base = parseType(node.childForFieldName('type'), scope);
      const argsNode = node.childForFieldName('type_arguments');
      const args = argsNode ? argsNode.namedChildren.map((a) => parseType(a.type === 'type_elem' ? a.namedChild(0) : a, scope)) : [];
      if (base.kind === 'named') return { ...base, args };
      return base;
    }
    case 'type_elem':
      return node.namedChildCount === 1 ? parseType(node.namedChild(0), scope) : unknown(node);
    case 'parenthesized_type':
      return parseType(node.namedChild(0), scope);
    case 'pointer_type':
      return { kind: 'pointer', elem: parseType(node.namedChild(0), scope) };
    case 'slice_type':
      return { kind: 'slice', elem: parseType(node.childForFieldName('element'), scope) };
    case 'array_type':
    case 'implicit_length_array_type':
      return {
        kind: 'array',
        len: node.childForFieldName('length')?.text ?? '...',
        elem: parseType(node.childForFieldName('element'), scope),
      };
    case 'map_type':
      return { kind: 'map', key: parseType(node.childForFieldName('key'), scope), value: parseType(node.childForFieldName('value'), scope) };
    case 'channel_type': {
      const text = node.text.replace(/\s+/g, '');
      const dir = text.startsWith('<-chan') ? 'recv' : text.startsWith('chan<-') ? 'send' : 'both';
      return { kind: 'chan', dir, elem: parseType(node.childForFieldName('value'), scope) };
    }
    case 'function_type': {
      const { params, variadic } = parseParameters(node.childForFieldName('parameters'), scope);
      const results = parseResults(node.childForFieldName('result'), scope);
      return { kind: 'func', params: params.map((p) => p.type), results: results.map((r) => r.type), variadic };
    }
    case 'interface_type': {
      const methods: string[] = [];
      const embeds: TypeExpr[] = [];
      for (const child of node.namedChildren) {
        if (child.type === 'method_elem' || child.type === 'method_spec') {
          const name = child.childForFieldName('name')?.text ?? '';
          const { params, variadic } = parseParameters(child.childForFieldName('parameters'), scope);
          const results = parseResults(child.childForFieldName('result'), scope);
          methods.push(name + renderSignature(params.map((p) => p.type), results.map((r) => r.type), variadic));
        } else if (child.type !== 'comment') {
          embeds.push(parseType(child, scope));
        }
      }
      return { kind: 'interface', methods: methods.sort(), embeds };
    }
    case 'struct_type': {
      const fields: { name: string | null; type: TypeExpr }[] = [];
      const list = node.namedChildren.find((c) => c.type === 'field_declaration_list');
      for (const decl of list?.namedChildren ?? []) {
        if (decl.type !== 'field_declaration') continue;
        const typeNode = decl.childForFieldName('type');
        let type = parseType(typeNode, scope);
        const names = decl.childrenForFieldName('name');
        if (names.length === 0) {
          // Embedded field: `*T` is written with an anonymous '*' token before the type.
          if (decl.children.some((c) => !c.isNamed && c.type === '*')) type = { kind: 'pointer', elem: type };
          fields.push({ name: null, type });
        } else {
          for (const n of names) fields.push({ name: n.text, type });
        }
      }
      return { kind: 'struct', fields };
    }
    case 'negated_type':
    case 'union_type':
    case 'type_constraint':
    default:
      return unknown(node);
  }
}

/** Parameters, one entry per declared parameter (`a, b int` is two). */
export function parseParameters(list: SyntaxNode | null, scope: ImportScope): { params: ParamFact[]; variadic: boolean } {
  const params: ParamFact[] = [];
  let variadic = false;
  for (const decl of list?.namedChildren ?? []) {
    if (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration') continue;
    const type = parseType(decl.childForFieldName('type'), scope);
    if (decl.type === 'variadic_parameter_declaration') variadic = true;
    const names = decl.childrenForFieldName('name');
    if (names.length === 0) params.push({ name: null, type });
    else for (const n of names) params.push({ name: n.text, type });
  }
  return { params, variadic };
}

export function parseResults(result: SyntaxNode | null, scope: ImportScope): ParamFact[] {
  if (!result) return [];
  if (result.type === 'parameter_list') return parseParameters(result, scope).params;
  return [{ name: null, type: parseType(result, scope) }];
}

/**
 * Resolves local names before rendering: aliases are transparent (`type F = func()` renders as the
 * func), `any` is `interface{}`, defined local types render as `main.Name` so they never equal a
 * standard-library type.
 */
export type AliasLookup = (name: string) => TypeExpr | undefined;

export function renderType(t: TypeExpr, aliases: AliasLookup = () => undefined, depth = 0): string {
  if (depth > 50) return '…';
  const r = (x: TypeExpr) => renderType(x, aliases, depth + 1);
  switch (t.kind) {
    case 'named': {
      const args = t.args?.length ? `[${t.args.map(r).join(', ')}]` : '';
      if (t.pkg === '') {
        const alias = aliases(t.name);
        if (alias) return r(alias);
        if (t.name === 'any') return 'interface{}';
        if (PREDECLARED_TYPES.has(t.name)) return t.name;
        return `main.${t.name}${args}`;
      }
      return `${t.pkg}.${t.name}${args}`;
    }
    case 'pointer':
      return `*${r(t.elem)}`;
    case 'slice':
      return `[]${r(t.elem)}`;
    case 'array':
      return `[${t.len}]${r(t.elem)}`;
    case 'map':
      return `map[${r(t.key)}]${r(t.value)}`;
    case 'chan':
      return `${t.dir === 'recv' ? '<-chan' : t.dir === 'send' ? 'chan<-' : 'chan'} ${r(t.elem)}`;
    case 'func':
      return `func${renderSignatureWith(t.params, t.results, t.variadic, r)}`;
    case 'interface': {
      // An embedded interface contributes its methods: `interface{ any }` is identical to `interface{}`.
      const parts = new Set(t.methods);
      for (const e of t.embeds) {
        const text = r(e);
        if (text === 'interface{}') continue;
        if (text.startsWith('interface{ ')) for (const m of splitTopLevel(text.slice(11, -2))) parts.add(m);
        else parts.add(text);
      }
      return parts.size ? `interface{ ${[...parts].sort().join('; ')} }` : 'interface{}';
    }
    case 'struct':
      return `struct{${t.fields.map((f) => (f.name ? `${f.name} ${r(f.type)}` : r(f.type))).join('; ')}}`;
    case 'unknown':
      return `?(${t.text})`;
  }
}

/** Splits `a; b` at the separators outside brackets (method lines may hold interface types themselves). */
function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

function renderSignatureWith(params: TypeExpr[], results: TypeExpr[], variadic: boolean, r: (t: TypeExpr) => string): string {
  const ps = params.map((p, i) => (variadic && i === params.length - 1 ? `...${r(p)}` : r(p)));
  const rs = results.map(r);
  const res = rs.length === 0 ? '' : rs.length === 1 ? ` ${rs[0]}` : ` (${rs.join(', ')})`;
  return `(${ps.join(', ')})${res}`;
}

/** `(params) results` with canonical types. */
export function renderSignature(params: TypeExpr[], results: TypeExpr[], variadic: boolean, aliases: AliasLookup = () => undefined): string {
  return renderSignatureWith(params, results, variadic, (t) => renderType(t, aliases));
}
