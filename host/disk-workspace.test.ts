import { afterAll, describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { IGNORED_DIRS, isFileLike, loadDiskWorkspace, toPosix, walkWorkspaceFiles, WORKSPACE_FILE_PATTERNS } from './disk-workspace.js';

const root = toPosix(mkdtempSync(join(tmpdir(), 'kpa-walk-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = [
  'main.go', 'go.mod', 'go.sum', '.hidden.go', 'README.md', 'krakend.json', 'krakend-dev.jsonc', 'plugin.so', 'Makefile', 'build.sh',
  'Dockerfile', 'Dockerfile.alpine', 'app.dockerfile', 'rules.mk', 'compose.yaml', 'docker-compose.yml', '.env', '.env.local', 'prod.env',
  'config/settings/prod/db.json', 'config/settings/notes.txt', 'config/partials/a.tmpl', 'config/partials/deep/b.txt', 'krakend.tmpl',
  'pkg/a/a.go', 'pkg/a/a_test.go', 'pkg/vendor/x.go', 'vendor/v/v.go', 'testdata/t.go', 'node_modules/m/m.go', '.git/g.go',
  '.github/workflows/build.yml', '.github/workflows/notes.md', '.github/other.yml', '.cache/c.go', 'pkg/.cache/c.go', 'x.go/inner.go',
];

function writeTree(): void {
  for (const file of FILES) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'package x\n');
  }
  symlinkSync(join(root, 'pkg'), join(root, 'pkg-link'));
  symlinkSync(join(root, 'main.go'), join(root, 'linked.go'));
  symlinkSync(join(root, 'missing.go'), join(root, 'broken.go'));
  execFileSync('mkfifo', [join(root, 'pipe.go')]);
}

/** What the walk found with fast-glob before (host/disk-workspace.ts until issue #18), and the server's scan still does. */
function fastGlobWalk(): string[] {
  const found = fg.sync(WORKSPACE_FILE_PATTERNS, {
    cwd: root, absolute: true, dot: false, followSymbolicLinks: false, suppressErrors: true,
    ignore: IGNORED_DIRS.map((d) => `**/${d}/**`), onlyFiles: false, objectMode: true,
  });
  return found.filter(isFileLike).map((e) => toPosix(e.path)).sort();
}

describe('walkWorkspaceFiles', () => {
  writeTree();

  it('finds exactly the files fast-glob finds with the workspace patterns', () => {
    const walked = walkWorkspaceFiles(root, []).sort();
    expect(walked).toEqual(fastGlobWalk());
    expect(walked).toContain(`${root}/.github/workflows/build.yml`);
    expect(walked).toContain(`${root}/pipe.go`);
    expect(walked).not.toContain(`${root}/.cache/c.go`);
    expect(walked).not.toContain(`${root}/pkg-link/a/a.go`);
  });

  it('records a directory it cannot read and goes on', () => {
    const problems: { path: string; message: string }[] = [];
    const walked = walkWorkspaceFiles(`${root}/no-such-dir`, problems);
    expect(walked).toEqual([]);
    expect(problems).toEqual([{ path: `${root}/no-such-dir`, message: 'no such file or directory' }]);
  });

  it('reads a FIFO as a refusal, never blocking on it (skim and read alike)', () => {
    const { workspace } = loadDiskWorkspace(['.'], root);
    expect(workspace.source.skimGo!(`${root}/pipe.go`)).toEqual({ kind: 'unreadable', error: 'not a regular file (a named pipe, socket or device)' });
    expect(workspace.source.read(`${root}/pipe.go`)).toEqual({ kind: 'unreadable', error: 'not a regular file (a named pipe, socket or device)' });
    expect(workspace.source.skimGo!(`${root}/broken.go`)).toEqual(workspace.source.read(`${root}/broken.go`));
  });

  it('skims a file larger than its buffer whole', () => {
    const big = `package x\n\n${'// filler line of a large generated file\n'.repeat(60_000)}var HandlerRegisterer = 1\n`;
    writeFileSync(join(root, 'big.go'), big);
    const { workspace } = loadDiskWorkspace(['.'], root);
    expect(workspace.source.skimGo!(`${root}/big.go`)).toEqual({ mentionsPlugin: true });
    expect(workspace.source.skimGo!(`${root}/main.go`)).toEqual({ mentionsPlugin: false, head: 'package x\n' });
  });
});
