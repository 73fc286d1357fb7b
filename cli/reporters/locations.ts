/** Position conversions for reporters, with one LineIndex per file (the only column arithmetic is in analyzers/positions.ts). */
import type { Position } from '../../analyzers/diagnostics.js';
import { LineIndex } from '../../analyzers/positions.js';

export class LineIndexCache {
  private indexes = new Map<string, LineIndex | null>();

  constructor(private readText: (file: string) => string | undefined) {}

  get(file: string): LineIndex | null {
    let index = this.indexes.get(file);
    if (index === undefined) {
      const text = this.readText(file);
      index = text === undefined ? null : new LineIndex(text);
      this.indexes.set(file, index);
    }
    return index;
  }

  /** 1-based line and UTF-8 byte column, as `go vet` prints them. */
  textLocation(file: string, position: Position): { line: number; column: number } {
    return this.get(file)?.positionToTextLocation(position) ?? { line: position.line + 1, column: position.character + 1 };
  }

  lineText(file: string, line: number): string | undefined {
    return this.get(file)?.lineText(line);
  }
}
