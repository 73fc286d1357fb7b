import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../engine.js';
import { loadGoParser, type GoParser } from '../go/parser.js';
import { resolveTarget } from '../manifests/resolve-target.js';
import type { Target } from '../target.js';
import { MemoryFileSource, Workspace } from '../workspace.js';
import { explainLog, type ExplainLogInputs } from './explain-log.js';
import { parseLogFailures } from './log-failures.js';
import { pluginWorkspaceFiles, XXHASH } from '../../fixtures/logs/plugin-workspace.js';

const LOGS = join(import.meta.dirname, '../../fixtures/logs');
const NO_WORKSPACE: ExplainLogInputs = { chosen: null, facts: null, diagnostics: [] };

function explainFixture(name: string, inputs: ExplainLogInputs = NO_WORKSPACE) {
  return explainLog(readFileSync(join(LOGS, name), 'utf8'), inputs);
}

function summary(name: string, inputs?: ExplainLogInputs) {
  return explainFixture(name, inputs).errors.map((e) => ({ line: e.line, cause: e.cause, subject: e.subject, repeats: e.repeats }));
}

function target(krakend: string, flavour = 'alpine', arch = 'amd64'): Target {
  const resolved = resolveTarget({ krakend, flavour, arch });
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved.target;
}

describe('every log-line template of spec §7.4', () => {
  test.each([
    // plugin.Open("<n>"): realpath failed — three loaders, the later two "(previous failure)": one failure.
    ['template-realpath-failed.log', [{ line: 2, cause: 'file-missing', subject: null, repeats: 3 }]],
    // plugin.Open("<n>"): <dlerror text>
    ['template-cannot-open.log', [{ line: 1, cause: 'file-missing', subject: './plugins/auth.so', repeats: 1 }]],
    // plugin.Open("<n>"): could not find symbol <s>: <dlerror>
    ['template-could-not-find-symbol.log', [{ line: 1, cause: 'not-elf', subject: 'go:plugin.tabs', repeats: 1 }]],
    ['template-already-loaded.log', [{ line: 1, cause: 'already-loaded', subject: null, repeats: 2 }]],
    // plugin: symbol <S> not found in plugin <pluginpath> (also plugin/unnamed-<hash>); "Total plugins loaded" is no failure.
    [
      'template-symbol-not-found.log',
      [
        { line: 1, cause: 'symbol-missing', subject: 'ClientRegisterer', repeats: 1 },
        { line: 2, cause: 'symbol-missing', subject: 'ModifierRegisterer', repeats: 1 },
      ],
    ],
    ['template-not-implemented.log', [{ line: 1, cause: 'no-plugin-support', subject: null, repeats: 1 }]],
    // The runtime's fatal texts; the goroutine dump after them is no failure.
    ['template-fatal.log', [{ line: 2, cause: 'fatal-module-data', subject: null, repeats: 1 }]],
    [
      'template-fatal-others.log',
      [
        { line: 1, cause: 'fatal-module-data', subject: null, repeats: 1 },
        { line: 2, cause: 'fatal-module-data', subject: null, repeats: 1 },
        { line: 3, cause: 'fatal-module-data', subject: null, repeats: 1 },
      ],
    ],
    [
      'template-unknown-type.log',
      [
        { line: 1, cause: 'wrong-signature', subject: 'ClientRegisterer', repeats: 1 },
        { line: 2, cause: 'wrong-signature', subject: 'HandlerRegisterer', repeats: 1 },
        { line: 3, cause: 'wrong-signature', subject: 'ModifierRegisterer', repeats: 1 },
      ],
    ],
    // 1.x: "loading plugins: plugin loader found <n> error(s):" then "opening plugin <k> (<path>): <err>]".
    ['template-loader-summary-1x.log', [{ line: 2, cause: 'go-version', subject: 'runtime/internal/sys', repeats: 2 }]],
    // [PLUGIN: Server] lines: "Injecting plugin" is no failure.
    [
      'template-server-wiring.log',
      [
        { line: 3, cause: 'not-registered', subject: 'krakend-server-exmaple', repeats: 1 },
        { line: 4, cause: 'wrong-signature', subject: 'krakend-server-example', repeats: 1 },
        { line: 5, cause: 'unknown', subject: null, repeats: 1 },
      ],
    ],
    // Client wiring under [BACKEND: …]; "[Modifier Plugins] Adding …" is no failure.
    [
      'template-client-wiring.log',
      [
        { line: 1, cause: 'not-registered', subject: null, repeats: 1 },
        { line: 2, cause: 'not-registered', subject: 'krakend-client-exampel', repeats: 1 },
      ],
    ],
    // krakend test-plugin's [KO] lines.
    [
      'template-test-plugin.log',
      [
        { line: 1, cause: 'symbol-missing', subject: 'HandlerRegisterer', repeats: 1 },
        { line: 3, cause: 'unknown', subject: null, repeats: 1 },
      ],
    ],
    ['nothing-plugin-related.log', []],
  ])('%s', (name, expected) => {
    expect(summary(name)).toEqual(expected);
  });

  test('the wrapper names the file and the text starts at it, prefixes left out', () => {
    const [f] = parseLogFailures('krakend-1  | [00] 2023/08/01 11:22:42 KRAKEND DEBUG: [SERVICE: Executor Plugin] plugin #0 (plugins/a.so): plugin.Open("plugins/a"): plugin already loaded\n');
    expect(f).toMatchObject({ plugin: 'plugins/a.so', error: 'plugin already loaded', text: 'plugin #0 (plugins/a.so): plugin.Open("plugins/a"): plugin already loaded', start: 80 });
  });

  test('hostile lines stay linear: 1 MiB without spaces, of underscores, of separators', () => {
    const lines = [
      'x'.repeat(1 << 20),
      `plugin #0 (a.so): ${'_'.repeat(1 << 20)} symbol not found`,
      `${'a: '.repeat(1 << 18)}libc.so.6: version`,
      `plugin.Open("a"): ${'x'.repeat(1 << 20)}: cannot open shared object file`,
    ];
    const start = performance.now();
    const found = explainLog(lines.join('\n'), NO_WORKSPACE).errors.map((e) => e.cause);
    // A quadratic pattern takes minutes on these; linear ones a few hundred milliseconds.
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(found).toEqual(['unknown', 'file-missing']);
  });

  test('without a wrapper the plugin is the name given to plugin.Open', () => {
    expect(parseLogFailures('plugin.Open("./x.so"): invalid ELF header')[0].plugin).toBe('./x.so');
  });
});

describe('a log from each report of spec §7.2 that quotes its text', () => {
  test.each([
    ['ce-195-go-version.log', ['go-version', 'go-version', 'go-version', 'module-version'], 'github.com/devopsfaith/krakend-martian'],
    ['ce-187-grpc-codes.log', ['go-version', 'module-version'], 'google.golang.org/grpc'],
    ['ce-235-golang-latest.log', ['go-version'], 'internal/cpu'],
    ['ce-285-internal-cpu.log', ['go-version'], 'internal/cpu'],
    ['ce-333-runtime-internal-sys.log', ['go-version'], 'runtime/internal/sys'],
    ['ce-265-unsafeheader.log', ['go-version'], 'internal/unsafeheader'],
    ['ce-475-lura-register.log', ['module-version'], 'github.com/luraproject/lura/v2'],
    ['ce-491-net-cgo.log', ['go-version'], 'net'],
    ['ce-765-runtime-compose.log', ['go-version'], 'runtime'],
    ['ce-576-runtime.log', ['go-version'], 'runtime'],
    ['ce-1012-xxhash.log', ['module-version'], 'github.com/cespare/xxhash/v2'],
    ['ce-910-stated-go.log', ['go-version'], 'internal/goarch'],
    ['ce-411-glibc-plugin.log', ['libc'], 'GLIBC_2.34'],
    ['ce-762-glibc-binary.log', ['libc', 'libc'], 'GLIBC_2.32'],
    ['ce-178-vfprintf-chk.log', ['libc'], '__vfprintf_chk'],
    ['ce-546-fprintf-chk.log', ['libc'], '__fprintf_chk'],
    ['ce-476-relocation-1026.log', ['arch'], 'relocation type 1026'],
    ['ce-831-relocation-7.log', ['arch'], 'relocation type 7'],
    ['ce-834-already-loaded.log', ['already-loaded'], null],
    ['ce-415-no-plugin-module-data.log', ['fatal-module-data'], null],
    ['ce-254-invalid-elf.log', ['not-elf', 'module-version'], 'github.com/golang/protobuf'],
    ['ce-242-symbol-clientregisterer.log', ['symbol-missing'], 'ClientRegisterer'],
  ])('%s', (name, causes, lastSubject) => {
    const { errors } = explainFixture(name);
    expect(errors.map((e) => e.cause)).toEqual(causes);
    expect(errors[errors.length - 1].subject).toBe(lastSubject);
    for (const e of errors) {
      expect(e.explanation.length).toBeGreaterThan(40);
      expect(e.fix.length).toBeGreaterThan(20);
    }
  });

  test('ce-1012: the fix is the version KrakenD 2.7.2 links, read from the log', () => {
    const { target, errors } = explainFixture('ce-1012-xxhash.log');
    expect(target).toMatchObject({ source: 'log', target: { spec: { krakend: '2.7.2' } } });
    const want = target.target.manifest.modules['github.com/cespare/xxhash/v2'];
    expect(want).toMatch(/^v2\./);
    expect(errors[0].fix).toContain(`go get github.com/cespare/xxhash/v2@${want}`);
    expect(errors[0].repeats).toBe(3);
  });

  test('ce-910: the Go the binary states wins over the release data, and the libc string gives the flavour', () => {
    const { target, errors } = explainFixture('ce-910-stated-go.log');
    expect(target.target.spec).toMatchObject({ krakend: '2.7.0', flavour: 'alpine' });
    expect(target.target.manifest.go).toBe('1.22.5');
    expect(errors[0].fix).toContain('Go 1.22.2');
    expect(errors[0].explanation).toContain('ce#910');
  });

  test('ce-491: a cgo package names CGO_ENABLED=0', () => {
    expect(explainFixture('ce-491-net-cgo.log').errors[0].explanation).toContain('CGO_ENABLED=0');
  });

  test('ce-762: the binary itself needs the newer glibc', () => {
    expect(explainFixture('ce-762-glibc-binary.log').errors[0].explanation).toContain('KrakenD binary krakend needs GLIBC_2.34');
  });

  test('ce-476 for an arm64 target gives the cross-compile flags of spec §6.2', () => {
    const { errors } = explainFixture('ce-476-relocation-1026.log', { ...NO_WORKSPACE, chosen: { target: target('2.7.2', 'alpine', 'arm64'), source: 'flags', note: null } });
    expect(errors[0].fix).toContain('CC=aarch64-linux-musl-gcc GOARCH=arm64');
    expect(errors[0].fix).toContain('-extldflags=-fuse-ld=bfd -extld=aarch64-linux-musl-gcc');
    expect(errors[0].fix).toContain('krakend/builder:2.7.2');
  });

  test('a log that states no release is judged against the newest, said so', () => {
    const report = explainFixture('ce-576-runtime.log');
    expect(report.target.source).toBe('latest');
    expect(report.target.note).toContain('does not say which KrakenD');
  });

  test('a whole docker logs dump: each distinct failure once, the rest silent', () => {
    expect(summary('docker-logs-dump.log')).toEqual([
      { line: 5, cause: 'module-version', subject: 'github.com/luraproject/lura/v2', repeats: 3 },
      { line: 6, cause: 'symbol-missing', subject: 'ClientRegisterer', repeats: 1 },
      { line: 10, cause: 'symbol-missing', subject: 'ModifierRegisterer', repeats: 1 },
      { line: 14, cause: 'not-registered', subject: 'krakend-auth', repeats: 1 },
    ]);
  });
});

describe('explanations from the workspace', () => {
  let parser: GoParser;
  beforeAll(async () => {
    parser = await loadGoParser();
  });

  function workspace(xxhash: string) {
    const files = new Map([...pluginWorkspaceFiles(xxhash)].map(([name, text]) => [`/w/${name}`, text]));
    const t = target('2.7.2');
    const { facts, diagnostics } = analyze(new Workspace('/w', new MemoryFileSource(files)), { parser, target: t });
    return { chosen: { target: t, source: 'flags' as const, note: null }, facts, diagnostics };
  }

  test('module-version: the go.mod line to change, as a fix with edits', () => {
    const inputs = workspace('v2.1.0');
    const [e] = explainFixture('ce-1012-xxhash.log', inputs).errors;
    const want = inputs.chosen.target.manifest.modules[XXHASH];
    expect(e.cause).toBe('module-version');
    expect(e.explanation).toContain('builds it at v2.1.0 (go.mod)');
    expect(e.fixes[0].edits[0]).toMatchObject({ file: '/w/go.mod', newText: want, range: { start: { line: 4 } } });
  });

  test('build-settings: go.sum already has the version KrakenD links', () => {
    const want = target('2.7.2').manifest.modules[XXHASH];
    const [e] = explainFixture('ce-1012-xxhash.log', workspace(want)).errors;
    expect(e.cause).toBe('build-settings');
    expect(e.explanation).toContain('-trimpath');
    expect(e.explanation).toContain('GOMODCACHE');
    expect(e.fixes).toEqual([]);
  });

  test('not-registered: the registered names, with did-you-mean', () => {
    const text = 'KRAKEND ERROR: [PLUGIN: Server] No plugin registered as ratelimt\n';
    const [e] = explainLog(text, workspace('v2.1.0')).errors;
    expect(e.explanation).toContain('The workspace registers: ratelimit');
    expect(e.fix).toContain('Did you mean "ratelimit"?');
  });

  test('symbol-missing: the plugin built as that file is another kind, so the line is expected', () => {
    const files = new Map([
      ['/w/headers/go.mod', 'module example.com/headers\n\ngo 1.22\n'],
      ['/w/headers/main.go', 'package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\nvar HandlerRegisterer = registerer("krakend-headers")\n\ntype registerer string\n\nfunc (r registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {\n\tf(string(r), nil)\n}\n\nfunc main() {}\n'],
      ['/w/krakend.json', '{ "version": 3, "plugin": { "folder": "/opt/krakend/plugins/", "pattern": ".so" } }\n'],
    ]);
    const { facts, diagnostics } = analyze(new Workspace('/w', new MemoryFileSource(files)), { parser, target: target('2.7.2') });
    const { errors } = explainFixture('docker-logs-dump.log', { chosen: null, facts, diagnostics });
    expect(errors[1].explanation).toContain('kpa finds HandlerRegisterer in the plugin built as headers.so: this line is expected');
    const missing = explainLog('plugin #0 (/opt/krakend/plugins/gone.so): plugin.Open("/opt/krakend/plugins/gone"): realpath failed\n', { chosen: null, facts, diagnostics });
    expect(missing.errors[0].explanation).toContain('krakend.json loads ".so" files from /opt/krakend/plugins');
  });

  test('module-version in a monorepo: the module that builds the file the log names', () => {
    const files = new Map<string, string>();
    for (const [dir, version] of [['alpha', 'v2.1.0'], ['ratelimit', 'v2.2.0']]) {
      for (const [name, text] of pluginWorkspaceFiles(version)) files.set(`/w/${dir}/${name}`, text.replace('example.com/ratelimit', `example.com/${dir}`));
    }
    const t = target('2.7.2');
    const { facts, diagnostics } = analyze(new Workspace('/w', new MemoryFileSource(files)), { parser, target: t });
    const [e] = explainFixture('ce-1012-xxhash.log', { chosen: null, facts, diagnostics }).errors;
    expect(e.explanation).toContain('builds it at v2.2.0 (ratelimit/go.mod)');
    expect(e.fixes[0].edits[0].file).toBe('/w/ratelimit/go.mod');
  });

  test('already-loaded without built files: the go.mod files that declare one module path (ce#834)', () => {
    const files = new Map<string, string>();
    for (const dir of ['ratelimit', 'auth']) for (const [name, text] of pluginWorkspaceFiles()) files.set(`/w/${dir}/${name}`, text.replace('example.com/ratelimit', 'krakend-server'));
    const { facts, diagnostics } = analyze(new Workspace('/w', new MemoryFileSource(files)), { parser, target: target('2.7.2') });
    const [e] = explainLog('plugin #1 (/opt/krakend/plugins/auth.so): plugin.Open("/opt/krakend/plugins/auth"): plugin already loaded\n', { chosen: null, facts, diagnostics }).errors;
    expect(e.explanation).toContain('In this workspace auth/go.mod and ratelimit/go.mod declare the same module path, krakend-server.');
  });

  test('wrong-signature: the rule kpa reports for the symbol', () => {
    const text = 'plugin #0 (/opt/plugins/auth.so): http-request-executor plugin loader: unknown type\n';
    const [e] = explainLog(text, workspace('v2.1.0')).errors;
    expect(e.explanation).toMatch(/kpa reports KPA101 at main\.go:24/);
    expect(e.fix).toContain('kpa explain KPA101');
  });
});
