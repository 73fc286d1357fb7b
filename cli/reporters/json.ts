/**
 * Machine output, one JSON object on stdout. The shape is versioned (`schemaVersion`), described in
 * docs/json-format.md and pinned by docs/schemas/lint-result-v1.schema.json; a test validates real
 * output against it. Add fields freely; renaming or removing one needs schemaVersion 2.
 */
import type { Diagnostic, Range } from '../../analyzers/diagnostics.js';
import { ruleDocsUrl } from '../../analyzers/rules/define-rule.js';
import { LineIndexCache } from './locations.js';
import { countSeverities, displayPath, type Reporter } from './report.js';

export const JSON_SCHEMA_VERSION = 1;

export const formatJson: Reporter = (report, options) => {
  const positions = new LineIndexCache(options.readText);
  const path = (file: string) => displayPath(options.cwd, file);
  const span = (file: string, range: Range) => {
    const start = positions.textLocation(file, range.start);
    const end = positions.textLocation(file, range.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, range };
  };
  const ruleName = new Map(report.rules.map((r) => [r.id, r.name]));

  const diagnostic = (d: Diagnostic) => ({
    rule: d.rule,
    ruleName: ruleName.get(d.rule) ?? null,
    severity: d.severity,
    message: d.message,
    file: path(d.file),
    ...span(d.file, d.range),
    docs: ruleDocsUrl(d.rule),
    fixes: (d.fixes ?? []).map((f) => ({
      title: f.title,
      ...(f.command ? { command: f.command } : {}),
      edits: f.edits.map((e) => ({ file: path(e.file), range: e.range, newText: e.newText })),
    })),
    related: (d.related ?? []).map((r) => ({ file: path(r.file), ...span(r.file, r.range), message: r.message })),
    data: d.data ?? {},
  });

  const counts = countSeverities(report.diagnostics);
  const out = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'kpa', version: options.toolVersion },
    target: report.target,
    summary: {
      problems: report.diagnostics.length,
      errors: counts.error,
      warnings: counts.warning,
      notes: counts.note,
      suppressed: report.suppressed.length,
      files: report.fileCount,
    },
    diagnostics: report.diagnostics.map(diagnostic),
    suppressed: report.suppressed.map(({ diagnostic: d, suppression: s }) => ({
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      file: path(d.file),
      ...span(d.file, d.range),
      reason: s.reason,
      comment: { file: path(s.file), ...span(s.file, s.range) },
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
};
