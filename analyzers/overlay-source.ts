/**
 * The language server's view of files: open editor buffers laid over the files on disk (AnalysisSession).
 * Disk reads are cached until the file is reported changed; a buffer reads as its text would once saved.
 */
import { decodeSource, Workspace, type FileSource, type ReadResult } from './workspace.js';

const encoder = new TextEncoder();

/** A Workspace whose reads are never cached by itself: the session's overlay source is the cache. */
export class LiveWorkspace extends Workspace {
  override read(path: string): ReadResult {
    return this.source.read(path);
  }
}

/**
 * Open buffers over disk. A buffer reads as its text would read from disk once saved: decodeSource decides
 * (a NUL byte makes it binary), so the session and a fresh analysis of the saved files agree.
 */
export class OverlaySource implements FileSource {
  readonly diskPaths: Set<string>;
  private diskCache = new Map<string, ReadResult>();
  private bufferReads = new Map<string, ReadResult>();
  private pathList: string[] | null = null;

  constructor(
    private disk: FileSource,
    private buffers: ReadonlyMap<string, { readonly text: string }>,
  ) {
    this.diskPaths = new Set(disk.paths());
  }

  paths(): readonly string[] {
    if (!this.pathList) {
      const all = new Set(this.diskPaths);
      for (const path of this.buffers.keys()) all.add(path);
      this.pathList = [...all];
    }
    return this.pathList;
  }

  pathsChanged(): void {
    this.pathList = null;
  }

  read(path: string): ReadResult {
    const buffer = this.buffers.get(path);
    if (buffer) {
      let result = this.bufferReads.get(path);
      if (!result) {
        result = readBufferText(buffer.text);
        this.bufferReads.set(path, result);
      }
      return result;
    }
    let result = this.diskCache.get(path);
    if (!result) {
      result = this.disk.read(path);
      this.diskCache.set(path, result);
    }
    return result;
  }

  readBytes(path: string): Uint8Array | { error: string } {
    const buffer = this.buffers.get(path);
    if (buffer) return encoder.encode(buffer.text);
    return this.disk.readBytes ? this.disk.readBytes(path) : { error: 'this file source cannot read bytes' };
  }

  bufferChanged(path: string): void {
    this.bufferReads.delete(path);
  }

  diskChanged(path: string): void {
    this.diskCache.delete(path);
  }
}

function readBufferText(text: string): ReadResult {
  // Fast path: what decodeSource would accept unchanged (no NUL, no BOM; a JS string is valid UTF-16).
  if (text.indexOf('\0') < 0 && text.charCodeAt(0) !== 0xfeff && text.length * 3 < 64 * 1024 * 1024 && !hasLoneSurrogate(text)) {
    return { text };
  }
  return decodeSource(encoder.encode(text));
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** A few paths of another source (one package's files), read through it. */
export class SubsetSource implements FileSource {
  constructor(
    private readonly source: FileSource,
    private readonly files: readonly string[],
  ) {}
  paths(): readonly string[] {
    return this.files;
  }
  read(path: string): ReadResult {
    return this.source.read(path);
  }
}
