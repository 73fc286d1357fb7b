/**
 * The lines changed since a git revision, for `kpa lint --new-from-rev REV` / `--new-from-merge-base REV`: the
 * added lines of `git diff REV` (working tree against REV, staged or not, renames followed so a moved file's
 * old lines stay old) and every line of an untracked file. Findings elsewhere are old and left out, so a
 * repository with old findings can adopt kpa for what it changes.
 * Repository data never reaches git as an option: REV is refused when it starts with `-` and follows
 * `--end-of-options`; paths come after `--`.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { UsageError } from './usage-error.js';

export interface ChangedLines {
  /** The revision compared with: REV, or the merge base of HEAD and REV. */
  base: string;
  /** Whether a 0-based line of a file (absolute path) is new since the base. */
  isChanged(file: string, line: number): boolean;
}

/** `flag` names the option in messages (`--new-from-rev`). */
export function changedLinesSince(cwd: string, rev: string, options: { mergeBase: boolean; flag: string; env?: Record<string, string | undefined> }): ChangedLines {
  const { flag } = options;
  const git = (dir: string, args: string[], failure: (stderr: string) => string) => runGit(dir, args, flag, failure, options.env ?? process.env);
  if (rev === '' || rev.startsWith('-')) throw new UsageError(`${flag} ${rev}: a git revision cannot be empty or start with '-'`);
  const top = git(cwd, ['rev-parse', '--show-toplevel'], () => `${flag}: ${cwd} is not inside a git repository`).trim();
  const commit = (what: string) =>
    git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${what}^{commit}`], () => `${flag} ${rev}: git knows no commit of that name`).trim();
  let base = commit(rev);
  if (options.mergeBase) {
    base = git(cwd, ['merge-base', '--end-of-options', 'HEAD', base], () => `${flag} ${rev}: HEAD and ${rev} have no common ancestor`).trim();
  }

  const diff = git(top, ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-relative', '--unified=0', '--find-renames', '--src-prefix=a/', '--dst-prefix=b/', base, '--'], (err) => `${flag}: git diff failed: ${err}`);
  const added = addedLines(diff);
  const untracked = git(top, ['ls-files', '--others', '--exclude-standard', '-z', '--'], (err) => `${flag}: git ls-files failed: ${err}`);
  const whole = new Set(untracked.split('\0').filter(Boolean));

  const realTop = realpathSync(top);
  const relativeToTop = new Map<string, string | null>();
  const pathOf = (file: string) => {
    if (!relativeToTop.has(file)) {
      let rel: string | null = null;
      try {
        rel = relative(realTop, realpathSync(file)).split(sep).join('/');
      } catch {
        rel = null; // gone since the lint read it
      }
      relativeToTop.set(file, rel && !rel.startsWith('../') ? rel : null);
    }
    return relativeToTop.get(file)!;
  };
  return {
    base,
    isChanged(file, line) {
      const rel = pathOf(file);
      if (rel === null) return false;
      return whole.has(rel) || (added.get(rel)?.some(([from, to]) => line + 1 >= from && line + 1 < to) ?? false);
    },
  };
}

/** Per new path, the [first, end) 1-based line ranges a `--unified=0` diff adds. */
export function addedLines(diff: string): Map<string, [number, number][]> {
  const added = new Map<string, [number, number][]>();
  let current: [number, number][] | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const path = line.slice(4);
      current = path === '/dev/null' ? null : (added.get(unquote(path).replace(/^b\//, '')) ?? []);
      if (current) added.set(unquote(path).replace(/^b\//, ''), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current.push([start, start + count]);
    }
  }
  return added;
}

/** git's C-style quoting of a path with special characters ("b/a\tb"), undone; a plain path unchanged. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path.replace(/\t$/, '');
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const escapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

function runGit(cwd: string, args: string[], flag: string, failure: (stderr: string) => string, env: Record<string, string | undefined>): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...env, GIT_OPTIONAL_LOCKS: '0' } });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(missing ? `${flag} needs git, which is not on PATH` : `${flag}: git could not run: ${result.error.message}`);
  }
  if (result.status !== 0) throw new UsageError(failure(result.stderr.trim().split('\n')[0] ?? ''));
  return result.stdout;
}
