/**
 * `kpa explain-error`'s two outputs. JSON is the contract of docs/explain-error.md, pinned by
 * docs/schemas/explain-error-v1.schema.json: add fields freely; renaming or removing one needs schemaVersion 2.
 * Text shows log lines, plugin paths and names through escapeControlCharacters: a log is untrusted data.
 */
import type { ExplainLogReport } from '../../analyzers/explain-log/explain-log.js';
import { escapeControlCharacters as safe } from '../../host/display-text.js';

export const EXPLAIN_ERROR_SCHEMA_VERSION = 1;

export function formatExplainErrorJson(report: ExplainLogReport): string {
  const { target, source, note } = report.target;
  const json = {
    schemaVersion: EXPLAIN_ERROR_SCHEMA_VERSION,
    target: { krakend: target.manifest.krakend, flavour: target.spec.flavour, arch: target.spec.arch, go: target.manifest.go, source, note },
    errors: report.errors.map((e) => ({
      line: e.line,
      text: e.text,
      plugin: e.plugin,
      cause: e.cause,
      subject: e.subject,
      explanation: e.explanation,
      fix: e.fix,
      repeats: e.repeats,
    })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** `name` is how the input is shown (a file name, `stdin`, `text`). */
export function formatExplainErrorText(report: ExplainLogReport, name: string): string {
  const { target, note } = report.target;
  const out: string[] = [`Target: KrakenD ${target.manifest.krakend} (${target.spec.flavour}, ${target.spec.arch}, Go ${target.manifest.go})${note ? `. ${safe(note)}` : ''}`, ''];
  for (const e of report.errors) {
    const times = e.repeats > 1 ? ` (${e.repeats}×)` : '';
    out.push(`${safe(name)}:${e.line}: ${e.cause}${e.subject ? ` · ${safe(e.subject)}` : ''}${times}`);
    out.push(`  ${safe(e.text)}`);
    out.push(`  Why: ${safe(e.explanation)}`);
    out.push(`  Fix: ${safe(e.fix)}`, '');
  }
  const n = report.errors.length;
  if (n === 0) {
    out.push(`No plugin failure in ${safe(name)} (${report.lines} line${report.lines === 1 ? '' : 's'} read). KrakenD 2.x logs plugin load errors at DEBUG only: set "level": "DEBUG" in telemetry/logging to see them (ce#788).`);
  } else out.push(`${n} plugin failure${n === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
