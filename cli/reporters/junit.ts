/**
 * JUnit XML, which Jenkins, GitLab, Azure Pipelines and most CI systems show as test results: a `<testsuite>`
 * per file with findings, a `<testcase>` per finding. A finding at or above --severity is a `<failure>` (type:
 * its severity); one below it is a passing test case whose message is in `<system-out>`, so it shows without
 * failing the build. A clean run is one passing test case, since several CI systems reject a report with no
 * tests. Paths are relative to the directory kpa ran in, lines and columns as in the text report.
 */
import { atLeast, type Diagnostic } from '../../analyzers/diagnostics.js';
import { LineIndexCache } from './locations.js';
import { displayPath, type Reporter } from './report.js';
import { xmlText } from './xml.js';

export const formatJunit: Reporter = (report, options) => {
  const positions = new LineIndexCache(options.readText);
  const threshold = options.threshold ?? 'error';
  const fails = (d: Diagnostic) => atLeast(d.severity, threshold);
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(d);

  const failures = report.diagnostics.filter(fails).length;
  const tests = Math.max(1, report.diagnostics.length);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kpa" tests="${tests}" failures="${failures}" errors="0">`];
  if (byFile.size === 0) {
    out.push(`  <testsuite name="kpa" tests="1" failures="0" errors="0">`);
    out.push(`    <testcase name="no problems in ${report.fileCount} files" classname="kpa"/>`);
    out.push('  </testsuite>');
  }
  for (const [file, diagnostics] of byFile) {
    const path = xmlText(displayPath(options.cwd, file));
    out.push(`  <testsuite name="${path}" tests="${diagnostics.length}" failures="${diagnostics.filter(fails).length}" errors="0">`);
    for (const d of diagnostics) {
      const { line, column } = positions.textLocation(d.file, d.range.start);
      const name = xmlText(`${d.rule} ${path}:${line}:${column}`);
      const message = xmlText(d.message);
      out.push(`    <testcase name="${name}" classname="${path}" file="${path}" line="${line}">`);
      if (fails(d)) out.push(`      <failure message="${message}" type="${d.severity}">${xmlText(`${d.severity} ${d.rule} at ${displayPath(options.cwd, file)}:${line}:${column}: ${d.message}`)}</failure>`);
      else out.push(`      <system-out>${xmlText(`${d.severity} ${d.rule} at ${displayPath(options.cwd, file)}:${line}:${column}: ${d.message}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
};
