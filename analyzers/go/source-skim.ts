/**
 * What the prefilter needs of a Go file, taken from its bytes: whether it mentions a plugin (mentionsPlugin),
 * and when it does not, only its head — the text before its first top-level declaration, all that the header
 * scan (import-scan.ts) and the build constraints (build-constraints.ts) read. Over a large tree nearly every
 * file mentions nothing: searching bytes and decoding only heads costs a fraction of decoding every file
 * (GOROOT/src: 47 MB of text that is never kept).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { decodeSource, MAX_SOURCE_BYTES, type GoSourceSkim, type ReadResult } from '../workspace.js';
import { mentionsPlugin } from './file-facts.js';

const KEYWORDS = ['func', 'type', 'var', 'const'].map((k) => Buffer.from(k));

/** Skims a file's bytes. `bytes` is not kept: the caller may reuse its buffer. */
export function skimGoSource(bytes: Uint8Array): GoSourceSkim {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > MAX_SOURCE_BYTES || buf.indexOf(0) >= 0 || !isUtf8(buf)) return decodeSource(buf) as GoSourceSkim;
  // The plugin words are ASCII, so they occur in the bytes exactly where they occur in the decoded text. One
  // search for `egister` rules out `…egisterer` and `Register…` in most files; mentionsPlugin decides a Register…
  // near-miss and a main package's exports on the text.
  if (buf.indexOf('EGISTERER') >= 0) return { mentionsPlugin: true };
  const egister = buf.indexOf('egister') >= 0;
  if (egister && buf.indexOf('egisterer') >= 0) return { mentionsPlugin: true };
  if ((egister && buf.indexOf('Register') >= 0) || buf.indexOf('package main') >= 0) return skimRead(decodeSource(buf));
  const cut = headEnd(buf);
  // A block comment before the cut could hide a line the constraint scan reads differently: take all.
  if (cut < 0 || buf.subarray(0, cut).indexOf('/*') >= 0) return skimRead(decodeSource(buf));
  // The bytes are valid UTF-8 and the cut falls after an ASCII keyword: the head decodes as decodeSource would.
  const head = buf.toString('utf8', 0, cut);
  return { mentionsPlugin: false, head: head.charCodeAt(0) === 0xfeff ? head.slice(1) : head };
}

/** The skim of a file already read whole (sources that cannot skim bytes). */
export function skimRead(read: ReadResult): GoSourceSkim {
  if ('error' in read) return read;
  return mentionsPlugin(read.text) ? { mentionsPlugin: true } : { mentionsPlugin: false, head: read.text };
}

/**
 * The offset just past the first declaration keyword that starts a line (and is a whole word), or -1. A text
 * cut there reads as the whole file to the header scan (its `^(func|type|var|const)\b` stops at the same place,
 * the end of the text being a word boundary as the byte after the keyword is) and to the constraint scan
 * (which stops at the first line that is no comment; that line still starts with the keyword).
 */
function headEnd(buf: Buffer): number {
  for (let start = 0; start < buf.length; ) {
    for (const keyword of KEYWORDS) {
      if (buf[start] !== keyword[0]) continue;
      const end = start + keyword.length;
      if (buf.compare(keyword, 0, keyword.length, start, Math.min(end, buf.length)) === 0 && !isWordByte(buf[end])) return end;
    }
    const newline = buf.indexOf(10, start);
    if (newline < 0) return -1;
    start = newline + 1;
  }
  return -1;
}

/** A byte of a regex word character (`\w` without the u flag: ASCII letters, digits, `_`); undefined at the end. */
function isWordByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f);
}
