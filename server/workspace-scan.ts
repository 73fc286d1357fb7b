/** The initial workspace scan: the files kpa reads, found asynchronously (requests keep being answered) and capped. */
import fg from 'fast-glob';
import { ignoreMatcher } from '../analyzers/settings/glob.js';
import { IGNORED_DIRS, isFileLike, toPosix, WORKSPACE_FILE_PATTERNS } from '../host/disk-workspace.js';

/** The files the scan reads: the same as the CLI's walk. */
export const SCAN_PATTERNS = WORKSPACE_FILE_PATTERNS;

/** What the editor watches for us: sources, modules, configs, built plugins and the settings file. */
export const WATCHED_GLOBS = [...SCAN_PATTERNS, '**/.kpa.json'];

export interface ScanResult {
  files: string[];
  /** True when more files existed than `maxFiles`. */
  capped: boolean;
}

export async function scanWorkspace(root: string, options: { maxFiles: number; ignore: readonly string[] }): Promise<ScanResult> {
  const ignored = ignoreMatcher(options.ignore, root);
  const files: string[] = [];
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
  return { files: files.sort(), capped };
}
