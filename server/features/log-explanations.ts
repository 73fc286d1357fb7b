/**
 * `kpa explain-error` in the editor: an open document that reads as a KrakenD log gets a diagnostic on each
 * distinct plugin failure (code = the cause id), a hover with the explanation and the fix, and — where the fix
 * is an edit to the workspace's go.mod — a quick fix (the diagnostic carries it, so code-actions.ts serves it).
 *
 * A log is recognised by its kind and its content: languageId `log` or `plaintext`, or a `.log`/`.txt` file,
 * holding a KrakenD marker (`KRAKEND`, `plugin.Open("`, `[SERVICE: `, …) in its first megabyte. Other
 * text documents are left alone: precision before recall.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import type { AnalysisResult } from '../../analyzers/engine.js';
import { explainLog, type ExplainLogReport, type LogTarget } from '../../analyzers/explain-log/explain-log.js';
import type { ExplainedFailure } from '../../analyzers/explain-log/explain-failure.js';
import type { AnalysisSession } from '../../analyzers/session.js';
import type { Target } from '../../analyzers/target.js';
import { escapeControlCharacters } from '../../host/display-text.js';
import type { FeatureContext } from '../context.js';
import type { DocumentStore, OpenDocument } from '../document-sync.js';

/** The page the log diagnostics link to (their code is a cause id, not a rule). */
export const EXPLAIN_ERROR_DOCS = 'https://github.com/kpa-dev/kpa/blob/main/docs/explain-error.md';

const LOG_LANGUAGES = new Set(['log', 'plaintext']);
const KRAKEND_MARKER = /KRAKEND|KrakenD|plugin\.Open\("|\[SERVICE: |\[PLUGIN: |plugin loader/;
const SNIFF_BYTES = 1 << 20;

export function isKrakendLog(doc: Pick<OpenDocument, 'languageId' | 'path'>, text: string): boolean {
  const byKind = LOG_LANGUAGES.has(doc.languageId) || /\.(log|txt)$/i.test(doc.path ?? '');
  return byKind && KRAKEND_MARKER.test(text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text);
}

export interface LogSettings {
  /** The target settings chose (.kpa.json or the editor's kpa.krakendVersion); null: the log's own release decides. */
  chosen: Target | null;
  flavour?: string;
  arch?: string;
}

interface Explained {
  text: string;
  facts: object;
  chosen: Target | null;
  report: ExplainLogReport;
  findings: Diagnostic[];
}

/** The explanations of the open logs, kept until their text, the workspace's facts or the target change. */
export class LogExplanations {
  private readonly byPath = new Map<string, Explained>();

  /** Findings for every open KrakenD log (the server publishes them beside the engine's). */
  findings(documents: DocumentStore, session: AnalysisSession, result: AnalysisResult, settings: LogSettings): Diagnostic[] {
    const all: Diagnostic[] = [];
    const open = new Set<string>();
    for (const doc of documents.all()) {
      if (!doc.path) continue;
      const text = session.text(doc.path);
      if (text === null || !isKrakendLog(doc, text)) continue;
      open.add(doc.path);
      all.push(...this.explain(doc.path, text, result, settings).findings);
    }
    for (const path of this.byPath.keys()) if (!open.has(path)) this.byPath.delete(path);
    return all;
  }

  private explain(path: string, text: string, result: AnalysisResult, settings: LogSettings): Explained {
    const kept = this.byPath.get(path);
    if (kept && kept.text === text && kept.facts === result.facts && kept.chosen === settings.chosen) return kept;
    const chosen: LogTarget | null = settings.chosen ? { target: settings.chosen, source: 'settings', note: null } : null;
    const report = explainLog(text, { chosen, flavour: settings.flavour, arch: settings.arch, facts: result.facts, diagnostics: result.diagnostics });
    const explained = { text, facts: result.facts, chosen: settings.chosen, report, findings: report.errors.map((e) => toFinding(path, e)) };
    this.byPath.set(path, explained);
    return explained;
  }

  /** Hover on a failure's line: its cause, what it means and what to do. */
  hover(params: HoverParams, ctx: FeatureContext): Hover | null {
    const path = ctx.documents.pathOf(params.textDocument.uri);
    const explained = path ? this.byPath.get(path) : undefined;
    if (!explained) return null;
    const line = params.position.line + 1;
    const failure = explained.report.errors.find((e) => e.line === line || e.repeatLines.includes(line));
    if (!failure) return null;
    const repeat = failure.line !== line;
    const { target, note } = explained.report.target;
    const value = [
      `**${failure.cause}**${failure.subject ? ` · \`${escapeControlCharacters(failure.subject)}\`` : ''}${failure.repeats > 1 ? ` · ${failure.repeats}× in this log` : ''}`,
      '',
      escapeControlCharacters(failure.explanation),
      '',
      `**Fix:** ${escapeControlCharacters(failure.fix)}`,
      '',
      `_Judged against KrakenD ${target.manifest.krakend} (${target.spec.flavour}, ${target.spec.arch}).${note ? ` ${escapeControlCharacters(note)}` : ''}_`,
    ].join('\n');
    const lineText = ctx.session.text(path!)?.split(/\r?\n|\r/)[line - 1] ?? '';
    const range = repeat ? { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: lineText.length } } : rangeOf(failure);
    return { contents: { kind: MarkupKind.Markdown, value: repeat ? `_The same failure as line ${failure.line}._\n\n${value}` : value }, range };
  }
}

function rangeOf(e: ExplainedFailure) {
  return { start: { line: e.line - 1, character: e.start }, end: { line: e.line - 1, character: e.end } };
}

function toFinding(path: string, e: ExplainedFailure): Diagnostic {
  return {
    rule: e.cause,
    // A missing symbol is what every plugin of another kind logs: worth knowing, not an error.
    severity: e.cause === 'symbol-missing' ? 'note' : 'error',
    message: escapeControlCharacters(`${e.explanation} Fix: ${e.fix}`),
    file: path,
    range: rangeOf(e),
    fixes: e.fixes,
    related: e.repeatLines.slice(0, 20).map((line) => ({ file: path, range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } }, message: 'the same failure, logged again' })),
    data: { docsUrl: EXPLAIN_ERROR_DOCS, subject: e.subject, repeats: e.repeats },
  };
}
