/**
 * Checkstyle XML, which Jenkins (Warnings Next Generation), reviewdog and many CI dashboards read: one `<file>`
 * per file with findings, one `<error>` per finding with its 1-based line and column (UTF-8 bytes, as the text
 * report prints them), severity (`error`, `warning`, `info` for notes), message and `source` (`kpa.KPA101`).
 * Paths are relative to the directory kpa ran in, as in the text report.
 */
import type { Diagnostic, Severity } from '../../analyzers/diagnostics.js';
import { LineIndexCache } from './locations.js';
import { displayPath, type Reporter } from './report.js';
import { xmlText } from './xml.js';

const SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'info' };

export const formatCheckstyle: Reporter = (report, options) => {
  const positions = new LineIndexCache(options.readText);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(d);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, diagnostics] of byFile) {
    out.push(`  <file name="${xmlText(displayPath(options.cwd, file))}">`);
    for (const d of diagnostics) {
      const { line, column } = positions.textLocation(d.file, d.range.start);
      out.push(`    <error line="${line}" column="${column}" severity="${SEVERITY[d.severity]}" message="${xmlText(d.message)}" source="kpa.${xmlText(d.rule)}"/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
};
