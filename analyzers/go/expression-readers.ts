/**
 * Readers of the Go expressions kpa follows without type checking: string literals and the string
 * expressions built from them, the shape of an initialiser, the type it gives a variable, the function it
 * calls. Loops stand where generated code nests deeper than the JS stack.
 */
import type { FactoryRef, ParamFact, SettingsReadsFact, StringExpr, TypeExpr, ValueShape } from './facts.js';
import { nodeRange } from './node-ranges.js';
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

/** `map[string]interface{}` or `map[string]any` in a parameter list's text: the cheap test before parsing it. */
const SETTINGS_MAP_TEXT = /map\s*\[\s*string\s*\]\s*(?:interface\s*\{\s*\}|any\b)/;

function isSettingsMap(t: TypeExpr): boolean {
  if (t.kind !== 'map' || t.key.kind !== 'named' || t.key.pkg !== '' || t.key.name !== 'string') return false;
  const v = t.value;
  return (v.kind === 'interface' && v.methods.length === 0 && v.embeds.length === 0) || (v.kind === 'named' && v.pkg === '' && v.name === 'any');
}

/**
 * The settings map parameter of a function: its first `map[string]interface{}` parameter (every plugin
 * factory kind has exactly one, spec §1.2–1.5). `parsed` are the parameters when the caller has them
 * already; otherwise they are parsed only when the list's text mentions such a map, which keeps the
 * extraction of ordinary functions to one text read.
 */
export function settingsParam(list: SyntaxNode | null, scope: ImportScope, parsed?: ParamFact[]): { index: number; name: string | null } | null {
  if (!list) return null;
  if (!parsed) {
    if (!SETTINGS_MAP_TEXT.test(list.text)) return null;
    parsed = parseParameters(list, scope).params;
  }
  const index = parsed.findIndex((p) => isSettingsMap(p.type));
  if (index < 0) return null;
  const name = parsed[index].name;
  return { index, name: name === '_' ? null : name };
}

/** Calls that read a map without reading keys kpa should know about. */
const HARMLESS_CALLS = new Set(['len']);

/**
 * What `body` does with the settings map parameter `param` (see SettingsReadsFact). A walk over the body's
 * nodes, a loop rather than recursion: every identifier equal to the parameter's name must be the operand
 * of an index with a static key, an argument handed to a function of the package or a method of the
 * receiver, or a comparison with nil; anything else makes the result opaque.
 */
export function readSettings(
  body: SyntaxNode | null,
  param: { index: number; name: string | null },
  receiverName: string | null,
  file: string,
): SettingsReadsFact {
  const out: SettingsReadsFact = { param: param.index, name: param.name, keys: [], passes: [], opaque: false };
  const name = param.name;
  if (!body || name === null) return out;
  // Two looks at the body's text spare the node walk (a crossing into the binding per node) for most
  // functions that take a map: one that never names it reads nothing; one that ranges over it is opaque
  // whatever else it does. A match inside a comment or string only makes the result opaque: kpa then says
  // nothing about the keys, which is the safe side.
  const text = body.text;
  if (!new RegExp(`(^|[^\\p{L}\\p{N}_])${name}($|[^\\p{L}\\p{N}_])`, 'u').test(text)) return out;
  if (new RegExp(`\\brange\\s+${name}($|[^\\p{L}\\p{N}_])`, 'u').test(text)) {
    out.opaque = true;
    return out;
  }
  const isParam = (n: SyntaxNode | null) => n?.type === 'identifier' && n.text === name;
  const stack: SyntaxNode[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'identifier':
        if (node.text === name) out.opaque = true;
        continue;
      case 'index_expression': {
        const operand = node.childForFieldName('operand');
        const index = node.childForFieldName('index');
        if (isParam(operand)) {
          const expr = stringExpr(index, receiverName);
          if (expr && !(expr.kind === 'ref' && expr.name === name)) out.keys.push({ expr, file, range: nodeRange(node) });
          else out.opaque = true;
          if (index) stack.push(index);
          continue;
        }
        break;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        let callee: { name: string; method: boolean } | null = null;
        if (fn?.type === 'identifier') callee = { name: fn.text, method: false };
        else if (fn?.type === 'selector_expression') {
          const operand = fn.childForFieldName('operand');
          const field = fn.childForFieldName('field');
          if (receiverName && operand?.type === 'identifier' && operand.text === receiverName && field) callee = { name: field.text, method: true };
        }
        for (let i = args.length - 1; i >= 0; i--) {
          if (!isParam(args[i])) {
            stack.push(args[i]);
            continue;
          }
          if (callee && !callee.method && HARMLESS_CALLS.has(callee.name)) continue;
          if (callee) out.passes.push({ callee: callee.name, method: callee.method, arg: i });
          else out.opaque = true;
        }
        if (fn) stack.push(fn);
        continue;
      }
      case 'binary_expression': {
        // extra == nil, extra != nil
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text ?? node.child(1)?.text;
        if ((op === '==' || op === '!=') && ((isParam(left) && right?.type === 'nil') || (isParam(right) && left?.type === 'nil'))) continue;
        break;
      }
    }
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/**
 * The factory argument of a register call: a function literal (its settings reads, with the register
 * method's receiver for `string(r)` keys), a package function or a method of the receiver by name.
 */
export function factoryRef(node: SyntaxNode | undefined, receiverName: string | null, scope: ImportScope, file: string): FactoryRef {
  const arg = node ? unparen(node) : null;
  if (!arg) return { kind: 'other' };
  if (arg.type === 'func_literal') {
    const param = settingsParam(arg.childForFieldName('parameters'), scope);
    return { kind: 'literal', settings: param ? readSettings(arg.childForFieldName('body'), param, receiverName, file) : null };
  }
  if (arg.type === 'identifier') return { kind: 'func', name: arg.text };
  if (arg.type === 'selector_expression') {
    const operand = arg.childForFieldName('operand');
    const field = arg.childForFieldName('field');
    if (receiverName && operand?.type === 'identifier' && operand.text === receiverName && field) return { kind: 'method', name: field.text };
  }
  return { kind: 'other' };
}
