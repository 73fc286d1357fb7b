/**
 * Writing the files a command was asked to write, and nothing else. Each file is written to a temporary beside
 * it (created exclusively, so never through a link planted there), synced, then renamed over its name: a failure
 * leaves the old file or the new one, never half of one and never the temporary. rename(2) replaces a symbolic
 * link itself, so data never lands where a link points.
 */
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, parse, sep } from 'node:path';
import { describeFsError } from './disk-workspace.js';
import { UsageError } from './usage-error.js';

let temporaries = 0;

function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.kpa-tmp-${process.pid}-${temporaries++}`);
}

/** Writes `data` to a new temporary file beside `path` (created exclusively, synced) and returns its name. */
export function writeTemporary(path: string, data: string | Uint8Array, mode: number): string {
  const temp = temporaryBeside(path);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSilently(temp);
    throw err;
  }
  closeSync(fd);
  return temp;
}

/** Replaces (or creates) `path` with `data` atomically; throws the file system's error, having cleaned up. */
export function writeFileAtomically(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = writeTemporary(path, data, mode);
  try {
    renameSync(temp, path);
  } catch (err) {
    unlinkSilently(temp);
    throw err;
  }
}

export interface FileToWrite {
  /** Relative to the directory, '/'-separated, no '..'. */
  path: string;
  content: string;
}

/**
 * Writes a set of files into `dir` all or nothing, as far as a file system allows: every name is checked
 * first (a symbolic link, dangling or not, or anything but a regular file is refused; an existing file only
 * with `overwrite`), then every file is written aside, and only when all are written are they renamed into
 * place. Returns the names that existed before. Refusals and write errors are UsageErrors naming the file.
 */
export function writeFilesInto(dir: string, shownDir: string, files: readonly FileToWrite[], overwrite: boolean): string[] {
  const existing: string[] = [];
  for (const f of files) {
    const kind = entryKind(join(dir, f.path));
    if (kind === 'link') throw new UsageError(`${join(shownDir, f.path)}: is a symbolic link; kpa does not write through links. Nothing was written.`);
    if (kind === 'other') throw new UsageError(`${join(shownDir, f.path)}: exists and is not a regular file. Nothing was written.`);
    if (kind === 'file') existing.push(f.path);
  }
  if (existing.length && !overwrite) {
    throw new UsageError(`${shownDir}: would overwrite ${existing.join(', ')}; nothing was written. Use --force to overwrite.`);
  }
  makeDirectory(dir, shownDir);
  const written: { temp: string; path: string }[] = [];
  try {
    for (const f of files) written.push({ temp: writeTemporary(join(dir, f.path), f.content, 0o644), path: join(dir, f.path) });
  } catch (err) {
    for (const w of written) unlinkSilently(w.temp);
    throw new UsageError(`${shownDir}: ${describeFsError(err)}; nothing was written.`);
  }
  for (let i = 0; i < written.length; i++) {
    try {
      renameSync(written[i].temp, written[i].path);
    } catch (err) {
      for (const w of written.slice(i)) unlinkSilently(w.temp);
      const done = files.slice(0, i).map((f) => f.path);
      throw new UsageError(`${join(shownDir, files[i].path)}: ${describeFsError(err)}; written before it: ${done.join(', ') || 'nothing'}.`);
    }
  }
  return existing;
}

function entryKind(path: string): 'missing' | 'file' | 'link' | 'other' {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw new UsageError(`${path}: ${describeFsError(err)}`);
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir loops forever where mkdir(2) says ENOENT for a
 * parent that exists (/proc). Each level is tried once; the first failure is the error.
 */
export function makeDirectory(dir: string, shownDir: string): void {
  const { root } = parse(dir);
  const parts = dir.slice(root.length).split(sep).filter(Boolean);
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    try {
      mkdirSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`${shownDir}: cannot create ${current}: ${describeFsError(err)}`);
    }
  }
  let isDirectory = false;
  try {
    // The directory the user named may itself be a link to one.
    isDirectory = statSync(dir).isDirectory();
  } catch (err) {
    throw new UsageError(`${shownDir}: ${describeFsError(err)}`);
  }
  if (!isDirectory) throw new UsageError(`${shownDir}: exists and is not a directory`);
}

export function unlinkSilently(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to clean.
  }
}
