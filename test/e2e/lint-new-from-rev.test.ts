/**
 * `kpa lint --new-from-rev REV` / `--new-from-merge-base REV` end to end in a temporary git repository: a
 * finding on a line committed at REV is old and left out; one on a line changed since, or in an untracked file,
 * is reported; outside a repository, without git, or with a revision that looks like an option, a one-line
 * usage error and exit code 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function temp(): string {
  const root = mkdtempSync(join(tmpdir(), 'kpa-newfrom-'));
  roots.push(root);
  return root;
}

/** A new repository whose first commit holds `main.go` (HANDLER, a KPA101 finding). */
function committedRepository(): string {
  const dir = temp();
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'main.go'), HANDLER);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'old');
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=kpa', '-c', 'user.email=kpa@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

async function lint(cwd: string, args: string[], env: Record<string, string> = { PATH: process.env.PATH ?? '' }) {
  const io = captureIO(cwd, env);
  const code = await main(['lint', '.', '--krakend', '2.7', '--format', 'json', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const findings = (stdout: string) => (JSON.parse(stdout).diagnostics as { rule: string; file: string; line: number }[]).map((d) => `${d.file}:${d.line} ${d.rule}`);

/** A plugin main package whose registerer (line 14) holds a pointer: a KPA101 finding. */
function plugin(type: string, registerMethod: string, symbol: string): string {
  return `package main

import (
	"context"
	"net/http"
)

type ${type} struct{}

${registerMethod}

var ${symbol}

func main() {}
`;
}

const HANDLER = plugin(
  'handler',
  'func (*handler) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {\n\tf("server", nil)\n}',
  'HandlerRegisterer = &handler{}',
);

const CLIENT = plugin(
  'client',
  'func (client) RegisterClients(f func(name string, handler func(context.Context, map[string]interface{}) (http.Handler, error))) {\n\tf("client", nil)\n}',
  'ClientRegisterer = new(client)',
);

describe('kpa lint --new-from-rev in a git repository with old findings', () => {
  let repo: string;
  beforeAll(() => {
    repo = temp();
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'go.mod'), 'module example.com/plugins\n\ngo 1.22\n');
    mkdirSync(join(repo, 'server'));
    mkdirSync(join(repo, 'server2'));
    writeFileSync(join(repo, 'server/main.go'), HANDLER);
    writeFileSync(join(repo, 'server2/main.go'), HANDLER);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'old findings');
    git(repo, 'tag', 'v1');
    // A change on the finding's line in server2, a new untracked plugin, server left as it was.
    writeFileSync(join(repo, 'server2/main.go'), HANDLER.replace('var HandlerRegisterer = &handler{}', 'var HandlerRegisterer = &handler{} // changed'));
    mkdirSync(join(repo, 'client'));
    writeFileSync(join(repo, 'client/main.go'), CLIENT);
  });

  it('without the option, every finding', async () => {
    const all = findings((await lint(repo, [])).stdout);
    expect(all.filter((f) => f.endsWith('KPA101'))).toEqual(['client/main.go:14 KPA101', 'server/main.go:14 KPA101', 'server2/main.go:14 KPA101']);
    // server and server2 register one name: on line 11, which no change touched, so old in the runs below.
    expect(all).toContain('server2/main.go:11 KPA310');
  });

  it('reports findings on changed lines and in untracked files only', async () => {
    const { code, stdout, stderr } = await lint(repo, ['--new-from-rev', 'v1']);
    expect(stderr).toBe('');
    expect(findings(stdout)).toEqual(['client/main.go:14 KPA101', 'server2/main.go:14 KPA101']);
    expect(code).toBe(1);
  });

  it('a change on another line of the file does not make the old finding new', async () => {
    const other = committedRepository();
    writeFileSync(join(other, 'main.go'), HANDLER.replace('func main() {}', 'func main() { println("changed") }'));
    const { code, stdout } = await lint(other, ['--new-from-rev', 'HEAD']);
    expect(findings(stdout)).toEqual([]);
    expect(code).toBe(0);
  });

  it('--new-from-merge-base compares with where the branch left REV', async () => {
    const branchy = committedRepository();
    git(branchy, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(branchy, 'client.go'), CLIENT.replace('func main() {}\n', ''));
    git(branchy, 'add', '.');
    git(branchy, 'commit', '-q', '-m', 'feature adds a client');
    git(branchy, 'checkout', '-q', 'main');
    writeFileSync(join(branchy, 'other.txt'), 'main moves on\n');
    git(branchy, 'add', '.');
    git(branchy, 'commit', '-q', '-m', 'main moves on');
    git(branchy, 'checkout', '-q', 'feature');
    expect(findings((await lint(branchy, ['--new-from-merge-base', 'main'])).stdout)).toEqual(['client.go:14 KPA101']);
  });

  it('a revision that starts with - is refused before git sees it; an unknown one is named', async () => {
    const dash = await lint(repo, ['--new-from-rev=--output=/tmp/x']);
    expect([dash.code, dash.stdout, dash.stderr]).toEqual([2, '', "kpa: --new-from-rev --output=/tmp/x: a git revision cannot be empty or start with '-'\n"]);
    const unknown = await lint(repo, ['--new-from-rev', 'no-such-rev']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'kpa: --new-from-rev no-such-rev: git knows no commit of that name\n']);
  });
});

describe('--new-from-rev without a repository or without git', () => {
  it('outside a repository: a usage error naming the directory', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'main.go'), HANDLER);
    const { code, stderr } = await lint(dir, ['--new-from-rev', 'HEAD'], { PATH: process.env.PATH ?? '', GIT_CEILING_DIRECTORIES: tmpdir() });
    expect([code, stderr]).toEqual([2, `kpa: --new-from-rev: ${dir} is not inside a git repository\n`]);
  });

  it('without git on PATH: a usage error saying so', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'main.go'), HANDLER);
    const { code, stderr } = await lint(dir, ['--new-from-merge-base', 'main'], { PATH: join(dir, 'no-bin') });
    expect([code, stderr]).toEqual([2, 'kpa: --new-from-merge-base needs git, which is not on PATH\n']);
    expect(readFileSync(join(dir, 'main.go'), 'utf8')).toBe(HANDLER);
  });
});
