/**
 * Facts about Go packages, extracted once from tree-sitter trees (analyzers/go/file-facts.ts) and merged
 * per package (analyzers/go/package-facts.ts). Plain data: structured-clone-able, no tree nodes.
 * Every item carries its absolute `file` and 0-based UTF-16 `range`.
 */
import type { Range } from '../diagnostics.js';

/**
 * A Go type as written, with package qualifiers resolved to import paths.
 * `named.pkg` is '' for identifiers declared in (or predeclared for) the package itself.
 */
export type TypeExpr =
  | { kind: 'named'; pkg: string; name: string; args?: TypeExpr[] }
  | { kind: 'pointer'; elem: TypeExpr }
  | { kind: 'slice'; elem: TypeExpr }
  | { kind: 'array'; len: string; elem: TypeExpr }
  | { kind: 'map'; key: TypeExpr; value: TypeExpr }
  | { kind: 'chan'; dir: 'both' | 'send' | 'recv'; elem: TypeExpr }
  | { kind: 'func'; params: TypeExpr[]; results: TypeExpr[]; variadic: boolean }
  /** `methods` are canonical method lines (`Name(params) results`), `embeds` embedded interfaces/unions. */
  | { kind: 'interface'; methods: string[]; embeds: TypeExpr[] }
  | { kind: 'struct'; fields: StructField[] }
  | { kind: 'unknown'; text: string };

export interface StructField {
  name: string | null; // null = embedded
  type: TypeExpr;
}

export interface ImportFact {
  path: string;
  /** Explicit name: an alias, '.' or '_'; null when the import has none. */
  alias: string | null;
  file: string;
  range: Range;
}

export interface TypeDeclFact {
  name: string;
  /** `type A = B`: transparent. */
  alias: boolean;
  typeParams: string[];
  type: TypeExpr;
  file: string;
  range: Range;
  nameRange: Range;
}

export interface ParamFact {
  name: string | null;
  type: TypeExpr;
}

export interface MethodFact {
  /** Receiver base type name, without `*` and type arguments. */
  receiver: string;
  pointerReceiver: boolean;
  name: string;
  params: ParamFact[];
  results: ParamFact[];
  variadic: boolean;
  file: string;
  range: Range;
  nameRange: Range;
  /** From the opening '(' of the parameters to the end of the results: what a signature fix replaces. */
  signatureRange: Range;
  /** What the method does with its `map[string]interface{}` parameter, when it has one (a plugin factory may be a method). */
  settings?: SettingsReadsFact;
}

export type ValueShape =
  | 'none' // var X T
  | 'composite' // T{...}
  | 'address-of' // &T{...} / &x
  | 'new' // new(T)
  | 'conversion-or-call' // T(x), f(x)
  | 'literal' // "x", 1
  | 'identifier' // other
  | 'func-literal'
  | 'other';

export interface ValueFact {
  name: string;
  declKind: 'var' | 'const' | 'func';
  /** Declared type, or the type inferred from the initialiser where kpa can tell. */
  type: TypeExpr | null;
  typeIsDeclared: boolean;
  shape: ValueShape;
  /** Source text of the initialiser (trimmed to 200 chars). */
  valueText: string | null;
  file: string;
  range: Range;
  nameRange: Range;
  /** Range of the initialiser expression, when there is one. */
  valueRange: Range | null;
  /** For `T(expr)` / a string literal initialiser: expr as a static string, for receiver-named registrations. */
  initString: StringExpr | null;
  /** For `f(...)` / `T(...)` initialisers: the called name, to infer the type from a local func's result. */
  callee: string | null;
  /** Functions only: what the function does with its `map[string]interface{}` parameter, when it has one. */
  settings?: SettingsReadsFact;
}

/**
 * A string expression kpa can evaluate statically: literals, constant/variable references and `+`;
 * `receiver` is the method's receiver converted to string (`f(string(r), …)` with
 * `var HandlerRegisterer = registerer("name")`), resolved against the symbol's initialiser.
 */
export type StringExpr =
  | { kind: 'lit'; value: string }
  | { kind: 'ref'; name: string }
  | { kind: 'concat'; parts: StringExpr[] }
  | { kind: 'receiver' };

/**
 * What a function does with its settings map: the first `map[string]interface{}` (or `map[string]any`)
 * parameter, which is how KrakenD hands a plugin factory the whole namespace object (spec §2). Read without
 * type checking: every use of the parameter's name in the body is one of the forms below, or `opaque`.
 */
export interface SettingsReadsFact {
  /** Index of the parameter among the function's parameters. */
  param: number;
  /** Its name; null when it is `_` or unnamed (the function reads no setting at all). */
  name: string | null;
  /** `extra["key"]`, `extra[pluginName]`, `extra[string(r)]`: the key expressions, unevaluated, where they are read. */
  keys: { expr: StringExpr; file: string; range: Range }[];
  /** `parseConfig(extra)`, `r.parse(extra)`: the map handed on, whole, to a function of the package or a method of the receiver. */
  passes: { callee: string; method: boolean; arg: number }[];
  /**
   * The map is used in a way kpa does not follow (handed to another package, ranged over, assigned, indexed
   * with a key built at run time …), so the function may read any key.
   */
  opaque: boolean;
}

/** The factory a register call registers, as written: kpa follows it to the code that reads the settings. */
export type FactoryRef =
  /** A function literal written in the call. `settings` is null when it has no settings map parameter kpa recognises. */
  | { kind: 'literal'; settings: SettingsReadsFact | null }
  /** A package-level function, by name (`f("x", newHandler)`). */
  | { kind: 'func'; name: string }
  /** A method of the register method's receiver (`f("x", r.handler)`). */
  | { kind: 'method'; name: string }
  /** Anything else: a call's result, a variable … */
  | { kind: 'other' };

/** A call `register(name, factory, ...)` of a Register* method's function parameter. */
export interface RegistrationFact {
  /** RegisterHandlers, RegisterClients, RegisterModifiers, RegisterMiddlewares. */
  method: string;
  receiver: string;
  /** Static names (string literals, constants, concatenations of those); null when not static. */
  name: string | null;
  nameText: string;
  /** The unevaluated name expression (null when kpa cannot follow it). */
  nameExpr: StringExpr | null;
  /** The factory argument (the second one), when the call has it. */
  factory?: FactoryRef;
  /** Modifiers only: the two boolean flags, when literal. */
  appliesToRequest?: boolean | null;
  appliesToResponse?: boolean | null;
  file: string;
  range: Range;
  nameRange: Range;
}

export interface SyntaxErrorFact {
  file: string;
  range: Range;
  /**
   * 'error' for an ERROR node, 'missing' for a MISSING node (with the expected token text),
   * 'misplaced-directive' for a //go:build line after the package clause, which the compiler rejects;
   * 'invalid-build-constraint' for a header go/build refuses (its error in `text`).
   */
  kind: 'error' | 'missing' | 'misplaced-directive' | 'invalid-build-constraint';
  text: string;
}

/** A package-level const or var whose value is a static string expression. */
export interface ConstFact {
  name: string;
  expr: StringExpr;
}

/** Everything one .go file says, independent of the others (the language server caches these per buffer). */
export interface GoFileFacts {
  file: string;
  packageName: string | null;
  packageRange: Range | null;
  /** `//go:build` expression, or `// +build` lines joined as one expression. */
  buildConstraint: string | null;
  imports: ImportFact[];
  types: TypeDeclFact[];
  methods: MethodFact[];
  values: ValueFact[];
  consts: ConstFact[];
  registrations: RegistrationFact[];
  syntaxErrors: SyntaxErrorFact[];
  /** Whether the text mentions a plugin symbol or a Register… method at all (the prefilter's question). */
  mentionsPlugin: boolean;
}

export interface ExcludedFile {
  file: string;
  reason: string;
}

export interface PackageFacts {
  /** Absolute directory. */
  dir: string;
  /** Package name of the included files (the most common one when they disagree). */
  name: string | null;
  /** Included .go files (absolute), sorted. */
  files: string[];
  excluded: ExcludedFile[];
  /** False when the prefilter found no plugin mention and the package was not parsed. */
  parsed: boolean;
  fileFacts: GoFileFacts[];
  imports: ImportFact[];
  types: TypeDeclFact[];
  methods: MethodFact[];
  values: ValueFact[];
  registrations: RegistrationFact[];
  syntaxErrors: SyntaxErrorFact[];
  /** Package names that disagree with `name`, each with its file. */
  nameConflicts: { file: string; name: string; range: Range }[];
  /** Package-level declarations in files the build excludes (plugin symbol names only). */
  excludedDeclarations: { name: string; file: string; range: Range; reason: string }[];
  /** Static string constants and variables of the included files, for evaluating registered names. */
  consts: ConstFact[];
}
