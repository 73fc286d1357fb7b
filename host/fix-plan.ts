/**
 * Which fixes one pass of `kpa lint --fix` applies, and the texts they give (pure: texts in, texts out).
 * A finding's fix is applied only when it is the finding's one fix made of edits: alternatives are a person's
 * choice (the editor offers them). All edits of a fix or none: a fix whose edits touch an edit already taken
 * in this pass waits for the next pass, which re-runs the lint on the new texts (as ESLint's passes do). A fix
 * that is only a command (`go get`) is listed, never run.
 */
import type { Diagnostic, Fix, TextEdit } from '../analyzers/diagnostics.js';
import { LineIndex } from '../analyzers/positions.js';

export interface ChosenFix {
  diagnostic: Diagnostic;
  fix: Fix;
}

export interface FixPlan {
  /** File → its new text, only files whose text changes. */
  texts: Map<string, string>;
  /** Fixes whose edits are in `texts`. */
  applied: ChosenFix[];
  /** Fixes that touch an applied fix's edits: the next pass sees them again, on the new text. */
  deferred: ChosenFix[];
  /** Fixes that are only a command: listed for the user to run. */
  commandOnly: ChosenFix[];
  /** Findings offering several fixes: one is picked by a person (quick fixes in the editor). */
  alternatives: Diagnostic[];
  /** Fixes left out: an edit in a file kpa has no text of, an edit over another of the same fix, or an edit already applied once in an earlier pass without resolving its finding. */
  unusable: ChosenFix[];
}

interface Span {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/**
 * Chooses this pass's fixes and applies them to the texts. `alreadyApplied` holds the keys (fixKey) of fixes an
 * earlier pass applied: one seen again did not resolve its finding, and is not applied twice.
 */
export function planFixes(diagnostics: readonly Diagnostic[], readText: (file: string) => string | undefined, alreadyApplied: ReadonlySet<string> = new Set()): FixPlan {
  const plan: FixPlan = { texts: new Map(), applied: [], deferred: [], commandOnly: [], alternatives: [], unusable: [] };
  const indexes = new Map<string, LineIndex | null>();
  const indexOf = (file: string) => {
    if (!indexes.has(file)) {
      const text = readText(file);
      indexes.set(file, text === undefined ? null : new LineIndex(text));
    }
    return indexes.get(file)!;
  };
  const taken = new Map<string, Span[]>();
  const seen = new Set<string>();

  for (const diagnostic of diagnostics) {
    const fixes = diagnostic.fixes ?? [];
    const editing = fixes.filter((f) => f.edits.length > 0);
    if (editing.length > 1) {
      plan.alternatives.push(diagnostic);
      continue;
    }
    if (editing.length === 0) {
      for (const fix of fixes) if (fix.command) plan.commandOnly.push({ diagnostic, fix });
      continue;
    }
    const fix = editing[0];
    const key = fixKey(fix);
    if (seen.has(key)) continue; // the same fix offered by two findings
    seen.add(key);
    const chosen = { diagnostic, fix };
    const spans = toSpans(fix.edits, indexOf);
    if (!spans || alreadyApplied.has(key)) {
      plan.unusable.push(chosen);
      continue;
    }
    if (spans.some((s) => (taken.get(s.file) ?? []).some((t) => touches(s, t)))) {
      plan.deferred.push(chosen);
      continue;
    }
    for (const s of spans) (taken.get(s.file) ?? taken.set(s.file, []).get(s.file)!).push(s);
    plan.applied.push(chosen);
  }

  for (const [file, spans] of taken) {
    const before = indexOf(file)!.text;
    const eol = lineEnding(before);
    let after = before;
    // From the end, so earlier offsets stay valid.
    for (const s of [...spans].sort((a, b) => b.start - a.start)) after = after.slice(0, s.start) + inLineEnding(s.newText, eol) + after.slice(s.end);
    if (after !== before) plan.texts.set(file, after);
  }
  return plan;
}

/** What identifies a fix across passes: its edits, not its title or finding. */
export function fixKey(fix: Fix): string {
  return JSON.stringify(fix.edits.map((e) => [e.file, e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]));
}

/** A fix's edits as offsets; null when a file has no text or two of its edits touch each other. */
function toSpans(edits: readonly TextEdit[], indexOf: (file: string) => LineIndex | null): Span[] | null {
  const spans: Span[] = [];
  for (const e of edits) {
    const index = indexOf(e.file);
    if (!index) return null;
    const start = index.positionToOffset(e.range.start);
    const end = index.positionToOffset(e.range.end);
    if (end < start) return null;
    const span = { file: e.file, start, end, newText: e.newText };
    if (spans.some((s) => touches(s, span))) return null;
    spans.push(span);
  }
  return spans;
}

/** Overlapping or adjacent, as ESLint counts a conflict: two insertions at one offset have no order. */
function touches(a: Span, b: Span): boolean {
  return a.file === b.file && a.start <= b.end && b.start <= a.end;
}

/** The file's line ending: CRLF when most of its line breaks are, else LF. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const all = text.split('\n').length - 1;
  const crlf = text.split('\r\n').length - 1;
  return all > 0 && crlf * 2 > all ? '\r\n' : '\n';
}

function inLineEnding(newText: string, eol: '\r\n' | '\n'): string {
  return eol === '\r\n' ? newText.replace(/\r?\n/g, '\r\n') : newText;
}
