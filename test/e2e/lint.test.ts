/**
 * `kpa lint` end to end, in process (main(argv, io) with a capturing CliIO) on trees written to a temp dir:
 * unreadable input (KPA001), .kpa.json settings and ignore globs, suppressions (KPA002), formats and
 * --output files validated against their schemas, exit codes, colours, and the lazy Go parser.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { errorsOf, lintJsonValidator, sarifValidator } from '../../cli/reporters/testing/validators.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'kpa-lint-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function lint(cwd: string, args: string[], env: Record<string, string> = {}, tty = false) {
  const io = captureIO(cwd, env, undefined, { isTTY: tty });
  const code = await main(['lint', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const JUNK = Uint8Array.from([0x70, 0x61, 0x63, 0x6b, 0x00, 0x01, 0xff, 0x02]);
const LATIN1 = Uint8Array.from([...Buffer.from('package main\n\n// caf'), 0xe9, 0x0a]);
const OK_GO = 'package main\n\nfunc helper() int { return 1 }\n';

describe('kpa lint on unreadable input (KPA001)', () => {
  let root: string;
  beforeEach(() => {
    root = tree({ 'plugin/ok.go': OK_GO, 'plugin/junk.go': JUNK, 'plugin/latin1.go': LATIN1, 'plugin/go.mod': 'module example.com/p\n\ngo 1.22\n' });
  });

  it('reports each file with path:line:col relative to cwd, analyses the rest and exits 1', async () => {
    const { code, stdout, stderr } = await lint(root, ['plugin']);
    expect(stderr).toBe('');
    expect(stdout).toContain('plugin/junk.go:1:1: error KPA001 kpa could not analyse this file: binary file (NUL byte at offset 4).');
    expect(stdout).toContain('plugin/latin1.go:1:1: error KPA001 kpa could not analyse this file: not valid UTF-8 (first bad byte at offset 20).');
    expect(stdout).not.toContain('ok.go');
    expect(stdout).toMatch(/\n2 problems \(2 errors\), 4 files checked\n$/);
    expect(code).toBe(1);
  });

  it('prints paths relative to the directory kpa runs in', async () => {
    const { stdout } = await lint(join(root, 'plugin'), ['.']);
    expect(stdout).toMatch(/^junk\.go:1:1: error KPA001/m);
  });

  it('--severity, --exit-zero and --quiet decide exit code and output', async () => {
    writeFileSync(join(root, '.kpa.json'), '{"rules": {"KPA001": "warning"}}');
    const asWarnings = await lint(root, ['plugin']);
    expect([asWarnings.code, asWarnings.stdout]).toEqual([0, expect.stringContaining('warning KPA001')]);
    expect((await lint(root, ['plugin', '--severity', 'warning'])).code).toBe(1);
    expect((await lint(root, ['plugin', '--severity', 'note'])).code).toBe(1);
    expect((await lint(root, ['plugin', '--severity', 'warning', '--exit-zero'])).code).toBe(0);
    expect((await lint(root, ['plugin', '--quiet'])).stdout).toBe('');
    expect((await lint(root, ['plugin', '--quiet', '--severity', 'warning'])).stdout).toContain('warning KPA001');
    const quietJson = JSON.parse((await lint(root, ['plugin', '--quiet', '--format', 'json'])).stdout);
    expect([quietJson.diagnostics, quietJson.summary.problems]).toEqual([[], 0]);
  });

  it('text leaves notes out and counts them; --notes or --severity note shows them; json and sarif keep them', async () => {
    writeFileSync(join(root, '.kpa.json'), '{"rules": {"KPA001": "note"}}');
    const hidden = await lint(root, ['plugin', '--output', 'text=out/lint.txt', '--output', 'sarif=out/lint.sarif']);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toBe('no problems, 4 files checked\n2 notes not shown: they cannot change whether a plugin loads. Show them with --notes.\n');
    expect(readFileSync(join(root, 'out/lint.txt'), 'utf8')).toBe(hidden.stdout);
    expect(JSON.parse(readFileSync(join(root, 'out/lint.sarif'), 'utf8')).runs[0].results.map((r: { level: string }) => r.level)).toEqual(['note', 'note']);
    const shown = await lint(root, ['plugin', '--notes']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('plugin/junk.go:1:1: note KPA001 kpa could not analyse this file');
    expect(shown.stdout).toMatch(/\n2 problems \(2 notes\), 4 files checked\n$/);
    const failing = await lint(root, ['plugin', '--severity', 'note']);
    expect([failing.code, failing.stdout]).toEqual([1, shown.stdout]);
    const json = JSON.parse((await lint(root, ['plugin', '--format', 'json'])).stdout);
    expect(json.diagnostics.map((d: { severity: string }) => d.severity)).toEqual(['note', 'note']);
    expect(json.summary).toMatchObject({ problems: 2, notes: 2 });
  });

  it('writes json to stdout valid against the documented schema, with the target', async () => {
    const { code, stdout } = await lint(root, ['plugin', '--format', 'json', '--krakend', '2.10', '--flavour', 'linux-generic', '--arch', 'arm64']);
    const parsed = JSON.parse(stdout);
    const validate = lintJsonValidator();
    expect(validate(parsed), errorsOf(validate)).toBe(true);
    expect(parsed.target).toMatchObject({ krakend: expect.stringMatching(/^2\.10\.\d+$/), flavour: 'linux-generic', arch: 'arm64' });
    expect(parsed.diagnostics.map((d: { file: string; rule: string }) => `${d.rule} ${d.file}`)).toEqual(['KPA001 plugin/junk.go', 'KPA001 plugin/latin1.go']);
    expect(code).toBe(1);
  });

  it('--output writes SARIF and JSON files beside the text on stdout; the SARIF is valid and repository-relative', async () => {
    mkdirSync(join(root, '.git'));
    const { stdout } = await lint(join(root, 'plugin'), ['.', '--output', 'sarif=../out/kpa.sarif', '--output', 'json=../out/kpa.json']);
    expect(stdout).toContain('error KPA001');
    const sarif = JSON.parse(readFileSync(join(root, 'out/kpa.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(validate(sarif), errorsOf(validate)).toBe(true);
    const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => r.locations[0].physicalLocation.artifactLocation);
    expect(uris).toEqual([
      { uri: 'plugin/junk.go', uriBaseId: '%SRCROOT%' },
      { uri: 'plugin/latin1.go', uriBaseId: '%SRCROOT%' },
    ]);
    expect(sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'KPA001').help.markdown).toMatch(/^# KPA001: unreadable-file/);
    expect(JSON.parse(readFileSync(join(root, 'out/kpa.json'), 'utf8')).summary.errors).toBe(2);
  });

  it('colours only on a TTY or with FORCE_COLOR, never with NO_COLOR', async () => {
    expect((await lint(root, ['plugin'])).stdout).not.toMatch(/\x1b\[/);
    expect((await lint(root, ['plugin'], {}, true)).stdout).toMatch(/\x1b\[31merror/);
    expect((await lint(root, ['plugin'], { FORCE_COLOR: '1' })).stdout).toMatch(/\x1b\[31merror/);
    expect((await lint(root, ['plugin'], { NO_COLOR: '1' }, true)).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('.kpa.json', () => {
  it('is found by walking up from the checked path; its ignore globs, relative to it, skip files', async () => {
    const root = tree({
      '.kpa.json': '{ "ignore": ["**/gen/**", "svc/plugin/old_*.go", "gen/**"] }',
      'svc/plugin/gen/junk.go': JUNK,
      'svc/plugin/old_v1.go': JUNK,
      'svc/plugin/bad.go': JUNK,
      'svc/plugin/sub/old_v1.go': JUNK,
    });
    const { stdout } = await lint(root, ['svc/plugin']);
    expect(stdout.match(/KPA001/g)).toHaveLength(2);
    expect(stdout).toContain('svc/plugin/bad.go:1:1: error KPA001');
    expect(stdout).toContain('svc/plugin/sub/old_v1.go:1:1: error KPA001');
    expect(stdout).toContain('2 files checked');
  });

  it('a pattern with a slash is anchored at the directory of .kpa.json, as in .gitignore', async () => {
    const root = tree({ '.kpa.json': '{ "ignore": ["gen/**"] }', 'svc/gen/junk.go': JUNK, 'gen/junk.go': JUNK });
    const { stdout } = await lint(root, ['.']);
    expect(stdout).toContain('svc/gen/junk.go:1:1: error KPA001');
    expect(stdout).not.toMatch(/^gen\/junk\.go/m);
  });

  it('a broken setting is an input error with its position (exit 2)', async () => {
    const root = tree({ '.kpa.json': '{\n  "rules": { "KPA001": "loud" }\n}\n', 'p/a.go': OK_GO });
    const { code, stdout, stderr } = await lint(root, ['p']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('.kpa.json:2:24: rule KPA001 must be set to "error", "warning", "note" or "off"');
  });

  it('an unknown KrakenD version in .kpa.json points at it', async () => {
    const root = tree({ '.kpa.json': '{"target": {"krakend": "9.9"}}', 'p/a.go': OK_GO });
    const { code, stderr } = await lint(root, ['p']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^kpa: \.kpa\.json:1:24: unknown KrakenD version "9\.9"/);
  });
});

describe('suppressions', () => {
  it('reports a kpa:ignore comment that suppresses nothing (KPA002), as a warning that does not fail the run', async () => {
    const root = tree({ 'p/main.go': 'package main\n\n// kpa:ignore KPA101 kept from an old finding\nfunc helper() int { return 1 }\n' });
    const { code, stdout } = await lint(root, ['p']);
    expect(stdout).toContain('p/main.go:3:1: warning KPA002 This comment suppresses KPA101, but the next line has no KPA101 finding.');
    expect(code).toBe(0);
    expect((await lint(root, ['p', '--severity', 'warning'])).code).toBe(1);
  });
});

describe('usage errors exit 2 with one line, never a stack', () => {
  const root = tree({ 'p/a.go': OK_GO });
  it.each([
    [['p', '--format', 'xml'], /argument 'xml' is invalid/],
    [['p', '--output', 'html=x.html'], /--output html=x\.html: write FORMAT=FILE/],
    [['p', '--krakend', '1.0'], /unknown KrakenD version "1\.0"/],
    [['p', '--flavour', 'musl'], /unknown flavour "musl"/],
    [['missing-dir'], /missing-dir: no such file or directory/],
    [['p', '--manifest', 'nope.json'], /--manifest nope\.json: no such file or directory/],
    [['p', '--config', 'krakend.json'], /--config krakend\.json: no such file or directory/],
  ])('%j', async (args, message) => {
    const { code, stderr } = await lint(root, args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message as RegExp);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the Go parser loads only when there are .go files', () => {
  it('a tree with only go.mod never touches it; a tree with .go files does', async () => {
    const modOnly = tree({ 'p/go.mod': 'module example.com/p\n\ngo 1.22\n' });
    const withGo = tree({ 'p/a.go': OK_GO });
    const env = { KPA_PARSER: 'no-such-backend' };
    expect((await lint(modOnly, ['p'], env)).code).toBe(0);
    const go = await lint(withGo, ['p'], env);
    expect([go.code, go.stderr]).toEqual([2, 'kpa: KPA_PARSER=no-such-backend: use native, wasm or auto\n']);
  });
});

describe('--manifest', () => {
  it('checks against a custom build described by a manifest file; a broken one is an input error', async () => {
    const manifest = { krakend: 'custom', source: 'binary', go: '1.22.7', modulePath: 'example.com/gateway', modules: {} };
    const root = tree({ 'p/a.go': OK_GO, 'm.json': JSON.stringify(manifest), 'bad.json': '{"krakend": 1}' });
    const { code, stdout } = await lint(root, ['p', '--manifest', 'm.json', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).target).toEqual({ krakend: 'custom', flavour: 'alpine', arch: 'amd64', go: '1.22.7' });
    const bad = await lint(root, ['p', '--manifest', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kpa: --manifest bad\.json: .*"krakend" must be the KrakenD version/);
  });
});

describe('with a real Go finding (KPA101, a registerer that holds a pointer)', () => {
  const PLUGIN = (pointerLine: string) => `package main

import (
	"context"
	"net/http"
)

type registerer string

func (r registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f(string(r), nil)
}

${pointerLine}

func main() {}
`;
  const LINE = 'var s = "é🚀"; var HandlerRegisterer = &registerer{}';

  it('text gives a UTF-8 byte column and SARIF a UTF-16 column for the same spot after non-ASCII text', async () => {
    const root = tree({ 'p/main.go': PLUGIN(LINE) });
    const text = await lint(root, ['p']);
    const m = /p\/main\.go:14:(\d+): error KPA101 /.exec(text.stdout);
    expect(m, text.stdout).not.toBeNull();
    const sarif = JSON.parse((await lint(root, ['p', '--format', 'sarif'])).stdout);
    const validate = sarifValidator();
    expect(validate(sarif), errorsOf(validate)).toBe(true);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'KPA101');
    const region = result.locations[0].physicalLocation.region;
    expect(region.startLine).toBe(14);
    const utf16Column = region.startColumn;
    expect(utf16Column).toBeGreaterThan(LINE.indexOf(';'));
    expect(Number(m![1])).toBe(Buffer.byteLength(LINE.slice(0, utf16Column - 1), 'utf8') + 1);
    expect(Number(m![1]) - utf16Column).toBe(3); // é is 2 bytes for 1 unit, 🚀 is 4 bytes for 2 units
  });

  it('a kpa:ignore comment on the line above suppresses it; JSON lists it under suppressed', async () => {
    const root = tree({ 'p/main.go': PLUGIN(`// kpa:ignore KPA101 our loader dereferences it\n${LINE}`) });
    const text = await lint(root, ['p']);
    expect(text.stdout).not.toContain('KPA101');
    expect(text.stdout).toContain('1 suppressed');
    expect(text.code).toBe(0);
    const json = JSON.parse((await lint(root, ['p', '--format', 'json'])).stdout);
    expect(json.suppressed).toMatchObject([{ rule: 'KPA101', line: 15, reason: 'our loader dereferences it', comment: { line: 14 } }]);
  });

  it('its primaryLocationLineHash survives unrelated lines moving', async () => {
    const hash = async (source: string) => {
      const root = tree({ 'p/main.go': source });
      const sarif = JSON.parse((await lint(root, ['p', '--format', 'sarif'])).stdout);
      return sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'KPA101').partialFingerprints.primaryLocationLineHash;
    };
    const before = await hash(PLUGIN(LINE));
    const after = await hash(PLUGIN(LINE).replace('type registerer string', '// a comment\n\ntype registerer string'));
    expect(after).toBe(before);
    expect(await hash(PLUGIN(LINE.replace('"é🚀"', '"x"')))).not.toBe(before);
  });
});

describe('--config', () => {
  it('checks a KrakenD configuration whatever its name, with the plugin', async () => {
    const config = '{\n  "version": 3,\n  "endpoints": [ { "endpoint": "/x", "extra_config": { "plugin/http-server": {"name": ["nope"]} } } ]\n}\n';
    const root = tree({ 'p/a.go': 'package main\n\nfunc main() {}\n', 'gateway.json': config });
    const without = await lint(root, ['p']);
    expect(without.stdout).not.toContain('gateway.json');
    const withConfig = await lint(root, ['p', '--config', 'gateway.json']);
    expect(withConfig.stdout).toMatch(/^gateway\.json:\d+:\d+: (error|warning|note) KPA3\d\d /m);
    expect(withConfig.stdout).toContain('2 files checked');
  });
});
