/** Walking up the directory tree: `.kpa.json` for settings, `.git` for the SARIF %SRCROOT%. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SETTINGS_FILE_NAME } from '../analyzers/settings/parse-kpa-settings.js';

/** The nearest `name` at or above `start` (a file or directory), or null. */
export function findUp(start: string, name: string): string | null {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function findSettingsFile(start: string): string | null {
  return findUp(start, SETTINGS_FILE_NAME);
}

/** The repository root (the directory holding `.git`, a directory or a worktree file), or null. */
export function findRepositoryRoot(start: string): string | null {
  const git = findUp(start, '.git');
  return git ? dirname(git) : null;
}
