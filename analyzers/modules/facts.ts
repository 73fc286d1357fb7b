/**
 * Facts about a Go module: its go.mod and go.sum (filled in by analyzers/modules). Plain data; every
 * item carries its position (0-based line, UTF-16 character) so rules can point at it and fix it.
 */
import type { Position, Range } from '../diagnostics.js';
import type { DependencySource } from './module-cache.js';

export interface ModuleFacts {
  /** Absolute path of go.mod. */
  goModFile: string;
  dir: string;
  modulePath: string | null;
  /** Null when go.mod could not be read (KPA001 reports that). */
  goMod: GoModFacts | null;
  /** The go.sum beside go.mod; null when there is none or it could not be read. */
  goSum: GoSumFacts | null;
  goSumFile: string | null;
  /** go.mod / go.sum files that could not be read as text (binary junk, bad UTF-8, unreadable). */
  readErrors: { file: string; message: string }[];
  /**
   * Where the dependencies' Go sources are read to compute the plugin's link set (the module cache the host
   * found, for the target's platform); absent when the caller gave none. Not data: a read-only reader.
   */
  dependencySource?: DependencySource;
}

export type ModuleFileProblemKind =
  | 'syntax' // a go.mod line the go command would reject
  | 'unknown-directive'
  | 'invalid-version'
  | 'duplicate' // duplicate require / go.sum line
  | 'conflicting-hash' // two hashes for the same module@version
  | 'fields' // go.sum line without exactly 3 fields
  | 'bad-hash'
  | 'conflict-marker'
  | 'crlf'
  | 'control-character'
  | 'bom'; // a UTF-8 byte order mark at the start of the file

export interface ModuleFileProblem {
  file: string;
  range: Range;
  kind: ModuleFileProblemKind;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface RequireFact {
  path: string;
  version: string;
  indirect: boolean;
  /** Whether the line sits in a `require ( … )` block. */
  inBlock: boolean;
  range: Range;
  pathRange: Range;
  versionRange: Range;
}

export interface ReplaceFact {
  from: string;
  fromVersion: string | null;
  to: string;
  /** Null for a local directory replacement (`=> ../fork`). */
  toVersion: string | null;
  inBlock: boolean;
  range: Range;
}

export interface ExcludeFact {
  path: string;
  version: string;
  range: Range;
}

export interface RetractFact {
  low: string;
  high: string;
  range: Range;
}

export interface GoModFacts {
  file: string;
  module: { path: string; range: Range } | null;
  go: { version: string; range: Range; versionRange: Range } | null;
  toolchain: { name: string; range: Range; nameRange: Range } | null;
  requires: RequireFact[];
  replaces: ReplaceFact[];
  excludes: ExcludeFact[];
  retracts: RetractFact[];
  problems: ModuleFileProblem[];
  /** Line count and the line ending the file uses, so fixes can add lines in its style. */
  lineCount: number;
  eol: '\n' | '\r\n';
  /** Position just past the last character: where fixes append lines. */
  end: Position;
  /** Position of the last `)` of the last require / replace block, for fixes that add lines. */
  requireBlockEnd: Range | null;
  replaceBlockEnd: Range | null;
}

/** One well-formed go.sum line: `<path> <version>[/go.mod] <hash>`. */
export interface SumEntry {
  path: string;
  version: string;
  /** The `/go.mod` form (only the go.mod file of that version was hashed). */
  goMod: boolean;
  /** 0-based line. */
  line: number;
  /** UTF-16 column where the version starts; the path starts at column 0. */
  versionColumn: number;
}

export interface GoSumFacts {
  file: string;
  lineCount: number;
  entries: SumEntry[];
  problems: ModuleFileProblem[];
}

export function sumEntryRange(entry: SumEntry): Range {
  return {
    start: { line: entry.line, character: 0 },
    end: { line: entry.line, character: entry.versionColumn + entry.version.length + (entry.goMod ? 7 : 0) },
  };
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
