/**
 * Turns `go build` output (`./main.go:12:5: undefined: x`, tab-indented continuation lines) into
 * Diagnostics on the host's files, so the CLI prints them and the editor can show them.
 */
import type { Diagnostic } from '../analyzers/diagnostics.js';
import { LineIndex } from '../analyzers/positions.js';

/** Not a kpa rule: the Go compiler's own verdict, reported under this id. */
export const GO_BUILD_RULE = 'go-build';

export interface GoErrorLocation {
  /** The directory go build ran in, as the compiler sees it (`/app/sub` in the container, the host dir locally). */
  buildCwd: string;
  /** The mount: container path prefix → host path prefix (docker only). */
  mount?: { container: string; host: string };
  /** Reads a host file for column conversion; null when it cannot. */
  readText?: (file: string) => string | null;
}

const ERROR_LINE = /^(.+?\.(?:go|s|c|h|mod)):(\d+)(?::(\d+))?: (.*)$/;

export function parseGoBuildOutput(lines: readonly string[], where: GoErrorLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  let last: Diagnostic | null = null;
  const indexes = new Map<string, LineIndex | null>();
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (last && line.startsWith('\t')) {
      last.message += '\n' + line.slice(1);
      continue;
    }
    const m = ERROR_LINE.exec(line);
    if (!m) {
      last = null;
      continue;
    }
    const file = toHostPath(m[1], where);
    const lineNo = Number(m[2]);
    const column = m[3] ? Number(m[3]) : 1;
    let index = indexes.get(file);
    if (index === undefined) {
      const text = where.readText?.(file) ?? null;
      index = text === null ? null : new LineIndex(text);
      indexes.set(file, index);
    }
    // Go counts columns in UTF-8 bytes; without the file, assume ASCII.
    const start = index ? index.textLocationToPosition(lineNo, column) : { line: Math.max(0, lineNo - 1), character: Math.max(0, column - 1) };
    const lineEnd = index ? index.lineText(start.line).length : start.character;
    last = {
      rule: GO_BUILD_RULE,
      severity: 'error',
      message: m[4],
      file,
      range: { start, end: { line: start.line, character: m[3] ? start.character : lineEnd } },
      data: { source: 'go build', line: lineNo, column },
    };
    out.push(last);
  }
  return out;
}

function joinPosix(dir: string, rel: string): string {
  const parts = dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '/';
}

function toHostPath(path: string, where: GoErrorLocation): string {
  const abs = path.startsWith('/') ? path : joinPosix(where.buildCwd, path);
  const mount = where.mount;
  if (mount && (abs === mount.container || abs.startsWith(mount.container + '/'))) {
    return mount.host + abs.slice(mount.container.length);
  }
  return abs;
}
