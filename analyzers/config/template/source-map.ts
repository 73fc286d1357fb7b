/**
 * From offsets in a rendered template back to the files it came from. The renderer writes its output in
 * chunks, each from one origin: a text run of a template file (exact: character i of the chunk is
 * character offset+i of the file) or an action (`{{ .x }}`: the whole chunk maps onto the action). A text
 * run of a template called by `{{ template "x.tmpl" . }}` or pasted by `{{ include "p" }}` also knows the
 * call, so a range spanning output of two files maps onto the innermost file both ends share.
 */
import type { Range } from '../../diagnostics.js';
import type { LocatedRange } from '../../diagnostics.js';
import { LineIndex } from '../../positions.js';

/** One execution of a file's text: the config template itself, or one call of a template or partial. */
export interface Frame {
  file: string;
  text: string;
  /** The action that called this execution; null for the config template. */
  call: Origin | null;
}

export interface Origin {
  frame: Frame;
  offset: number;
  length: number;
  /** Text copied from the file (exact), or an action's output (mapped onto the whole action). */
  literal: boolean;
}

export interface Chunk {
  start: number;
  end: number;
  origin: Origin;
}

export interface MappedSpan {
  file: string;
  offset: number;
  length: number;
  exact: boolean;
}

export class SourceMap {
  private readonly lines = new Map<string, LineIndex>();

  constructor(readonly chunks: readonly Chunk[]) {}

  /** The file span a rendered span comes from. */
  map(offset: number, length: number): MappedSpan {
    if (this.chunks.length === 0) return { file: '', offset: 0, length: 0, exact: false };
    const end = offset + length;
    const ia = this.chunkIndex(offset);
    const ib = length > 0 ? this.chunkIndex(end - 1) : ia;
    const a = this.chunks[ia];
    const b = this.chunks[ib];
    const chainA = chain(a.origin);
    const chainB = chain(b.origin);
    for (let i = 0; i < chainA.length; i++) {
      const j = chainB.findIndex((o) => o.frame === chainA[i].frame);
      if (j < 0) continue;
      const oa = chainA[i];
      const ob = chainB[j];
      const startExact = i === 0 && oa.literal;
      const endExact = j === 0 && ob.literal;
      const start = startExact ? oa.offset + Math.max(0, offset - a.start) : oa.offset;
      let stop = endExact ? ob.offset + (length > 0 ? end - b.start : Math.max(0, offset - b.start)) : ob.offset + ob.length;
      if (stop < start) stop = start;
      return { file: oa.frame.file, offset: start, length: stop - start, exact: startExact && endExact && this.contiguous(ia, ib) };
    }
    // Unreachable: every chain ends at the config template's frame.
    const root = chainA[chainA.length - 1];
    return { file: root.frame.file, offset: root.offset, length: root.length, exact: false };
  }

  /** A located range for a rendered span; `file` only when it lies outside `home` (the config template). */
  range(offset: number, length: number, home: string): { offset: number; length: number; range: LocatedRange } {
    const m = this.map(offset, length);
    const text = this.textOf(m.file);
    const index = this.lineIndex(m.file, text);
    const plainRange: Range = index.offsetsToRange(m.offset, m.offset + m.length);
    const range: LocatedRange = plainRange;
    if (m.file !== home) range.file = m.file;
    if (!m.exact) range.inexact = true;
    return { offset: m.offset, length: m.length, range };
  }

  private textOf(file: string): string {
    for (const c of this.chunks) if (c.origin.frame.file === file) return c.origin.frame.text;
    for (const c of this.chunks) for (let o: Origin | null = c.origin; o; o = o.frame.call) if (o.frame.file === file) return o.frame.text;
    return '';
  }

  private lineIndex(file: string, text: string): LineIndex {
    let index = this.lines.get(file);
    if (!index) this.lines.set(file, (index = new LineIndex(text)));
    return index;
  }

  /** Whether chunks ia..ib are one run of text of one file (no action's output in between). */
  private contiguous(ia: number, ib: number): boolean {
    for (let i = ia; i < ib; i++) {
      const x = this.chunks[i].origin;
      const y = this.chunks[i + 1].origin;
      if (!x.literal || !y.literal || x.frame !== y.frame || y.offset !== x.offset + x.length) return false;
    }
    return true;
  }

  private chunkIndex(offset: number): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The origin, then the calls that led to it, innermost first. */
function chain(origin: Origin): Origin[] {
  const out: Origin[] = [];
  for (let o: Origin | null = origin; o; o = o.frame.call) out.push(o);
  return out;
}
