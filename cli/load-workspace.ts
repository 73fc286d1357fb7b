/**
 * Builds a Workspace from paths on disk: walks directories with fast-glob (skipping vendor/, .git/,
 * node_modules/, testdata/ and symlinked directories, so loops cannot trap it) and reads files lazily.
 */
import fg from 'fast-glob';
import * as fs from 'node:fs';
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { decodeSource, Workspace, type FileSource, type ReadResult } from '../analyzers/workspace.js';
import { UsageError } from './io.js';

export const IGNORED_DIRS = ['vendor', '.git', 'node_modules', 'testdata'];

const PATTERNS = ['**/*.go', '**/go.mod', '**/go.sum', '**/krakend*.json', '**/krakend*.jsonc', '**/*.so'];

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export interface WalkProblem {
  path: string;
  message: string;
}

export interface DiskWorkspace {
  workspace: Workspace;
  /** Directories or paths that could not be walked (permission denied …). */
  problems: WalkProblem[];
}

export class DiskFileSource implements FileSource {
  constructor(private files: string[]) {}
  paths(): readonly string[] {
    return this.files;
  }
  read(path: string): ReadResult {
    try {
      return decodeSource(readFileSync(path));
    } catch (err) {
      return { kind: 'unreadable', error: describeFsError(err) };
    }
  }
  readBytes(path: string): Uint8Array | { error: string } {
    try {
      return readFileSync(path);
    } catch (err) {
      return { error: describeFsError(err) };
    }
  }
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return e?.message ?? String(err);
  }
}

/** Walks `paths` (files or directories, relative to cwd); the workspace root is cwd. */
export function loadDiskWorkspace(paths: string[], cwd: string): DiskWorkspace {
  const problems: WalkProblem[] = [];
  const files = new Set<string>();
  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      throw new UsageError(`${p}: ${describeFsError(err)}`);
    }
    if (st.isFile()) {
      files.add(toPosix(abs));
      continue;
    }
    const found = fg.sync(PATTERNS, {
      cwd: abs,
      absolute: true,
      dot: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: IGNORED_DIRS.map((d) => `**/${d}/**`),
      onlyFiles: true,
      fs: recordingFs(problems),
    } as fg.Options);
    for (const f of found) files.add(toPosix(f));
  }
  return { workspace: new Workspace(toPosix(cwd), new DiskFileSource([...files].sort())), problems };
}

/**
 * fast-glob suppresses EACCES silently; this adapter records each directory it could not read, so the
 * user is told what was skipped, without a second walk.
 */
function recordingFs(problems: WalkProblem[]) {
  const readdirSync = ((path: string, options: unknown) => {
    try {
      return fs.readdirSync(path, options as never);
    } catch (err) {
      problems.push({ path: toPosix(path), message: describeFsError(err) });
      throw err;
    }
  }) as typeof fs.readdirSync;
  const readdir = ((path: string, options: unknown, callback: (err: NodeJS.ErrnoException | null, entries?: unknown) => void) => {
    fs.readdir(path, options as never, (err, entries) => {
      if (err) problems.push({ path: toPosix(path), message: describeFsError(err) });
      callback(err, entries);
    });
  }) as unknown as typeof fs.readdir;
  return { ...fs, readdirSync, readdir };
}
