/**
 * For every plugin symbol a package declares: would KrakenD's loader accept it (plugin.Open → Lookup →
 * type assertion), which names it registers and which optional methods KrakenD will call.
 */
import type { Range } from '../diagnostics.js';
import type { PluginKind } from './plugin-kinds.js';

export type SymbolFailureCode =
  | 'not-main' // package is not main: -buildmode=plugin refuses it
  | 'not-a-variable' // func / const / type named like the symbol
  | 'holds-pointer' // var X = &T{} / new(T) / var X *T
  | 'interface-typed' // var X SomeInterface
  | 'missing-method' // the type has no Register… method at all
  | 'wrong-signature' // it has one, with the wrong signature
  | 'unknown-type' // kpa cannot tell the variable's type (not an error; loads is then null)
  | 'build-excluded' // only declared in files the build constraints exclude
  | 'syntax-error' // the package has syntax errors: it does not build
  | 'package-name-mismatch'; // files of the directory declare different packages: it does not build

export interface SymbolFailure {
  code: SymbolFailureCode;
  /** Human detail, e.g. the signature found. */
  detail: string;
  file: string;
  range: Range;
  /** For wrong-signature: the method declaration. */
  methodFile?: string;
  methodRange?: Range;
  methodSignatureRange?: Range;
  found?: string;
}

export interface OptionalMethodFact {
  name: string;
  /** KrakenD's loader for this kind never calls the method at all (RegisterContext on server/client). */
  notCalledForKind?: boolean;
  /** True when the signature matches exactly, so KrakenD calls it. */
  matches: boolean;
  found: string;
  file: string;
  range: Range;
  signatureRange: Range;
}

export interface PluginSymbolFact {
  kind: PluginKind;
  symbol: string;
  dir: string;
  file: string;
  /** Range of the declared name. */
  range: Range;
  declKind: 'var' | 'const' | 'func' | 'type';
  /** The variable's type as kpa resolved it (canonical string), when known. */
  typeName: string | null;
  /** true = loads, false = the loader rejects it; null = kpa cannot decide statically. */
  loads: boolean | null;
  failures: SymbolFailure[];
  /** Static names registered by the symbol's Register… method. */
  names: string[];
  /** Registrations whose name kpa could not evaluate. */
  dynamicNames: number;
  /** Optional methods whose signature matches (KrakenD calls them). */
  optional: string[];
  /** Optional methods found, matching or not (near-misses are never called). */
  optionalMethods: OptionalMethodFact[];
  /** The receiver type's Register… method, when found. */
  method: { file: string; range: Range; signatureRange: Range; found: string } | null;
}
