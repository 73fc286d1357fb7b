/**
 * Decides, with the Go runtime's own rules, whether KrakenD's loader accepts each plugin symbol
 * (spec §1.7, design.md "Correctness against the real thing"):
 * - `Lookup` returns a pointer to the variable, so value and pointer receiver methods both count;
 * - a variable holding a pointer (`&T{}`, `new(T)`, `var X *T`) or an interface value does not load;
 * - functions, constants and types named like the symbol do not load;
 * - promoted methods through struct embedding count; aliases are transparent, defined types are not;
 * - method signatures must be type-identical (`any` ≡ `interface{}`, parameter names free).
 */
import { editDistance } from '../edit-distance.js';
import type { MethodFact, PackageFacts, StringExpr, TypeDeclFact, TypeExpr, ValueFact } from './facts.js';
import { constMap, evalStringExpr } from './package-facts.js';
import { PLUGIN_KINDS, PLUGIN_KIND_SPECS, type PluginKindSpec } from './plugin-kinds.js';
import type { OptionalMethodFact, PluginSymbolFact, SymbolFailure } from './plugin-symbols.js';
import { PREDECLARED_TYPES, renderSignature, renderType, type AliasLookup } from './type-expr.js';

/** Well-known names of dot-imported standard packages, to resolve `Context`/`Handler` written bare. */
const DOT_IMPORT_NAMES: Record<string, string> = { Context: 'context', Handler: 'net/http' };

export interface TypeScope {
  types: Map<string, TypeDeclFact>;
  methods: Map<string, MethodFact[]>;
  aliases: AliasLookup;
}

export function typeScope(pkg: PackageFacts): TypeScope {
  const types = new Map<string, TypeDeclFact>();
  for (const t of pkg.types) if (!types.has(t.name)) types.set(t.name, t);
  const methods = new Map<string, MethodFact[]>();
  for (const m of pkg.methods) {
    let list = methods.get(m.receiver);
    if (!list) methods.set(m.receiver, (list = []));
    list.push(m);
  }
  const dotImports = [...new Set(pkg.imports.filter((i) => i.alias === '.').map((i) => i.path))];
  const aliases: AliasLookup = (name) => {
    const decl = types.get(name);
    if (decl) return decl.alias ? decl.type : undefined;
    if (PREDECLARED_TYPES.has(name) || dotImports.length === 0) return undefined;
    const known = DOT_IMPORT_NAMES[name];
    const pkgPath = known && dotImports.includes(known) ? known : dotImports.length === 1 ? dotImports[0] : undefined;
    return pkgPath ? { kind: 'named', pkg: pkgPath, name } : undefined;
  };
  return { types, methods, aliases };
}

/** Follows aliases (and, for defined types, nothing else) to the type a name denotes. */
function resolveAliases(t: TypeExpr, scope: TypeScope, depth = 0): TypeExpr {
  if (depth > 30 || t.kind !== 'named' || t.pkg !== '') return t;
  const decl = scope.types.get(t.name);
  if (decl?.alias) return resolveAliases(decl.type, scope, depth + 1);
  if (!decl && t.name === 'any') return { kind: 'interface', methods: [], embeds: [] };
  return t;
}

/** The underlying type of a local defined type (through chains of defined types). */
function underlying(t: TypeExpr, scope: TypeScope, depth = 0): TypeExpr {
  const r = resolveAliases(t, scope);
  if (depth > 30 || r.kind !== 'named' || r.pkg !== '') return r;
  const decl = scope.types.get(r.name);
  if (!decl) return r; // predeclared
  return underlying(decl.type, scope, depth + 1);
}

interface FoundMethod {
  /** Interface methods (promoted from an embedded interface) have no declaration of their own. */
  method: MethodFact | null;
  signature: string;
  name: string;
}

interface MethodSet {
  methods: Map<string, FoundMethod>;
  /** Some embedded type is from another package: its methods are unknown to kpa. */
  incomplete: boolean;
}

/**
 * The method set of *T for a named local type T: its own methods (any receiver) plus those promoted
 * from embedded fields of its underlying struct. Go's selector rules: the shallowest depth wins, and a
 * name found in two embedded fields at that depth is ambiguous, so it is not promoted at all.
 */
function methodSetOfPointer(t: TypeExpr, scope: TypeScope, seen = new Set<string>()): MethodSet {
  const { methods, incomplete } = collectMethods(t, scope, seen);
  const out: MethodSet = { methods: new Map(), incomplete };
  for (const [name, entry] of methods) if (entry.method) out.methods.set(name, entry.method);
  return out;
}

/** Methods by name with the embedding depth they were found at; `method: null` marks an ambiguous name. */
function collectMethods(t: TypeExpr, scope: TypeScope, seen: Set<string>): { methods: Map<string, { method: FoundMethod | null; depth: number }>; incomplete: boolean } {
  const own = new Map<string, { method: FoundMethod | null; depth: number }>();
  let incomplete = false;
  const r = resolveAliases(t, scope);
  if (r.kind === 'named' && r.pkg === '' && scope.types.has(r.name)) {
    if (seen.has(r.name)) return { methods: own, incomplete };
    seen.add(r.name);
    for (const m of scope.methods.get(r.name) ?? []) {
      const signature = renderSignature(m.params.map((p) => p.type), m.results.map((p) => p.type), m.variadic, scope.aliases);
      own.set(m.name, { method: { method: m, name: m.name, signature }, depth: 0 });
    }
  } else if (r.kind === 'named' && r.pkg !== '') {
    return { methods: own, incomplete: true };
  }
  const u = underlying(r, scope);
  if (u.kind !== 'struct') return { methods: own, incomplete };
  const promoted = new Map<string, { method: FoundMethod | null; depth: number }>();
  const offer = (name: string, method: FoundMethod | null, depth: number) => {
    const current = promoted.get(name);
    if (!current || depth < current.depth) promoted.set(name, { method, depth });
    else if (depth === current.depth) promoted.set(name, { method: null, depth });
  };
  for (const field of u.fields) {
    if (field.name !== null) continue;
    let e = field.type;
    if (e.kind === 'pointer') e = e.elem;
    const inner = underlying(e, scope);
    if (inner.kind === 'interface') {
      for (const line of inner.methods) {
        const name = line.slice(0, line.indexOf('('));
        offer(name, { method: null, name, signature: line.slice(name.length) }, 1);
      }
      if (inner.embeds.length) incomplete = true;
      continue;
    }
    const sub = collectMethods(e, scope, new Set(seen));
    if (sub.incomplete) incomplete = true;
    for (const [name, entry] of sub.methods) offer(name, entry.method, entry.depth + 1);
  }
  for (const [name, entry] of promoted) if (!own.has(name)) own.set(name, entry);
  return { methods: own, incomplete };
}

export function isNearMiss(candidate: string, expected: string): boolean {
  if (candidate === expected) return false;
  if (candidate.toLowerCase() === expected.toLowerCase()) return true;
  // Plain Levenshtein: a swapped pair of letters costs two edits here.
  return editDistance(candidate.toLowerCase(), expected.toLowerCase(), false) <= 2;
}

/** The variable's type, following what the syntax tells: T{}, T(x), f() with a local f, another var. */
function variableType(v: ValueFact, pkg: PackageFacts, scope: TypeScope, depth = 0): TypeExpr | null {
  if (depth > 10) return null;
  let t = v.type;
  if (!t) {
    if (v.shape === 'identifier' && v.valueText) {
      const other = pkg.values.find((o) => o.name === v.valueText && o.declKind !== 'func');
      if (other && other !== v) return variableType(other, pkg, scope, depth + 1);
    }
    return null;
  }
  if (!v.typeIsDeclared && v.shape === 'conversion-or-call' && t.kind === 'named' && t.pkg === '' && !scope.types.has(t.name)) {
    // `f(...)`: the single result of a local function; a predeclared conversion (`string(x)`) keeps its type.
    if (PREDECLARED_TYPES.has(t.name)) return t;
    const calleeName = t.name;
    const fn = pkg.values.find((o) => o.declKind === 'func' && o.name === calleeName);
    if (fn?.type?.kind === 'func' && fn.type.results.length === 1) return fn.type.results[0];
    return null;
  }
  return t;
}

export function computePluginSymbols(pkg: PackageFacts): PluginSymbolFact[] {
  const scope = typeScope(pkg);
  const consts = constMap(pkg.consts);
  const out: PluginSymbolFact[] = [];
  for (const kind of PLUGIN_KINDS) {
    const spec = PLUGIN_KIND_SPECS[kind];
    const value = pkg.values.find((v) => v.name === spec.symbol);
    const typeDecl = scope.types.get(spec.symbol);
    const excluded = pkg.excludedDeclarations.find((d) => d.name === spec.symbol);
    if (!value && !typeDecl && !excluded) continue;
    const failures: SymbolFailure[] = [];
    const fact: PluginSymbolFact = {
      kind,
      symbol: spec.symbol,
      dir: pkg.dir,
      file: value?.file ?? typeDecl?.file ?? excluded!.file,
      range: value?.nameRange ?? typeDecl?.nameRange ?? excluded!.range,
      declKind: value ? value.declKind : typeDecl ? 'type' : 'var',
      typeName: null,
      loads: null,
      failures,
      names: [],
      dynamicNames: 0,
      optional: [],
      optionalMethods: [],
      method: null,
    };
    out.push(fact);
    const fail = (f: Omit<SymbolFailure, 'file' | 'range'> & Partial<Pick<SymbolFailure, 'file' | 'range'>>) =>
      failures.push({ file: fact.file, range: fact.range, ...f });

    if (pkg.syntaxErrors.length > 0) {
      const first = pkg.syntaxErrors[0];
      fail({ code: 'syntax-error', detail: `${pkg.syntaxErrors.length} syntax error(s)`, file: first.file, range: first.range });
    }
    if (pkg.nameConflicts.length > 0) {
      const c = pkg.nameConflicts[0];
      fail({ code: 'package-name-mismatch', detail: `package ${c.name} beside package ${pkg.name}`, file: c.file, range: c.range });
    }
    if (pkg.name !== null && pkg.name !== 'main') {
      fail({ code: 'not-main', detail: `package ${pkg.name}` });
    }
    if (!value && !typeDecl && excluded) {
      fail({ code: 'build-excluded', detail: excluded.reason });
      fact.loads = false;
      continue;
    }
    if (!value || value.declKind !== 'var') {
      fail({ code: 'not-a-variable', detail: value ? value.declKind : 'type' });
      fact.loads = false;
      continue;
    }
    const t = variableType(value, pkg, scope);
    fact.typeName = t ? renderType(t, scope.aliases) : null;
    const shape = value.shape;
    const resolved = t ? resolveAliases(t, scope) : null;
    if (shape === 'address-of' || shape === 'new' || resolved?.kind === 'pointer') {
      fail({ code: 'holds-pointer', detail: value.valueText ?? fact.typeName ?? '' });
    } else if (!resolved) {
      fail({ code: 'unknown-type', detail: value.valueText ?? '' });
    } else {
      const u = underlying(resolved, scope);
      if (u.kind === 'interface') {
        fail({ code: 'interface-typed', detail: fact.typeName ?? '' });
      } else if (resolved.kind === 'named' && resolved.pkg !== '') {
        fail({ code: 'unknown-type', detail: `${fact.typeName} is declared in another package` });
      } else if (resolved.kind === 'unknown') {
        fail({ code: 'unknown-type', detail: resolved.text });
      } else {
        const set = methodSetOfPointer(resolved, scope);
        checkMethods(fact, spec, set, pkg, consts, value, fail);
      }
    }
    const decisive = failures.filter((f) => f.code !== 'unknown-type');
    fact.loads = decisive.length > 0 ? false : failures.some((f) => f.code === 'unknown-type') ? null : true;
  }
  return out;
}

function checkMethods(
  fact: PluginSymbolFact,
  spec: PluginKindSpec,
  set: MethodSet,
  pkg: PackageFacts,
  consts: Map<string, StringExpr>,
  value: ValueFact,
  fail: (f: Omit<SymbolFailure, 'file' | 'range'>) => void,
): void {
  const found = set.methods.get(spec.method);
  if (!found) {
    if (set.incomplete) fail({ code: 'unknown-type', detail: 'an embedded type from another package may provide the method' });
    else {
      const near = [...set.methods.keys()].find((n) => isNearMiss(n, spec.method));
      fail({ code: 'missing-method', detail: near ?? '', found: near });
    }
  } else {
    if (found.method) {
      fact.method = { file: found.method.file, range: found.method.range, signatureRange: found.method.signatureRange, found: found.signature };
    }
    if (found.signature !== spec.signature) {
      fail({
        code: 'wrong-signature',
        detail: found.signature,
        found: found.signature,
        methodFile: found.method?.file,
        methodRange: found.method?.nameRange,
        methodSignatureRange: found.method?.signatureRange,
      });
    }
    // Names: the registrations made inside that method.
    if (found.method) {
      const m = found.method;
      for (const reg of pkg.registrations) {
        if (reg.receiver !== m.receiver || reg.method !== m.name || reg.file !== m.file) continue;
        const name = reg.nameExpr?.kind === 'receiver' || containsReceiver(reg.nameExpr)
          ? evalStringExpr(reg.nameExpr, consts, value.initString)
          : reg.name;
        if (name === null) fact.dynamicNames++;
        else if (!fact.names.includes(name)) fact.names.push(name);
      }
    }
  }
  for (const opt of spec.optional) {
    const m = set.methods.get(opt.name);
    const near = m ? null : [...set.methods.values()].find((x) => isNearMiss(x.name, opt.name) && !set.methods.has(opt.name));
    const target = m ?? near;
    if (!target || !target.method) continue;
    const record: OptionalMethodFact = {
      name: target.name,
      matches: target.name === opt.name && target.signature === opt.signature,
      found: target.signature,
      file: target.method.file,
      range: target.method.nameRange,
      signatureRange: target.method.signatureRange,
    };
    fact.optionalMethods.push(record);
    if (record.matches) fact.optional.push(opt.name);
  }
  // Only the modifier (and Enterprise middleware) loaders assert ContextRegisterer (spec §1.4).
  const ctxMethod = set.methods.get('RegisterContext');
  if (ctxMethod?.method && !spec.optional.some((o) => o.name === 'RegisterContext')) {
    fact.optionalMethods.push({
      name: 'RegisterContext',
      notCalledForKind: true,
      matches: false,
      found: ctxMethod.signature,
      file: ctxMethod.method.file,
      range: ctxMethod.method.nameRange,
      signatureRange: ctxMethod.method.signatureRange,
    });
  }
}

function containsReceiver(e: StringExpr | null): boolean {
  if (!e) return false;
  if (e.kind === 'receiver') return true;
  if (e.kind === 'concat') return e.parts.some(containsReceiver);
  return false;
}
