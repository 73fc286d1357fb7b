/**
 * The declaration extractor: the facts of one top-level Go declaration (type, var, const, func, method),
 * which depend only on its own text and the file's imports. Register… method bodies are searched for calls
 * of their function parameter. extractFileFacts (file-facts.ts) calls it for every declaration, through the
 * declaration memo (declaration-cache.ts) in the language server.
 */
import type { ConstFact, GoFileFacts, MethodFact, RegistrationFact, TypeDeclFact, ValueFact } from './facts.js';
import { calleeName, factoryRef, inferType, readSettings, settingsParam, stringExpr, valueShape } from './expression-readers.js';
import { nodeRange, spanRange } from './node-ranges.js';
import type { SyntaxNode } from './parser.js';
import { METHOD_TO_KIND } from './plugin-kinds.js';
import { parseParameters, parseResults, parseType, type ImportScope } from './type-expr.js';

/**
 * Method and function names whose signatures a plugin check may read: Register… methods, optional
 * methods and their near-misses. Other signatures are not extracted.
 */
export const MAYBE_PLUGIN_NAME = /reg/i;

/** Top-level declarations whose facts depend only on their own text and the file's imports. */
export const DECLARATION_TYPES = new Set(['type_declaration', 'var_declaration', 'const_declaration', 'function_declaration', 'method_declaration']);

/** The facts one declaration adds to its file. */
export type DeclFacts = Pick<GoFileFacts, 'types' | 'methods' | 'values' | 'consts' | 'registrations'>;

export function emptyDeclFacts(): DeclFacts {
  return { types: [], methods: [], values: [], consts: [], registrations: [] };
}

/** Adds the facts of one top-level declaration to `out`. */
export function extractDeclaration(node: SyntaxNode, file: string, scope: ImportScope, out: DeclFacts): void {
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
      const value: ValueFact = {
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
      };
      // A plugin factory, or a helper it hands its settings map to (`parseConfig(extra)`).
      const settings = settingsParam(node.childForFieldName('parameters'), scope, relevant ? params : undefined);
      if (settings) value.settings = readSettings(node.childForFieldName('body'), settings, null, file);
      out.values.push(value);
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
      const settings = settingsParam(paramsNode, scope, relevant ? params : undefined);
      if (settings) method.settings = readSettings(node.childForFieldName('body'), settings, recv.name, file);
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
          if (args.length >= 2) reg.factory = factoryRef(args[1], recv.name, scope, file);
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

/** The `_spec` children of a declaration, inside a parenthesised list or not. */
export function collectSpecs(decl: SyntaxNode, specType: string): SyntaxNode[] {
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

/**
 * Half-typed code: tree-sitter wraps a broken `var X = …` in an ERROR node. Keep the declared names so
 * the package still shows its plugin symbols (their verdict then rests on the syntax error).
 */
export function recoverDeclarations(error: SyntaxNode, file: string, values: ValueFact[]): void {
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
