/**
 * Readers of the Go expressions kpa follows without type checking: string literals and the string
 * expressions built from them, the shape of an initialiser, the type it gives a variable, the function it
 * calls. Loops stand where generated code nests deeper than the JS stack.
 */
import type { StringExpr, TypeExpr, ValueShape } from './facts.js';
import type { SyntaxNode } from './parser.js';
import { parseParameters, parseResults, parseType, type ImportScope } from './type-expr.js';

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

/** `((x))` → `x` without recursion: generated code can nest parentheses deeper than the JS stack. */
function unparen(node: SyntaxNode): SyntaxNode | null {
  let cur: SyntaxNode | null = node;
  while (cur?.type === 'parenthesized_expression') cur = cur.namedChild(0);
  return cur;
}

/** Evaluates string expressions kpa can follow statically. */
export function stringExpr(node: SyntaxNode | null, receiverName: string | null): StringExpr | null {
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

/** What kind of initialiser a variable has: composite literal, &x, new(T), a call …. */
export function valueShape(node: SyntaxNode | null): ValueShape {
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
export function inferType(node: SyntaxNode | null, scope: ImportScope): TypeExpr | null {
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

/** The function an initialiser calls by name (`f(x)`, `T[int](x)`), if it is a call. */
export function calleeName(node: SyntaxNode | null): string | null {
  if (!node) return null;
  if (node.type === 'parenthesized_expression') return calleeName(unparen(node));
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'generic_type') return fn.childForFieldName('type')?.text ?? null;
  return null;
}
