/**
 * Reads LSP frames (`Content-Length: N\r\n\r\n` + N bytes of JSON) from a byte stream, validating every
 * header. vscode-jsonrpc's own reader reports a bad header and then waits forever on a stream it can no longer
 * frame (`Content-Length: -5`, a header line without a colon, no Content-Length): the server answered nothing
 * again. Here a frame that cannot be delimited is *fatal* (the caller exits and the editor restarts the
 * server: the next byte boundary cannot be known), and a well-delimited body that is not a JSON-RPC message
 * is *skipped* (the stream is still in step).
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node.js';

/** A header block longer than this without its blank line is not LSP. */
const MAX_HEADER_BYTES = 8 * 1024;
/** Beyond any document kpa reads (64 MB, JSON-escaped): a larger length is a broken or hostile client. */
export const MAX_FRAME_BYTES = 512 * 1024 * 1024;

export interface FrameProblem {
  /** True when the stream cannot be framed any more. */
  fatal: boolean;
  /** One line: what was wrong, at which byte offset of the stream. */
  message: string;
}

export class FrameReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of the stream consumed before `chunks`: positions in problems are stream offsets. */
  private consumed = 0;
  private bodyLength = -1;
  private stopped = false;

  constructor(
    private readonly stream: Readable,
    private readonly onProblem: (problem: FrameProblem) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer) => this.onData(data, callback);
    const onError = (err: Error) => this.fireError(err);
    let closed = false;
    const onClose = () => {
      if (closed) return;
      closed = true;
      this.fireClose();
    };
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('close', onClose);
    this.stream.on('end', onClose);
    return Disposable.create(() => {
      this.stream.off('data', onData);
      this.stream.off('error', onError);
      this.stream.off('close', onClose);
      this.stream.off('end', onClose);
    });
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.stopped) return;
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      if (this.bodyLength < 0) {
        const headerLength = this.readHeader();
        if (headerLength === null || this.stopped) return;
      }
      if (this.buffered < this.bodyLength) return;
      const body = this.take(this.bodyLength);
      const at = this.consumed - body.length;
      this.bodyLength = -1;
      this.deliver(body, at, callback);
    }
  }

  /** Parses the header block when it is complete; sets bodyLength. Null while more bytes are needed. */
  private readHeader(): number | null {
    const all = this.peek();
    const end = all.indexOf('\r\n\r\n');
    if (end < 0) {
      if (all.length > MAX_HEADER_BYTES) this.fatal(this.consumed, `no end of header within ${MAX_HEADER_BYTES} bytes`);
      return null;
    }
    const at = this.consumed;
    const header = this.take(end + 4).toString('latin1');
    let length: number | null = null;
    for (const line of header.slice(0, end).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return this.fatal(at, `header line "${line}" is not "Name: value"`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') {
        if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_FRAME_BYTES) {
          return this.fatal(at, `Content-Length "${value}" is not a byte count from 0 to ${MAX_FRAME_BYTES}`);
        }
        length = Number(value);
      } else if (name === 'content-type') {
        const charset = /charset=([^;\s]+)/i.exec(value)?.[1]?.replace(/"/g, '').toLowerCase();
        if (charset && charset !== 'utf-8' && charset !== 'utf8') return this.fatal(at, `charset "${charset}" is not utf-8`);
      }
    }
    if (length === null) return this.fatal(at, 'the header has no Content-Length');
    this.bodyLength = length;
    return end + 4;
  }

  private deliver(body: Buffer, at: number, callback: DataCallback): void {
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (err) {
      this.onProblem({ fatal: false, message: `the message at byte ${at} is not JSON (${(err as Error).message}); skipped` });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.onProblem({ fatal: false, message: `the message at byte ${at} is not a JSON-RPC object; skipped` });
      return;
    }
    callback(message as Message);
  }

  private fatal(at: number, reason: string): null {
    this.stopped = true;
    this.chunks = [];
    this.buffered = 0;
    this.onProblem({ fatal: true, message: `malformed frame at byte ${at}: ${reason}` });
    return null;
  }

  private peek(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private take(n: number): Buffer {
    const all = this.peek();
    const out = all.subarray(0, n);
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.buffered -= n;
    this.consumed += n;
    return out;
  }
}
