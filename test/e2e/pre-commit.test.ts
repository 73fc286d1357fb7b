/**
 * The pre-commit hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` (Debian's 3.0.4 in CI)
 * with `pre-commit try-repo` against a fixture git repository made in a temp dir.
 *
 * try-repo clones its repository argument, and for a path with uncommitted changes it copies only tracked
 * files, so the kpa under test is first snapshotted (tracked + untracked, not ignored: what the other tests
 * see) into a temp git repository. The `kpa-lint` hook is `language: node`: pre-commit runs `npm install`
 * (which builds dist/ through `prepare`), `npm pack` and `npm install -g` of the tarball, all against the npm
 * registry: several minutes (try-repo never reuses an environment), hence the long timeout.
 * `kpa-lint-system` runs the kpa on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'kpa-pre-commit-'));
const snapshot = join(work, 'kpa');
const fixture = join(work, 'plugin-repo');
const JUNK = Uint8Array.from([0x70, 0x61, 0x00, 0x01, 0x02]);
const GIT_ENV = { GIT_AUTHOR_NAME: 'kpa test', GIT_AUTHOR_EMAIL: 'test@kpa.invalid', GIT_COMMITTER_NAME: 'kpa test', GIT_COMMITTER_EMAIL: 'test@kpa.invalid' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

function preCommit(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('pre-commit', args, {
    cwd: fixture,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: join(work, 'cache'), NO_COLOR: '1', ...env },
    timeout: 900_000,
  });
  if (result.error) throw new Error(`pre-commit could not run (${result.error.message}); install it (Debian: apt-get install pre-commit)`);
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  mkdirSync(snapshot);
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  execFileSync('cp', ['--parents', '-r', ...files, snapshot], { cwd: REPO });
  git(snapshot, 'init', '-q');
  git(snapshot, 'add', '-A');
  git(snapshot, 'commit', '-qm', 'kpa under test');

  mkdirSync(fixture);
  git(fixture, 'init', '-q');
  writeFileSync(join(fixture, 'go.mod'), 'module example.com/plugin\n\ngo 1.22\n');
  writeFileSync(join(fixture, 'main.go'), 'package main\n\nfunc helper() int { return 1 }\n');
  writeFileSync(join(fixture, 'junk.go'), JUNK);
  writeFileSync(join(fixture, 'README.md'), '# plugin\n');
  git(fixture, 'add', '-A');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('kpa-lint-system (language: system, the kpa on PATH)', () => {
  it('fails on a binary .go file, skips commits without Go files, passes once the file is gone', () => {
    // A `kpa` on PATH built from the snapshot, as `npm install -g kpa` would provide.
    symlinkSync(join(REPO, 'node_modules'), join(snapshot, 'node_modules'));
    spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: snapshot, encoding: 'utf8' });
    const bin = join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kpa'), `#!/bin/sh\nexec "${process.execPath}" "${join(snapshot, 'bin/kpa.js')}" "$@"\n`);
    chmodSync(join(bin, 'kpa'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };

    const failing = preCommit(['try-repo', snapshot, 'kpa-lint-system', '--all-files'], env);
    expect(failing.output).toMatch(/kpa lint \(KrakenD plugins, installed kpa\)\.+Failed/);
    expect(failing.output).toContain('junk.go:1:1: error KPA001 kpa could not analyse this file: binary file (NUL byte at offset 2).');
    expect(failing.code).toBe(1);

    const skipped = preCommit(['try-repo', snapshot, 'kpa-lint-system', '--files', 'README.md'], env);
    expect(skipped.output).toMatch(/installed kpa\)\.+\(no files to check\)Skipped/);
    expect(skipped.code).toBe(0);

    rmSync(join(fixture, 'junk.go'));
    git(fixture, 'add', '-A');
    const passing = preCommit(['try-repo', snapshot, 'kpa-lint-system', '--all-files'], env);
    expect(passing.output).toMatch(/installed kpa\)\.+Passed/);
    expect(passing.code).toBe(0);
    writeFileSync(join(fixture, 'junk.go'), JUNK);
    git(fixture, 'add', '-A');
  }, 300_000);
});

describe('kpa-lint (language: node, installed by pre-commit from the repository)', () => {
  // try-repo installs into a throw-away store every time, so this runs it once (several minutes).
  it('installs through npm and runs kpa lint: fails on a binary .go file', () => {
    const failing = preCommit(['try-repo', snapshot, 'kpa-lint', '--all-files']);
    expect(failing.output).not.toMatch(/An unexpected error has occurred/);
    expect(failing.output).toMatch(/kpa lint \(KrakenD plugins\)\.+Failed/);
    expect(failing.output).toContain('junk.go:1:1: error KPA001 kpa could not analyse this file: binary file (NUL byte at offset 2).');
    expect(failing.output).toMatch(/\n1 problem \(1 error\), 3 files checked\n/);
    expect(failing.code).toBe(1);
  }, 1_200_000);
});
