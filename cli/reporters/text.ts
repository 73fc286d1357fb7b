/**
 * Text for people: `path:line:col: severity KPA101 message`, grouped by file (a blank line between
 * files), fixes indented below, then one summary line. Columns are UTF-8 bytes, 1-based, as Go tools print.
 * Paths and messages carry workspace data, so control characters in them show as escapes (host/display-text.ts).
 * With `hideNotes` (kpa lint's default), notes are left out and a last line counts them and names `--notes`.
 */
import pc from 'picocolors';
import { atLeast, compareDiagnostics, type Diagnostic, type Severity } from '../../analyzers/diagnostics.js';
import { escapeControlCharacters as safe, escapeControlCharactersKeepingLayout as safeText } from '../../host/display-text.js';
import { LineIndexCache } from './locations.js';
import { countSeverities, displayPath, plural, type Reporter } from './report.js';

export const formatText: Reporter = (report, options) => {
  const c = pc.createColors(Boolean(options.colour));
  const threshold = options.threshold ?? 'error';
  const listed = options.quiet ? report.diagnostics.filter((d) => atLeast(d.severity, threshold)) : [...report.diagnostics];
  // Notes that --quiet already drops are not "hidden by default": only count those --notes would bring back.
  const hiddenNotes = options.hideNotes ? listed.filter((d) => d.severity === 'note').length : 0;
  const shown = (options.hideNotes ? listed.filter((d) => d.severity !== 'note') : listed).sort(compareDiagnostics);
  const positions = new LineIndexCache(options.readText);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, note: c.cyan };
  const where = (file: string, position: Diagnostic['range']['start']) => {
    const { line, column } = positions.textLocation(file, position);
    return `${safe(displayPath(options.cwd, file))}:${line}:${column}`;
  };

  const out: string[] = [];
  let previousFile: string | undefined;
  for (const d of shown) {
    if (previousFile !== undefined && d.file !== previousFile) out.push('');
    previousFile = d.file;
    out.push(`${c.bold(where(d.file, d.range.start))}: ${paint[d.severity](d.severity)} ${c.dim(d.rule)} ${safeText(d.message)}`);
    for (const fix of d.fixes ?? []) out.push(`    ${c.green('fix:')} ${safeText(fix.title)}${fix.command ? ` (${c.bold(safe(fix.command))})` : ''}`);
    for (const r of d.related ?? []) out.push(`    ${c.dim('see')} ${where(r.file, r.range.start)}: ${safeText(r.message)}`);
  }

  if (options.quiet && shown.length === 0) return '';
  if (out.length) out.push('');
  const counted = options.hideNotes ? report.diagnostics.filter((d) => d.severity !== 'note') : report.diagnostics;
  out.push(summaryLine(counted, report.fileCount, report.suppressed.length, c));
  if (hiddenNotes) out.push(c.dim(hiddenNotesLine(hiddenNotes)));
  return out.join('\n') + '\n';
};

/** The count line under the summary when notes are hidden (ESLint's "potentially fixable with --fix" line). */
export function hiddenNotesLine(n: number): string {
  return `${plural(n, 'note')} not shown: ${n === 1 ? 'it cannot' : 'they cannot'} change whether a plugin loads. Show ${n === 1 ? 'it' : 'them'} with --notes.`;
}

function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number, suppressed: number, c: ReturnType<typeof pc.createColors>): string {
  // "in 3 files" read as "found in 3 files"; say what the number is.
  const files = `${plural(fileCount, 'file')} checked`;
  const tail = suppressed ? `, ${suppressed} suppressed` : '';
  if (diagnostics.length === 0) return `${c.green('no problems')}, ${files}${tail}`;
  const counts = countSeverities(diagnostics);
  const parts = (['error', 'warning', 'note'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
  const headline = plural(diagnostics.length, 'problem');
  return `${counts.error ? c.red(c.bold(headline)) : c.yellow(c.bold(headline))} (${parts.join(', ')}), ${files}${tail}`;
}
