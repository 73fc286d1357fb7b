/**
 * Builds a Workspace from paths on disk: walks directories with fast-glob (skipping vendor/, .git/,
 * node_modules/, testdata/ and symlinked directories, so loops cannot trap it) and reads files lazily.
 */
import fg from 'fast-glob';
import * as fs from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { decodeSource, Workspace, type FileSource, type ReadResult } from '../analyzers/workspace.js';
import type { WalkProblem } from '../analyzers/reported-findings.js';
import { UsageError } from './usage-error.js';

export const IGNORED_DIRS = ['vendor', '.git', 'node_modules', 'testdata'];

/** Build recipes (analyzers/recipes/): they say which packages are plugins and where each .so goes. */
const RECIPE_PATTERNS = ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk', '**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/*.sh'];

/**
 * Flexible configuration (analyzers/config/template/): templates (`*.tmpl`, the config itself may be krakend.tmpl),
 * settings JSON under a settings folder, partials, and the compose and .env files that may set FC_* variables.
 */
const FLEXIBLE_CONFIG_PATTERNS = ['**/*.tmpl', '**/settings/**/*.json', '**/partials/**', '**/compose*.y*ml', '**/docker-compose*.y*ml', '**/.env', '**/.env.*', '**/*.env'];

/** The files kpa reads: Go sources, modules, KrakenD configs and built plugins (the CLI's walk and the server's scan). */
export const WORKSPACE_FILE_PATTERNS = ['**/*.go', '**/go.mod', '**/go.sum', '**/krakend*.json', '**/krakend*.jsonc', '**/*.so', ...RECIPE_PATTERNS, ...FLEXIBLE_CONFIG_PATTERNS];

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

export type { WalkProblem };

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
    return readSourceFile(path);
  }
  readBytes(path: string): Uint8Array | { error: string } {
    try {
      return readRegularFile(path);
    } catch (err) {
      return { error: describeFsError(err) };
    }
  }
}

/** A file read and decoded as every door reads sources (decodeSource); a failure is a ReadResult, never thrown. */
export function readSourceFile(path: string): ReadResult {
  try {
    return decodeSource(readRegularFile(path));
  } catch (err) {
    return { kind: 'unreadable', error: describeFsError(err) };
  }
}

/**
 * Reads a file's bytes, refusing what is not a regular file: reading a FIFO named `y.go` would block
 * forever. O_NONBLOCK makes the open itself return at once; fstat then tells what was opened.
 */
export function readRegularFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw Object.assign(new Error(`broken symbolic link (its target ${readlinkSync(path)} does not exist)`), { code: 'EBROKENLINK' });
    }
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() && !st.isDirectory()) {
      throw Object.assign(new Error('not a regular file (a named pipe, socket or device)'), { code: 'ENOTREG' });
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
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
    // Anything but a directory is read as a file: a FIFO or device is then reported, not walked.
    if (!st.isDirectory()) {
      files.add(toPosix(abs));
      continue;
    }
    const found = fg.sync(WORKSPACE_FILE_PATTERNS, {
      cwd: abs,
      absolute: true,
      dot: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: IGNORED_DIRS.map((d) => `**/${d}/**`),
      // Not onlyFiles: that drops symlinked files (which Go compiles) and FIFOs (which it chokes on).
      onlyFiles: false,
      objectMode: true,
      fs: recordingFs(problems),
    } as fg.Options & { objectMode: true });
    for (const entry of found) if (isFileLike(entry)) files.add(toPosix(entry.path));
  }
  return { workspace: new Workspace(toPosix(cwd), new DiskFileSource([...files].sort())), problems };
}

/**
 * Whether a walked entry is read as a file: regular files, symlinks that do not lead to a directory
 * (a broken link is then reported by the read) and FIFOs, sockets or devices (refused by the read).
 * Directories, even one named `x.go`, and symlinks to directories (loops) are not.
 */
export function isFileLike(entry: fg.Entry): boolean {
  if (entry.dirent.isDirectory()) return false;
  if (!entry.dirent.isSymbolicLink()) return true;
  try {
    return !statSync(entry.path).isDirectory();
  } catch {
    return true;
  }
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
