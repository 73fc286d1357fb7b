/** `kpa compat` in-process: the release matrix, the newest release that loads as is, the ordered upgrade plan. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { MODULE_FIXTURES } from '../../fixtures/modules/harness.js';

async function run(args: string[], cwd: string) {
  const io = captureIO(cwd, { NO_COLOR: '1' });
  const code = await main(['compat', ...args], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function plugin(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpa-compat-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A plugin symbol: kpa compat judges only modules that build a plugin (analyzers/plugin-builds.ts). */
const CLIENT_PLUGIN =
  '\ntype registerer string\n\nvar ClientRegisterer = registerer("p")\n\nfunc (registerer) RegisterClients(f func(name string, handler func(context.Context, map[string]interface{}) (http.Handler, error))) {}\n';
const MAIN_GO = `package main\n\nimport (\n\t"context"\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n\t"github.com/luraproject/lura/v2/proxy"\n)\n\nvar _ = gin.New\nvar _ proxy.Proxy\n${CLIENT_PLUGIN}\nfunc main() {}\n`;
const GIN_PLUGIN_GO = `package main\n\nimport (\n\t"context"\n\t"net/http"\n\n\t"github.com/gin-gonic/gin"\n)\n\nvar _ = gin.New\n${CLIENT_PLUGIN}\nfunc main() {}\n`;

describe('kpa compat', () => {
  it('prints a row per release and counts errors, warnings and notes (json)', async () => {
    const r = await run(['version-levels', '--format', 'json'], MODULE_FIXTURES);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.releases).toHaveLength(57);
    const [mod] = json.modules;
    expect(mod.modulePath).toBe('example.com/plugin');
    // gin imported, xxhash and google/uuid most likely linked (go.sum source hashes, no module cache read); go-contrib/uuid required, not linked.
    expect(mod.matrix.rows.at(-1)).toEqual({ krakend: '2.13.8', go: '1.25.12', errors: 3, warnings: 0, notes: 1 });
    expect(mod.matrix.newestClean).toBeNull();
    expect(mod.plan).toBeNull();
  });

  it('names the newest release the plugin loads in as it is', async () => {
    const dir = plugin({
      'go.mod': 'module example.com/clean\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.12.0\n',
      'main.go': GIN_PLUGIN_GO,
    });
    const r = await run(['.', '--from', '2.13'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}2\.13\.8 +1\.25\.12 +0 +0 +0 +loads as is$/m);
    expect(r.out).toMatch(/^ {2}2\.13\.0 +1\.25\.7 /m);
    expect(r.out).not.toMatch(/^ {2}2\.12\.1 /m);
    expect(r.out).toContain('Newest release it loads in as it is: 2.13.8');
  });

  it('gives the upgrade plan in order: go line, renames, lura, direct, then indirect requirements', async () => {
    const dir = plugin({
      'go.mod': [
        'module example.com/upgrade', '', 'go 1.26', '', 'require (',
        '\tgithub.com/gin-gonic/gin v1.9.1', '\tgithub.com/luraproject/lura/v2 v2.3.0', '\tgithub.com/krakendio/krakend-cobra/v2 v2.2.0',
        '\tgithub.com/go-contrib/uuid v1.1.0 // indirect', ')', '',
      ].join('\n'),
      'main.go': MAIN_GO,
    });
    const r = await run(['--krakend', '2.13', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const { plan } = JSON.parse(r.out).modules[0];
    expect(plan.krakend).toBe('2.13.8');
    expect(plan.builder).toBe('krakend/builder:2.13.8');
    expect(plan.steps.map((s: { kind: string; command: string }) => [s.kind, s.command])).toEqual([
      ['go-directive', 'go mod edit -go=1.25.12'],
      ['renamed', 'go get github.com/krakend/krakend-cobra/v2@v2.8.2'],
      ['lura', 'go get github.com/luraproject/lura/v2@v2.14.2-0.20260316170719-6d79b4ef723b'],
      ['version', 'go get github.com/gin-gonic/gin@v1.12.0'],
      ['version', 'go mod edit -replace github.com/go-contrib/uuid=github.com/go-contrib/uuid@v1.2.0'],
    ]);
    // The rename is a note (another path cannot clash with KrakenD's module: KPA204 agrees), kept as an optional step.
    expect(plan.steps.map((s: { level: string }) => s.level)).toEqual(['error', 'note', 'error', 'error', 'warning']);
    const text = await run(['--krakend', '2.13.8'], dir);
    expect(text.out).toContain('Upgrade plan for KrakenD 2.13.8 (Go 1.25.12, builder krakend/builder:2.13.8):');
    expect(text.out).toContain('  1. [error] go line 1.26 → 1.25.12\n     $ go mod edit -go=1.25.12\n     go.mod:3: write "1.25.12"');
    expect(text.out).toContain('then: go mod tidy, and build in krakend/builder:2.13.8.');
  });

  it('says there is nothing to change when go.mod already matches the target', async () => {
    const dir = plugin({ 'go.mod': 'module example.com/ok\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.12.0\n' });
    const r = await run(['--krakend', 'latest'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('nothing to change: go.mod already matches.');
  });

  it('reports a broken go.mod with its position, still prints the matrix, and exits 2', async () => {
    const dir = plugin({ 'go.mod': 'module example.com/broken\n\ngo 1.25\n\nrequire (\n\tgithub.com/gin-gonic/gin\n' });
    const r = await run(['--from', '2.13.8'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('go.mod:6:2: error: usage: require module/path v1.2.3');
    expect(r.err).toContain('go.mod:5:1: error: the `require (` block is never closed');
    expect(r.out).toMatch(/2\.13\.8 +1\.25\.12 +0 +0 +0 +loads as is/);
  });

  it('reports a go.sum that is not text (random bytes) with its file and exits 2', async () => {
    const dir = plugin({ 'go.mod': 'module example.com/junk\n\ngo 1.25\n' });
    writeFileSync(join(dir, 'go.sum'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0xfe, 0x0a]));
    const r = await run(['--from', '2.13.8', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).problems).toEqual([{ file: 'go.sum', line: 1, column: 1, severity: 'error', message: 'cannot read: binary file (NUL byte at offset 2)' }]);
  });

  it('in a directory without go.mod, uses the nearest go.mod above it, as go build does, and reports only that module', async () => {
    const dir = plugin({
      'go.mod': 'module example.com/outer\n\ngo 1.25\n\nrequire github.com/gin-gonic/gin v1.12.0\n',
      'cmd/plugin/main.go': GIN_PLUGIN_GO,
      'tools/go.mod': 'module example.com/tools\n\ngo 1.25\n',
    });
    const r = await run(['cmd/plugin', '--from', '2.13.8', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).modules.map((m: { goMod: string; modulePath: string }) => [m.goMod, m.modulePath])).toEqual([['go.mod', 'example.com/outer']]);
    // Run from inside: the same module, named by its path relative to the current directory.
    const inside = await run(['--from', '2.13.8'], join(dir, 'cmd/plugin'));
    expect(inside.out).toMatch(/^example\.com\/outer \(\.\.\/\.\.\/go\.mod\) against 1 KrakenD CE release/m);
    // A go.mod in DIR itself still reports every module below it.
    expect(JSON.parse((await run(['--from', '2.13.8', '--format', 'json'], dir)).out).modules).toHaveLength(2);
  });

  it('with no go.mod at or above DIR, walks nothing: exit 2, naming the modules one or two levels below', async () => {
    const root = plugin({ 'plugins/a/go.mod': 'module example.com/a\n\ngo 1.25\n', 'b/go.mod': 'module example.com/b\n\ngo 1.25\n', 'deep/x/y/go.mod': 'module example.com/y\n\ngo 1.25\n', 'vendor/v/go.mod': 'module v\n' });
    const r = await run([], root);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('kpa: .: no go.mod found in this directory or any parent, so go build has no module here either; modules below it: b, plugins/a (pass one as DIR). Run kpa compat in a plugin module, or pass its directory.\n');
  });

  it('rejects a directory without go.mod and a reversed range (exit 2)', async () => {
    const empty = plugin({ 'README.md': 'x' });
    expect(await run([], empty)).toMatchObject({ code: 2, err: expect.stringContaining('no go.mod found') });
    expect(await run(['version-levels', '--from', '2.13', '--to', '2.12'], MODULE_FIXTURES)).toMatchObject({ code: 2, err: expect.stringContaining('is newer than --to') });
    expect(await run(['version-levels', '--krakend', '1.4'], MODULE_FIXTURES)).toMatchObject({ code: 2, err: expect.stringContaining('unknown KrakenD version "1.4"') });
  });
});

describe('kpa compat over a repository with more than plugins (issue #14 classes 1 and 6)', () => {
  // A custom KrakenD build at the root, a monorepo of independent examples and a gRPC backend beside a plugin below it.
  function corpus(): string {
    const root = mkdtempSync(join(tmpdir(), 'kpa-compat-corpus-'));
    temps.push(root);
    const repos = join(__dirname, '../../fixtures/repos');
    cpSync(join(repos, 'custom-krakend-build'), root, { recursive: true });
    cpSync(join(repos, 'monorepo-independent-examples'), join(root, 'examples'), { recursive: true });
    cpSync(join(repos, 'grpc-backend-beside-plugins'), join(root, 'grpc'), { recursive: true });
    return root;
  }
  const PLUGINS = [
    'examples/01.hello-plugin/plugin/go.mod',
    'examples/02.header-injection/plugin/go.mod',
    'examples/03.two-plugins-one-folder/plugins/audit/go.mod',
    'examples/03.two-plugins-one-folder/plugins/cors-preflight/go.mod',
    'grpc/plugins/auth-header/go.mod',
    'plugins/tenant-router/go.mod',
  ];

  it('judges only the modules that build a plugin, says in one line how many it left out, and stays compact', async () => {
    const root = corpus();
    const text = await run([], root);
    expect(text.code).toBe(0);
    const lines = text.out.trimEnd().split('\n');
    // A line per plugin module, and the line about the others (503 lines before, the custom build and the backend included).
    expect(lines).toHaveLength(1 + PLUGINS.length + 2);
    expect(lines[0]).toBe('6 plugin module(s) against 57 KrakenD CE release(s) (2.0.0–2.13.8), alpine/amd64:');
    for (const goMod of PLUGINS) expect(text.out).toMatch(new RegExp(`^ {2}\\S+ \\(${goMod.replace(/\./g, '\\.')}\\): loads as is in 2\\.13\\.8 \\(in \\d+ of 57 releases\\)$`, 'm'));
    expect(lines.at(-1)).toBe(
      '2 module(s) left out, since they build no plugin (go.mod, grpc/backend/go.mod): no package of theirs declares a plugin symbol and is built as one; --all-modules reports them too.',
    );
    expect(text.out).not.toContain('flights-backend');

    const json = JSON.parse((await run(['--format', 'json'], root)).out);
    expect(json.modules.map((m: { goMod: string }) => m.goMod).sort()).toEqual([...PLUGINS].sort());
    expect(json.modules.every((m: { buildsPlugin: boolean }) => m.buildsPlugin)).toBe(true);
    expect(json.noPlugin).toEqual([
      { goMod: 'go.mod', modulePath: 'github.com/acme-platform/krakend-acme' },
      { goMod: 'grpc/backend/go.mod', modulePath: 'github.com/acme-travel/flights-backend' },
    ]);
  });

  it('--all-modules reports the modules that build no plugin too, with details only for those that do not load as is', async () => {
    const root = corpus();
    const text = await run(['--all-modules'], root);
    expect(text.out).toContain('  github.com/acme-travel/flights-backend (grpc/backend/go.mod) [builds no plugin]: does not load in 2.13.8 (');
    expect(text.out).toMatch(/^github\.com\/acme-travel\/flights-backend \(grpc\/backend\/go\.mod\):\n {2}releases +go +errors warnings notes\n/m);
    // Equal neighbouring releases are merged: far fewer rows than 57 per module with details.
    expect(text.out.split('\n').length).toBeLessThan(60);
    expect(text.out).not.toMatch(/^krakend-server-example \(/m);
    const json = JSON.parse((await run(['--all-modules', '--format', 'json'], root)).out);
    expect(json.modules).toHaveLength(8);
    expect(json.modules.find((m: { goMod: string }) => m.goMod === 'grpc/backend/go.mod').buildsPlugin).toBe(false);
  });

  it('in a module that builds no plugin, says so instead of judging it', async () => {
    const root = corpus();
    const r = await run(['grpc/backend'], root);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'No module here builds a plugin, so none is checked against KrakenD releases.\n1 module(s) left out, since they build no plugin (grpc/backend/go.mod): no package of theirs declares a plugin symbol and is built as one; --all-modules reports them too.\n',
    );
    // The plugin beside it is judged, with only what its build compiles.
    expect(JSON.parse((await run(['grpc/plugins/auth-header', '--format', 'json'], root)).out).modules.map((m: { goMod: string }) => m.goMod)).toEqual(['grpc/plugins/auth-header/go.mod']);
  });
});
