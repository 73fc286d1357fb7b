/**
 * `kpa lint --fix` and `--fix-dry-run` end to end (main(argv, io) in process) on copies of fixtures: what
 * changed per file, what is left, a second run that changes nothing, the file's mode, CRLF and BOM kept, fixes
 * taken over several passes, command-only fixes listed, a dry run's diff that `git apply` accepts and that
 * writes nothing, and (through the real lint pipeline) a file changed between read and write left alone.
 * Go's own go.mod parser (`go mod edit -json`) reads the fixed go.mod.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { toPosix } from '../../host/disk-workspace.js';
import { fixInPasses } from '../../host/fix-passes.js';
import { runLint } from '../../host/lint-pipeline.js';
import { loadProjectSettings } from '../../host/project-settings.js';
import { targetFromFlags } from '../../host/target-flags.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function copyOf(fixture: string): string {
  const root = mkdtempSync(join(tmpdir(), 'kpa-fix-'));
  roots.push(root);
  cpSync(join(import.meta.dirname, '../../fixtures', fixture), root, { recursive: true });
  return root;
}

async function lint(cwd: string, args: string[]) {
  const io = captureIO(cwd, {});
  const code = await main(['lint', '.', '--krakend', '2.7', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('kpa lint --fix on a Go source (KPA101), CRLF with a BOM, mode 0640', () => {
  const root = copyOf('repos/true-error-pointer-registerer');
  const plugin = join(root, 'plugin.go');
  const lf = readFileSync(plugin, 'utf8');
  writeFileSync(plugin, Buffer.concat([BOM, Buffer.from(lf.replace(/\n/g, '\r\n'))]));
  chmodSync(plugin, 0o640);
  const original = readFileSync(plugin);

  it('--fix-dry-run prints a unified diff that git apply accepts, lists nothing else to do, and writes nothing', async () => {
    const { code, stdout, stderr } = await lint(root, ['--fix-dry-run']);
    expect(stderr).toBe('');
    expect(stdout).toContain('--- a/plugin.go\n+++ b/plugin.go\n@@ -14,7 +14,7 @@\n');
    expect(stdout).toContain('\n-var HandlerRegisterer = &geoHeaders{name: "geo-headers", header: "CF-IPCountry"}\r\n+var HandlerRegisterer = geoHeaders{name: "geo-headers", header: "CF-IPCountry"}\r\n');
    expect(stdout).toMatch(/\n--fix would apply 1 fix in 1 file /);
    expect(code).toBe(1); // the finding is still there
    expect(readFileSync(plugin)).toEqual(original);
    const patch = stdout.slice(0, stdout.indexOf('--fix would apply'));
    // The BOM is not part of the texts compared, so the patch is checked against the file without it.
    const check = copyOf('repos/true-error-pointer-registerer');
    writeFileSync(join(check, 'plugin.go'), lf.replace(/\n/g, '\r\n'));
    writeFileSync(join(check, 'fix.patch'), patch);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: check });
  });

  it('--fix changes the one line, says so, reports what is left, and keeps mode, CRLF and BOM', async () => {
    const { code, stdout } = await lint(root, ['--fix']);
    expect(stdout).toMatch(/^fixed plugin\.go \(1 fix\):\n {4}KPA101 Declare HandlerRegisterer as a value\n\nno problems, 4 files checked\n/);
    expect(code).toBe(0);
    const after = readFileSync(plugin);
    expect(after.subarray(0, 3)).toEqual(BOM);
    expect(after.subarray(3).toString()).toBe(lf.replace('= &geoHeaders{', '= geoHeaders{').replace(/\n/g, '\r\n'));
    expect(statSync(plugin).mode & 0o777).toBe(0o640);
  });

  it('a second --fix changes nothing', async () => {
    const before = readFileSync(plugin);
    const { code, stdout } = await lint(root, ['--fix']);
    expect(stdout).toMatch(/^no fixes to apply\n\nno problems/);
    expect(code).toBe(0);
    expect(readFileSync(plugin)).toEqual(before);
  });
});

describe('kpa lint --fix on go.mod', () => {
  it('applies the version fixes over two passes (two pins insert at one place), Go reads the result, a second run changes nothing', async () => {
    const root = copyOf('modules/version-levels');
    // One pass takes 3: the uuid pin inserts where the xxhash pin does, so it waits for the second pass.
    expect((await lint(root, ['--fix-dry-run'])).stdout).toMatch(/\n--fix would apply 3 fixes in 1 file /);
    const { code, stdout } = await lint(root, ['--fix']);
    expect(stdout).toContain(
      'fixed go.mod (4 fixes):\n' +
        '    KPA205 Set the go line to 1.22.7\n' +
        '    KPA202 Require github.com/gin-gonic/gin v1.9.1\n' +
        '    KPA202 Pin github.com/cespare/xxhash/v2 to v2.3.0 with a replace\n' +
        '    KPA202 Pin github.com/google/uuid to v1.6.0 with a replace\n',
    );
    expect(stdout).toContain('go.mod changed: run `go mod download` (or `go mod tidy`) in . so go.sum holds the new versions');
    expect(stdout).toMatch(/\nno problems, 3 files checked\n/);
    expect(code).toBe(0);
    // Go 1.19 (this machine's) rejects a three-part go line, which KrakenD 2.7's Go 1.22 wants: Go reads the rest.
    const forGo119 = copyOf('modules/version-levels');
    writeFileSync(join(forGo119, 'go.mod'), readFileSync(join(root, 'go.mod'), 'utf8').replace(/^go 1\.22\.7$/m, 'go 1.19'));
    const parsed = JSON.parse(execFileSync('go', ['mod', 'edit', '-json'], { cwd: forGo119, encoding: 'utf8' })) as {
      Go: string;
      Require: { Path: string; Version: string }[];
      Replace: { Old: { Path: string }; New: { Path: string; Version: string } }[];
    };
    expect(readFileSync(join(root, 'go.mod'), 'utf8')).toMatch(/^go 1\.22\.7$/m);
    expect(parsed.Require.find((r) => r.Path === 'github.com/gin-gonic/gin')?.Version).toBe('v1.9.1');
    expect(parsed.Replace.map((r) => `${r.Old.Path}=>${r.New.Path}@${r.New.Version}`).sort()).toEqual([
      'github.com/cespare/xxhash/v2=>github.com/cespare/xxhash/v2@v2.3.0',
      'github.com/google/uuid=>github.com/google/uuid@v1.6.0',
    ]);
    const goMod = readFileSync(join(root, 'go.mod'));
    const again = await lint(root, ['--fix']);
    expect(again.stdout).toMatch(/^no fixes to apply\n/);
    expect(readFileSync(join(root, 'go.mod'))).toEqual(goMod);
  });

  it('pins a direct requirement with a replace when go.sum shows a dependency may require more: go mod tidy would raise a lowered require (ce#901)', async () => {
    const root = copyOf('modules/version-levels');
    // A dependency of the plugin requires gin v1.10.0: go.sum lists its go.mod.
    writeFileSync(join(root, 'go.sum'), readFileSync(join(root, 'go.sum'), 'utf8') + 'github.com/gin-gonic/gin v1.10.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');
    const { stdout } = await lint(root, ['--fix']);
    expect(stdout).toContain(
      '    KPA202 Pin github.com/gin-gonic/gin to v1.9.1 with a replace (go.sum lists v1.10.0: if a dependency requires it, go mod tidy would raise a lowered require back)\n',
    );
    const goMod = readFileSync(join(root, 'go.mod'), 'utf8');
    expect(goMod).toMatch(/^\tgithub\.com\/gin-gonic\/gin v1\.11\.0 /m);
    expect(goMod).toContain('replace github.com/gin-gonic/gin => github.com/gin-gonic/gin v1.9.1');
  });

  it('lists a fix that is only a command instead of running it; fixes notes only when notes are shown', async () => {
    const root = copyOf('repos/redis-v8-pre-go117');
    const goMod = readFileSync(join(root, 'go.mod'));
    const withNotes = await lint(root, ['--fix-dry-run', '--notes']);
    expect(withNotes.stdout).toContain('left to do by hand:\n    go.mod:1:1: KPA202 run: go mod download\n');
    expect((await lint(root, ['--fix-dry-run'])).stdout).not.toContain('go mod download');
    expect(readFileSync(join(root, 'go.mod'))).toEqual(goMod);
  });

  it('with --format json, stdout is the report of what is left and the summary goes to stderr', async () => {
    const root = copyOf('repos/true-error-pointer-registerer');
    const { code, stdout, stderr } = await lint(root, ['--fix', '--format', 'json']);
    expect(JSON.parse(stdout).summary.errors).toBe(0);
    expect(stderr).toMatch(/^fixed plugin\.go \(1 fix\):/);
    expect(code).toBe(0);
  });
});

describe('a file changed between the lint reading it and --fix writing it', () => {
  it('is not written, is reported, and the finding stays', async () => {
    const root = copyOf('repos/true-error-pointer-registerer');
    const plugin = join(root, 'plugin.go');
    const host = { cwd: root, env: {} };
    const project = loadProjectSettings(root, root, toPosix(root));
    const target = targetFromFlags({ krakend: '2.7' }, project, host);
    const edited = readFileSync(plugin, 'utf8').replace('// The loader', '// Saved in an editor meanwhile. The loader');
    const run = await fixInPasses(() => runLint({ paths: ['.'], project, target }, host), { beforeReplace: () => writeFileSync(plugin, edited) });
    expect(run.changedOnDisk).toEqual([toPosix(plugin)]);
    expect(run.files).toEqual([]);
    expect(readFileSync(plugin, 'utf8')).toBe(edited);
    expect(run.last.diagnostics.map((d) => d.rule)).toContain('KPA101');
  });
});

describe('usage', () => {
  it('--fix and --fix-dry-run together are refused', async () => {
    const root = copyOf('repos/true-error-pointer-registerer');
    const { code, stderr } = await lint(root, ['--fix', '--fix-dry-run']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--fix.*cannot be used with.*--fix-dry-run/);
  });
});
