/**
 * Open documents: which URIs are open, at which version, and the file path kpa analyses them under.
 * The texts themselves live in the AnalysisSession (analyzers/session.ts), which owns buffers and trees;
 * this store only maps the editor's view (URI + version) onto it.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextChange } from '../analyzers/session.js';

export interface OpenDocument {
  uri: string;
  /** Absolute path with '/' separators; null for documents that are not files (untitled:, git:). */
  path: string | null;
  version: number;
  languageId: string;
}

/** file: URI → absolute '/'-separated path; null for other schemes or malformed URIs. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    const path = fileURLToPath(uri);
    return process.platform === 'win32' ? path.split('\\').join('/') : path;
  } catch {
    return null;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

export function toTextChanges(changes: readonly TextDocumentContentChangeEvent[]): TextChange[] {
  return changes.map((c) => ('range' in c && c.range ? { range: c.range, text: c.text } : { text: c.text }));
}

export class DocumentStore {
  private readonly byUri = new Map<string, OpenDocument>();
  /** The URI the editor used for a path, so diagnostics go back under the exact same string. */
  private readonly uriByPath = new Map<string, string>();

  open(uri: string, languageId: string, version: number): OpenDocument {
    const doc: OpenDocument = { uri, path: uriToPath(uri), version, languageId };
    this.byUri.set(uri, doc);
    if (doc.path) this.uriByPath.set(doc.path, uri);
    return doc;
  }

  /** Records the new version; returns the document, or undefined when it is not open. */
  changed(uri: string, version: number): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    if (doc) doc.version = version;
    return doc;
  }

  close(uri: string): OpenDocument | undefined {
    const doc = this.byUri.get(uri);
    this.byUri.delete(uri);
    if (doc?.path && this.uriByPath.get(doc.path) === uri) this.uriByPath.delete(doc.path);
    return doc;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  /** Path kpa uses for a URI, whether or not the document is open. */
  pathOf(uri: string): string | null {
    return this.byUri.get(uri)?.path ?? uriToPath(uri);
  }

  uriOf(path: string): string {
    return this.uriByPath.get(path) ?? pathToUri(path);
  }

  versionOf(path: string): number | undefined {
    const uri = this.uriByPath.get(path);
    return uri === undefined ? undefined : this.byUri.get(uri)?.version;
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }
}
