/**
 * What every reporter receives. Reporters are pure functions (report, options) → string: they never
 * read files or check the terminal; the lint command gathers texts, colour and paths for them.
 */
import type { Diagnostic, Severity } from '../../analyzers/diagnostics.js';
import type { Rule } from '../../analyzers/rules/define-rule.js';
import type { SuppressedDiagnostic } from '../../analyzers/suppressions.js';
import { relativePath } from '../../analyzers/workspace.js';

export interface LintReport {
  /** Findings after suppressions and ignore globs, sorted. */
  diagnostics: readonly Diagnostic[];
  suppressed: readonly SuppressedDiagnostic[];
  /** Every rule kpa knows (SARIF rules[] and JSON ruleName/docs come from their meta). */
  rules: readonly Rule[];
  /** Number of files analysed (for the summary). */
  fileCount: number;
  /** The resolved target, when there is one. */
  target: { krakend: string; flavour: string; arch: string; go: string } | null;
}

export interface ReporterOptions {
  /** Absolute cwd, '/' separators: text and JSON paths are relative to it. */
  cwd: string;
  /** Text of a file, for columns and fingerprints; undefined when it is not text. */
  readText(file: string): string | undefined;
  toolVersion: string;
  /** Text reporter only: ANSI colours. */
  colour?: boolean;
  /** Text reporter only: the exit-code threshold; with `quiet`, only findings at or above it are printed. */
  threshold?: Severity;
  quiet?: boolean;
  /**
   * Text reporter only: leave out `note` findings, which cannot change whether a plugin loads, and end with a
   * line saying how many were left out and that `--notes` shows them (kpa lint's default). JSON and SARIF
   * always keep every note.
   */
  hideNotes?: boolean;
  /** SARIF only: %SRCROOT%, the repository root (absolute, '/' separators). Defaults to cwd. */
  srcRoot?: string;
  /** SARIF only: rule id → markdown of docs/rules/<id>.md (help.markdown). */
  ruleDoc?(id: string): string | undefined;
  /** SARIF only: runAutomationDetails.id; `category/` form. */
  automationId?: string;
}

export type Reporter = (report: LintReport, options: ReporterOptions) => string;

export function displayPath(cwd: string, file: string): string {
  return relativePath(cwd, file);
}

export interface SeverityCounts {
  error: number;
  warning: number;
  note: number;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, note: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
