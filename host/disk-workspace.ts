/**
 * Builds a Workspace from paths on disk: walks directories (skipping vendor/, .git/, node_modules/, testdata/
 * and symlinked directories, so loops cannot trap it), keeping the files WORKSPACE_FILE_PATTERNS match, and
 * reads files lazily.
 */
import type { Dirent } from 'node:fs';
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { resolve, sep } from 'node:path';
import { decodeSource, Workspace, type FileSource, type GoSourceSkim, type ReadResult } from '../analyzers/workspace.js';
import { skimGoSource } from '../analyzers/go/source-skim.js';
import type { WalkProblem } from '../analyzers/reported-findings.js';
import { UsageError } from './usage-error.js';

export const IGNORED_DIRS = ['vendor', '.git', 'node_modules', 'testdata'];

/** Build recipes (analyzers/recipes/): they say which packages are plugins and where each .so goes. */
const RECIPE_PATTERNS = ['**/Makefile', '**/makefile', '**/GNUmakefile', '**/*.mk', '**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*', '**/*.Containerfile', '**/*.sh', '**/.github/workflows/*.yml', '**/.github/workflows/*.yaml', '**/.gitlab-ci.yml', '**/.gitlab-ci.yaml'];

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
  skimGo(path: string): GoSourceSkim {
    try {
      return skimGoSource(readIntoScratch(path));
    } catch (err) {
      return { kind: 'unreadable', error: describeFsError(err) };
    }
  }
}

/** One buffer reused by every skim: fresh memory for each file costs more than reading it (page faults). */
let scratch = Buffer.allocUnsafe(1 << 20);

/** A regular file's bytes in the scratch buffer, valid until the next call (readRegularFile's refusals). */
function readIntoScratch(path: string): Buffer {
  return withRegularFile(path, (fd, size) => {
    if (scratch.length <= size) scratch = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2));
    let length = 0;
    for (;;) {
      const wanted = scratch.length - length;
      const n = readSync(fd, scratch, length, wanted, null);
      length += n;
      // A short read of a regular file is its end; a file grown since fstat fills the buffer: grow and go on.
      if (n < wanted) return scratch.subarray(0, length);
      const grown = Buffer.allocUnsafe(scratch.length * 2);
      scratch.copy(grown, 0, 0, length);
      scratch = grown;
    }
  });
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
  return withRegularFile(path, (fd) => readFileSync(fd));
}

/** Opens `path` refusing what is not a regular file (or a directory, whose read then fails), and reads it. */
function withRegularFile<T>(path: string, read: (fd: number, size: number) => T): T {
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
    return read(fd, st.size);
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
    for (const file of walkWorkspaceFiles(toPosix(abs), problems)) files.add(file);
  }
  return { workspace: new Workspace(toPosix(cwd), new DiskFileSource([...files].sort())), problems };
}

/**
 * The dot directories the patterns name (`.github` for the GitHub workflow files): with dot: false no wildcard
 * enters any other, so the walk need not either. Null when a pattern names one by a wildcard itself.
 */
function namedDotDirectories(patterns: readonly string[]): Set<string> | null {
  const names = new Set<string>();
  for (const pattern of patterns) {
    for (const segment of pattern.split('/').slice(0, -1)) {
      if (!segment.startsWith('.')) continue;
      if (/[*?[{]/.test(segment)) return null;
      names.add(segment);
    }
  }
  return names;
}

/** A directory entry met by a walk: its absolute path and what readdir said it is. */
export interface WalkedEntry {
  path: string;
  dirent: Pick<Dirent, 'isDirectory' | 'isSymbolicLink'>;
}

/**
 * Whether a walked entry is read as a file: regular files, symlinks that do not lead to a directory
 * (a broken link is then reported by the read) and FIFOs, sockets or devices (refused by the read).
 * Directories, even one named `x.go`, and symlinks to directories (loops) are not.
 */
export function isFileLike(entry: WalkedEntry): boolean {
  if (entry.dirent.isDirectory()) return false;
  if (!entry.dirent.isSymbolicLink()) return true;
  try {
    return !statSync(entry.path).isDirectory();
  } catch {
    return true;
  }
}

let workspaceFileMatcher: ((relative: string) => boolean) | undefined;

/**
 * The files of `root` (absolute, '/'-separated) that WORKSPACE_FILE_PATTERNS match, as fast-glob matched them
 * (picomatch, dot files only where a pattern names them), without entering IGNORED_DIRS or symlinked
 * directories. A directory that cannot be read is recorded in `problems` and skipped.
 */
export function walkWorkspaceFiles(root: string, problems: WalkProblem[]): string[] {
  workspaceFileMatcher ??= picomatch(WORKSPACE_FILE_PATTERNS, { dot: false });
  const matches = workspaceFileMatcher;
  const dotDirectories = namedDotDirectories(WORKSPACE_FILE_PATTERNS);
  const files: string[] = [];
  const pending: string[] = [''];
  for (let relDir = pending.pop(); relDir !== undefined; relDir = pending.pop()) {
    const dir = relDir === '' ? root : `${root}/${relDir}`;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: toPosix(dir), message: describeFsError(err) });
      continue;
    }
    for (const dirent of entries) {
      const rel = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
      if (dirent.isDirectory()) {
        const enter = dirent.name[0] !== '.' || dotDirectories === null || dotDirectories.has(dirent.name);
        if (enter && !IGNORED_DIRS.includes(dirent.name)) pending.push(rel);
      } else if (matches(rel) && isFileLike({ path: `${dir}/${dirent.name}`, dirent })) {
        files.push(`${dir}/${dirent.name}`);
      }
    }
  }
  return files;
}
