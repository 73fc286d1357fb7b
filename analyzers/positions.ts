/**
 * kpa's one place for position arithmetic (gopls' protocol.Mapper). Engine code keeps 0-based
 * line/UTF-16 positions; the CLI wants 1-based line and 1-based UTF-8 byte columns (as `go vet` prints),
 * SARIF wants 1-based lines and UTF-16 columns (we declare `columnKind: utf16CodeUnits`).
 */
import type { Position, Range } from './diagnostics.js';

/**
 * The same as `new LineIndex(text).positionToOffset(position)` without building the line table: an editor's
 * change is one lookup in a text that changes every keystroke, where the table costs a scan of every char.
 */
export function positionToOffsetIn(text: string, position: Position): number {
  if (text.indexOf('\r') >= 0) return new LineIndex(text).positionToOffset(position);
  if (position.line < 0) return 0;
  let start = 0;
  for (let line = 0; line < position.line; line++) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) return text.length;
    start = newline + 1;
  }
  const newline = text.indexOf('\n', start);
  const lineEnd = newline < 0 ? text.length : newline;
  return Math.min(start + Math.max(0, position.character), lineEnd);
}

export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** UTF-16 offset → 0-based line/character. Offsets past the end clamp to the end. */
  offsetToPosition(offset: number): Position {
    const starts = this.lineStarts();
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  /** 0-based line/character → UTF-16 offset, clamped to the line's end. */
  positionToOffset(position: Position): number {
    const starts = this.lineStarts();
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line];
    const end = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    let lineEnd = end;
    while (lineEnd > start && (this.text.charCodeAt(lineEnd - 1) === 10 || this.text.charCodeAt(lineEnd - 1) === 13)) lineEnd--;
    return Math.min(start + Math.max(0, position.character), lineEnd);
  }

  offsetsToRange(start: number, end: number): Range {
    return { start: this.offsetToPosition(start), end: this.offsetToPosition(end) };
  }

  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 0 || line >= starts.length) return '';
    const start = starts[line];
    const end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  /** 1-based line and 1-based UTF-8 byte column, as Go tools print `file:line:col`. */
  positionToTextLocation(position: Position): { line: number; column: number } {
    const prefix = this.lineText(position.line).slice(0, position.character);
    return { line: position.line + 1, column: Buffer.byteLength(prefix, 'utf8') + 1 };
  }

  /** The inverse: a Go tool's 1-based line and 1-based UTF-8 byte column → 0-based line/UTF-16 position. */
  textLocationToPosition(line: number, column: number): Position {
    const text = this.lineText(line - 1);
    let bytes = 0;
    let character = 0;
    while (character < text.length && bytes < column - 1) {
      const cp = text.codePointAt(character)!;
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      character += cp > 0xffff ? 2 : 1;
    }
    return { line: Math.max(0, line - 1), character };
  }
}

/** SARIF region: 1-based lines, 1-based UTF-16 columns (the run declares columnKind utf16CodeUnits). */
export function rangeToSarifRegion(range: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function rangeContains(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
