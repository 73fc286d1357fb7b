/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=KPA101::message`
 * line per finding, which the runner turns into an annotation on the pull request without code scanning.
 * Escaping follows the runner (actions/toolkit command.ts): in the message `%`, `\r`, `\n` become `%25`,
 * `%0D`, `%0A`; in a property also `:` and `,` (`%3A`, `%2C`), which would end the property. Notes are
 * `::notice`. Paths are relative to the repository root (GITHUB_WORKSPACE after actions/checkout); lines
 * 1-based, columns 1-based UTF-16 code units.
 */
import type { Diagnostic, Severity } from '../../analyzers/diagnostics.js';
import { escapeControlCharactersKeepingLayout } from '../../host/display-text.js';
import type { Reporter } from './report.js';
import { repositoryPath } from './repository-path.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

export const formatGithub: Reporter = (report, options) => {
  const line = (d: Diagnostic) => {
    const properties: [string, string | number][] = [
      ['file', repositoryPath(options, d.file)],
      ['line', d.range.start.line + 1],
      ['endLine', d.range.end.line + 1],
      ['col', d.range.start.character + 1],
      ['endColumn', d.range.end.character + 1],
      ['title', d.rule],
    ];
    const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
    // Other control characters are shown visibly, as in every human-facing output; line breaks are the escaping's.
    const message = d.message
      .split(/([\r\n])/)
      .map((part) => (part === '\r' || part === '\n' ? part : escapeControlCharactersKeepingLayout(part)))
      .join('');
    return `::${COMMAND[d.severity]} ${props}::${escapeData(message)}\n`;
  };
  return report.diagnostics.map(line).join('');
};

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
