/** The initial workspace scan: the files kpa reads, found asynchronously (requests keep being answered) and capped. */
import { readdir } from 'node:fs';
import fg from 'fast-glob';
import type { WalkProblem } from '../analyzers/reported-findings.js';
import { describeFsError, IGNORED_DIRS, isFileLike, toPosix, WORKSPACE_FILE_PATTERNS } from '../host/disk-workspace.js';

/** The files the scan reads: the same as the CLI's walk. */
export const SCAN_PATTERNS = WORKSPACE_FILE_PATTERNS;

/** What the editor watches for us: sources, modules, configs, built plugins and the settings file. */
export const WATCHED_GLOBS = [...SCAN_PATTERNS, '**/.kpa.json'];

export interface ScanResult {
  files: string[];
  /** True when more files existed than `maxFiles`. */
  capped: boolean;
  /** Directories that could not be read (KPA001, as the CLI's walk reports them). */
  problems: WalkProblem[];
}

export async function scanWorkspace(root: string, options: { maxFiles: number; ignored: ((file: string) => boolean) | null }): Promise<ScanResult> {
  const ignored = options.ignored;
  const files: string[] = [];
  const problems: WalkProblem[] = [];
  // fast-glob drops unreadable directories silently (suppressErrors); its readdir records them first.
  const recordingReaddir = ((path: string, opts: unknown, callback: (err: NodeJS.ErrnoException | null, entries: unknown) => void) =>
    (readdir as unknown as (p: string, o: unknown, cb: typeof callback) => void)(path, opts, (err, entries) => {
      if (err && err.code !== 'ENOENT') problems.push({ path: toPosix(path), message: describeFsError(err) });
      callback(err, entries);
    })) as unknown as typeof readdir;
  let capped = false;
  const stream = fg.stream(SCAN_PATTERNS, {
    cwd: root,
    absolute: true,
    dot: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    // As the CLI walk: symlinked files count (Go compiles them), directories named x.go do not.
    onlyFiles: false,
    objectMode: true,
    ignore: IGNORED_DIRS.map((d) => `**/${d}/**`),
    fs: { readdir: recordingReaddir },
  });
  for await (const item of stream) {
    const entry = item as unknown as fg.Entry;
    if (!isFileLike(entry)) continue;
    const file = toPosix(entry.path);
    if (ignored?.(file)) continue;
    if (files.length >= options.maxFiles) {
      capped = true;
      break;
    }
    files.push(file);
  }
  return { files: files.sort(), capped, problems: problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
