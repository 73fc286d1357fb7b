/**
 * The shapes every part of kpa shares: positions, ranges, diagnostics and fixes.
 * Positions are 0-based lines and UTF-16 code units (the LSP convention and the unit both tree-sitter
 * bindings report for JS strings); `analyzers/positions.ts` converts for the CLI and SARIF.
 */

export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_ORDER: Record<Severity, number> = { note: 0, warning: 1, error: 2 };

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * A range in facts read from a rendered flexible-configuration template (analyzers/config/template/): it
 * may lie in another file than the facts' own (`file`: a partial, a template of FC_TEMPLATES), and may
 * cover a whole `{{ … }}` action rather than the text itself (`inexact`: a value from the settings).
 * Rules report it as any range; toDiagnostic moves `file` onto the finding and drops fixes that would
 * edit an inexact range.
 */
export interface LocatedRange extends Range {
  file?: string;
  inexact?: boolean;
}

/** Start and end only (a LocatedRange's extra fields dropped). */
export function plainRange(range: Range): Range {
  return { start: range.start, end: range.end };
}

/** A replacement of `range` in `file` (absolute path, '/' separators) by `newText`. */
export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  /** A verb phrase: "Declare the registerer as a value". */
  title: string;
  edits: TextEdit[];
  /** A shell command that performs the fix instead of (or besides) text edits, e.g. `go get m@v`. */
  command?: string;
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  /** Stable rule id: KPA1xx Go source, KPA2xx modules, KPA3xx config, KPA4xx binaries, KPA5xx build recipes, KPA0xx input. */
  rule: string;
  severity: Severity;
  /** What is wrong, then what to do. Never contains the rule id. */
  message: string;
  /** Absolute path, '/' separators. */
  file: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedInformation[];
  /** Structured details for machines (have/want versions, symbol names). */
  data?: Record<string, unknown>;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}
