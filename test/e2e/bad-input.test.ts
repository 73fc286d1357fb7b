/**
 * Bad input, end to end and in-process: every command meets half-typed Go, binary junk, broken module
 * files, broken JSON, huge and deeply nested files, odd file types and bad flags. Each case must end in a
 * message that names the file (and the position where one exists) or a usage error with exit 2; never a
 * stack trace, an "internal error", a hang or a silent pass; and the plugin beside the bad input
 * (fixtures/bad-input/neighbour) must still get its verdicts.
 *
 * Permission denied cannot be produced here: the tests run as root, which reads through chmod 000.
 * Unreadable directories are covered by the fast-glob adapter in host/disk-workspace.ts, not faked here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { AnalysisSession } from '../../analyzers/session.js';
import { loadGoParser } from '../../analyzers/go/parser.js';
import { DiskFileSource } from '../../host/disk-workspace.js';
import { scanWorkspace } from '../../server/workspace-scan.js';

const NEIGHBOUR = resolve('fixtures/bad-input/neighbour');
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

async function kpa(argv: string[], cwd: string): Promise<Run> {
  const io = captureIO(cwd, {});
  const start = performance.now();
  const code = await main(argv, io);
  const run = { code, stdout: io.stdoutText(), stderr: io.stderrText(), ms: performance.now() - start };
  expectNoCrash(run);
  return run;
}

function expectNoCrash(run: Run): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toMatch(STACK_TRACE);
    expect(text).not.toMatch(/internal error/i);
  }
  expect(run.code).not.toBe(3);
}

function write(root: string, rel: string, content: string | Uint8Array): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A plugin package holding the neighbour's source beside `badName`. */
function packageWith(root: string, dir: string, badName: string, bad: string | Uint8Array): void {
  cpSync(join(NEIGHBOUR, 'main.go'), join(root, dir, 'main.go'));
  write(root, join(dir, badName), bad);
}

/** Deterministic bytes (a linear congruential generator), with NUL bytes and invalid UTF-8 among them. */
function junk(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** The neighbour's verdicts: server loads, client does not (KPA101). */
function expectNeighbourInspected(json: string, dir: string): void {
  const pkg = (JSON.parse(json) as { packages: { dir: string; plugins: { kind: string; loads: boolean | null; problems: { rule: string }[] }[] }[] }).packages.find(
    (p) => p.dir === dir,
  );
  expect(pkg, `package ${dir} listed`).toBeDefined();
  const client = pkg!.plugins.find((p) => p.kind === 'client');
  expect(client?.loads).toBe(false);
  expect(client?.problems.map((p) => p.rule)).toContain('KPA101');
}

const neighbourFinding = (dir: string) => new RegExp(`^${dir}/main\\.go:22:24: error KPA101 `, 'm');

// ---------------------------------------------------------------------------------------------------------
// One tree holding every bad input, each in its own directory (with the neighbour's source beside it
// where the bad file is Go), plus the neighbour itself as a module of its own.

let root: string;

const GO_CASES: Record<string, { file: string; content: string | Uint8Array }> = {
  // Half-typed Go: the parser recovers, KPA108 points at the spot, the rest of the package is analysed.
  'unterminated-func': { file: 'half.go', content: 'package main\n\nfunc helper(a int) int {\n\treturn a +\n' },
  'missing-braces': { file: 'half.go', content: 'package main\n\ntype options struct {\n\tname string\n\nfunc (o options) Name() string {\n\treturn o.name\n' },
  'cut-mid-token': { file: 'half.go', content: 'package main\n\nconst pluginNam = "neighb' },
  'syntax-error': { file: 'half.go', content: 'package main\n\nvar x = = 1\n' },
  // Not text: reported as unreadable (KPA001) with the offset of the first bad byte.
  'nul-bytes': { file: 'nul.go', content: 'package main\n\nvar a = 1\x00\n' },
  'binary-elf': { file: 'plugin.go', content: Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]) },
  'latin1': { file: 'accents.go', content: latin1('package main\n\n// caf\xe9 cr\xe8me\nvar menu = 1\n') },
  // An empty file has no package clause: go build rejects it ("expected 'package', found 'EOF'").
  'empty-file': { file: 'empty.go', content: '' },
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-bad-input-'));
  cpSync(NEIGHBOUR, join(root, 'neighbour'), { recursive: true });
  for (const [dir, c] of Object.entries(GO_CASES)) packageWith(root, dir, c.file, c.content);

  // A BOM and CRLF line ends in Go source: Go accepts both, so only the neighbour's finding appears,
  // at the same line and column.
  const neighbourText = readFileSync(join(NEIGHBOUR, 'main.go'), 'utf8');
  write(root, 'bom-crlf/main.go', '\ufeff' + neighbourText.replace(/\n/g, '\r\n'));

  // Not files: a directory named x.go (Go ignores it), a FIFO named y.go (reading it would block),
  // a symlink loop and a symlink to a missing file.
  packageWith(root, 'odd-files', 'README', 'not Go\n');
  mkdirSync(join(root, 'odd-files/x.go'));
  execFileSync('mkfifo', [join(root, 'odd-files/y.go')]);
  symlinkSync('..', join(root, 'odd-files/loop'));
  symlinkSync('missing.go', join(root, 'odd-files/dangling.go'));
  // A symlinked source file is compiled by Go, so it is analysed like any other.
  mkdirSync(join(root, 'symlinked'));
  symlinkSync('../neighbour/main.go', join(root, 'symlinked/main.go'));

  // Module files.
  write(root, 'mod-random/go.mod', 'module example.com/random\n\ngo 1.19\n');
  write(root, 'mod-random/go.sum', junk(4096, 7));
  write(root, 'mod-truncated/go.mod', 'module example.com/truncated\n\ngo 1.19\n\nrequire github.com/google/uuid v1.6.0\n');
  write(
    root,
    'mod-truncated/go.sum',
    'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TfCh',
  );
  write(root, 'mod-syntax/go.mod', 'module example.com/syntax\n\ngo 1.19\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n');
  // A BOM: Go source may start with one, go.mod, go.sum and JSON may not; CRLF is fine everywhere.
  const sumLine = 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n';
  write(root, 'mod-bom/go.mod', '\ufeffmodule example.com/bom\n\ngo 1.19\n');
  write(root, 'mod-bom/go.sum', '\ufeff' + sumLine);
  write(root, 'mod-crlf/go.mod', 'module example.com/crlf\r\n\r\ngo 1.19\r\n\r\nrequire github.com/google/uuid v1.6.0\r\n');
  write(root, 'mod-crlf/go.sum', sumLine.replace('\n', '\r\n'));
  write(root, 'mod-latin1/go.mod', latin1('module example.com/caf\xe9\n\ngo 1.19\n'));
  write(root, 'mod-latin1/go.sum', latin1('example.com/caf\xe9 v1.0.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n'));

  // KrakenD configurations.
  write(root, 'cfg-not-json/krakend.json', '{\n  "version": 3,\n  "endpoints": [\n');
  // 10,000 levels, the most Go's encoding/json reads (one more is refused for its depth, not its syntax).
  write(root, 'cfg-deep/krakend.json', '{"a":'.repeat(9_999) + '[1,,2]' + '}'.repeat(9_999));
  write(root, 'cfg-array/krakend.json', '[{"version": 3}]');
  write(root, 'cfg-bom/krakend.json', '\ufeff{"version": 3}');
  write(root, 'cfg-latin1/krakend.json', latin1('{"version": 3, "name": "caf\xe9"}'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('one tree full of bad input', () => {
  let lint: Run;
  let inspect: Run;
  beforeAll(async () => {
    // --notes: the CRLF go.sum is a note, which text output leaves out by default.
    lint = await kpa(['lint', '--notes'], root);
    inspect = await kpa(['inspect', '--format', 'json'], root);
  });

  it('lint names each bad file with its position, exits 1 and still reports the neighbour', () => {
    expect(lint.code).toBe(1);
    const out = lint.stdout;
    expect(out).toMatch(neighbourFinding('neighbour'));
    for (const dir of Object.keys(GO_CASES)) expect(out, dir).toMatch(neighbourFinding(dir));
    // Half-typed Go: KPA108 at the spot the parser gave up.
    expect(out).toMatch(/^unterminated-func\/half\.go:\d+:\d+: error KPA108 /m);
    expect(out).toMatch(/^missing-braces\/half\.go:\d+:\d+: error KPA108 /m);
    expect(out).toMatch(/^cut-mid-token\/half\.go:3:1: error KPA108 Syntax error near `const pluginNam = "neighb`/m);
    expect(out).toMatch(/^syntax-error\/half\.go:3:9: error KPA108 Syntax error near `=`/m);
    // Not text.
    expect(out).toMatch(/^nul-bytes\/nul\.go:1:1: error KPA001 .*binary file \(NUL byte at offset 23\)/m);
    expect(out).toMatch(/^binary-elf\/plugin\.go:1:1: error KPA001 .*binary file \(NUL byte at offset 7\)/m);
    expect(out).toMatch(/^latin1\/accents\.go:1:1: error KPA001 .*not valid UTF-8 \(first bad byte at offset 20\)/m);
    expect(out).toMatch(/^empty-file\/empty\.go:1:1: error KPA108 Syntax error: missing package clause/m);
  });

  it('a BOM and CRLF line ends do not move positions', () => {
    expect(lint.stdout).toMatch(neighbourFinding('bom-crlf'));
    // KPA310: every copy of the neighbour registers the same name; nothing else is said about this file.
    expect(lint.stdout).not.toMatch(/^bom-crlf\/main\.go:\d+:\d+: \w+ KPA(?!101|310)/m);
  });

  it('a FIFO is reported (not read), a broken symlink named, a symlinked file analysed, a loop and a directory named x.go skipped', () => {
    expect(lint.stdout).toMatch(/^odd-files\/y\.go:1:1: error KPA001 .*not a regular file/m);
    expect(lint.stdout).toMatch(/^odd-files\/dangling\.go:1:1: error KPA001 .*broken symbolic link \(its target missing\.go does not exist\)/m);
    // Go ignores directories whatever their name; following `loop` would list the tree again.
    expect(lint.stdout).not.toMatch(/x\.go|odd-files\/loop/);
    expect(lint.stdout).toMatch(neighbourFinding('odd-files'));
    expect(lint.stdout).toMatch(neighbourFinding('symlinked'));
  });

  it("the language server's workspace scan finds the same files", async () => {
    const { files } = await scanWorkspace(root, { maxFiles: 10_000, ignored: null });
    const odd = files.map((f) => f.slice(root.length + 1)).filter((f) => /^(odd-files|symlinked)\//.test(f));
    expect(odd).toEqual(['odd-files/dangling.go', 'odd-files/main.go', 'odd-files/y.go', 'symlinked/main.go']);
  });

  it('module files: random bytes, truncation, syntax errors, bad UTF-8, a BOM are findings with positions; CRLF a note', () => {
    const out = lint.stdout;
    expect(out).toMatch(/^mod-random\/go\.sum:1:1: error KPA201 this go\.sum cannot be read as text \(binary file \(NUL byte at offset \d+\)\)/m);
    expect(out).toMatch(/^mod-truncated\/go\.sum:2:38: error KPA201 malformed checksum "h1:TfCh"/m);
    expect(out).toMatch(/^mod-syntax\/go\.mod:5:1: error KPA201 the `require \(` block is never closed/m);
    expect(out).toMatch(/^mod-latin1\/go\.mod:1:1: error KPA201 .*not valid UTF-8 \(first bad byte at offset 22\)/m);
    expect(out).toMatch(/^mod-latin1\/go\.sum:1:1: error KPA201 .*not valid UTF-8 \(first bad byte at offset 15\)/m);
    expect(out).toMatch(/^mod-bom\/go\.mod:1:1: error KPA201 this go\.mod starts with a UTF-8 byte order mark, which the go command rejects/m);
    expect(out).toMatch(/^mod-bom\/go\.sum:1:1: warning KPA201 this go\.sum starts with a UTF-8 byte order mark/m);
    // The go command accepts CRLF; kpa only notes the go.sum, which `go mod tidy` rewrites with LF.
    expect(out).not.toMatch(/^mod-crlf\/go\.mod:/m);
    expect(out).toMatch(/^mod-crlf\/go\.sum:1:1: note KPA201 go\.sum has Windows \(CRLF\) line endings/m);
  });

  it('configurations: not JSON, 10,000 levels deep, a non-object root, bad UTF-8, a BOM', () => {
    const out = lint.stdout;
    expect(out).toMatch(/^cfg-not-json\/krakend\.json:4:1: error KPA301 This configuration is not valid JSON: the file ends before this array is closed/m);
    expect(out).toMatch(/^cfg-deep\/krakend\.json:1:49999: error KPA301 This configuration is not valid JSON/m);
    expect(out).toMatch(/^cfg-array\/krakend\.json:1:1: error KPA301 The configuration must be a JSON object, but the root is an array/m);
    // A Latin-1 byte inside a string: Go's encoding/json reads it (as U+FFFD) and KrakenD starts, so no error.
    expect(out).not.toMatch(/^cfg-latin1\/krakend\.json:.*KPA301/m);
    expect(out).toMatch(/^cfg-bom\/krakend\.json:1:1: error KPA301 .*starts with a UTF-8 byte order mark, which Go's encoding\/json rejects/m);
  });

  it('lint --format json is one valid document with the same findings', async () => {
    const json = await kpa(['lint', '--format', 'json'], root);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { diagnostics: { rule: string; file: string; line: number; column: number }[] };
    const at = (file: string) => report.diagnostics.filter((d) => d.file === file).map((d) => `${d.rule}@${d.line}:${d.column}`);
    expect(at('neighbour/main.go')).toContain('KPA101@22:24');
    expect(at('odd-files/y.go')).toEqual(['KPA001@1:1']);
    expect(at('nul-bytes/nul.go')).toEqual(['KPA001@1:1']);
    expect(at('mod-truncated/go.sum')).toEqual(['KPA201@2:38']);
    expect(at('cfg-not-json/krakend.json')).toHaveLength(1);
    expect(json.stderr).toBe('');
  });

  it('inspect lists the neighbour in every package and names each unreadable file on stderr', () => {
    expect(inspect.code).toBe(0);
    for (const dir of ['neighbour', ...Object.keys(GO_CASES), 'bom-crlf', 'odd-files']) expectNeighbourInspected(inspect.stdout, dir);
    for (const file of ['nul-bytes/nul.go', 'binary-elf/plugin.go', 'latin1/accents.go', 'odd-files/y.go', 'odd-files/dangling.go']) {
      expect(inspect.stderr).toContain(`kpa: ${file}: `);
    }
  });
});

describe('huge and deeply nested Go', () => {
  let big: string;
  beforeAll(() => {
    big = mkdtempSync(join(tmpdir(), 'kpa-bad-input-big-'));
    // 20 MB of generated code as protobuf and bindata generators write it: a var block with 160,000 specs
    // (more than a function call takes as arguments) and byte-slice literals with 3 million elements.
    const parts = ['package main\n\n// Code generated by bad-input.test.ts. DO NOT EDIT.\n\nvar (\n'];
    for (let i = 0; i < 160_000; i++) parts.push(`\tb${i} = ${i}\n`);
    parts.push(')\n');
    let size = parts.reduce((n, p) => n + p.length, 0);
    for (let f = 0; size < 20 * 1024 * 1024; f++) {
      const rows: string[] = [];
      for (let r = 0; r < 2000; r++) rows.push(`\t${Array.from({ length: 16 }, (_, b) => `0x${((f * 31 + r * 7 + b) & 255).toString(16).padStart(2, '0')}`).join(', ')},\n`);
      const asset = `\nvar asset${f} = []byte{\n${rows.join('')}}\n\nfunc Asset${f}() []byte { return asset${f} }\n`;
      parts.push(asset);
      size += asset.length;
    }
    packageWith(big, 'huge', 'generated.go', parts.join(''));
    // A 5 MB comment line and a 1 MB string literal before the neighbour's declarations.
    packageWith(big, 'long-lines', 'long.go', `package main\n\n// ${'x'.repeat(5_000_000)}\nvar long = "${'y'.repeat(1_000_000)}"\n`);
    // 50,000 nested parentheses (and types) and a 100,000-term string concatenation.
    packageWith(big, 'parens', 'deep.go', `package main\n\nvar deepName = registerer(${'('.repeat(50_000)}"deep"${')'.repeat(50_000)})\n`);
    write(big, 'parens/types.go', `package main\n\nvar deepSlice ${'[]'.repeat(50_000)}int\n\ntype deepStruct ${'struct { a '.repeat(50_000)}int${' }'.repeat(50_000)}\n`);
    const terms = Array.from({ length: 100_000 }, (_, i) => `"t${i}"`).join(' + ');
    packageWith(big, 'concat', 'long.go', `package main\n\nconst longName = ${terms}\n`);
  });
  afterAll(() => rmSync(big, { recursive: true, force: true }));

  // One command only: parsing 20 MB takes about 10 s on an idle 2-core machine, and inspect runs the same engine.
  it('a 20 MB generated file in a plugin package finishes without overflowing the stack', { timeout: 120_000 }, async () => {
    const lint = await kpa(['lint', 'huge', '--format', 'json'], big);
    console.log(`20 MB generated Go file (kpa lint, in-process): ${lint.ms.toFixed(0)} ms`);
    expect(lint.stderr).toBe('');
    const report = JSON.parse(lint.stdout) as { diagnostics: { rule: string; file: string; line: number; column: number }[] };
    expect(report.diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column}`)).toEqual(['KPA101 huge/main.go:22:24']);
  });

  it('very long lines and deep nesting are analysed, not skipped', async () => {
    const lint = await kpa(['lint', 'long-lines', 'parens', 'concat'], big);
    expect(lint.code).toBe(1);
    for (const dir of ['long-lines', 'parens', 'concat']) expect(lint.stdout).toMatch(neighbourFinding(dir));
    expect(lint.stdout).not.toMatch(/KPA001|parser failed|call stack/);
    const inspect = await kpa(['inspect', 'parens', '--format', 'json'], big);
    const plugins = (JSON.parse(inspect.stdout) as { packages: { plugins: { symbol: string }[] }[] }).packages[0].plugins;
    expect(plugins.map((p) => p.symbol)).toEqual(['HandlerRegisterer', 'ClientRegisterer']);
  });
});

describe('other commands on bad input', () => {
  // KrakenD 2.13.8's Alpine libc string (check-plugin reports any other).
  const RELEASE = ['--krakend', '2.13.8', '-l', 'MUSL-1.2.5_(alpine-3.23.4)'];

  it('check-plugin: random bytes exit 2 naming the file; a FIFO is refused, not read', async () => {
    const random = await kpa(['check-plugin', '-s', 'mod-random/go.sum'], root);
    expect(random.code).toBe(2);
    expect(random.stderr).toMatch(/^kpa: mod-random\/go\.sum is not a go\.sum: binary file \(NUL byte at offset \d+\)\n$/);
    const fifo = await kpa(['check-plugin', '-s', 'odd-files/y.go'], root);
    expect(fifo.code).toBe(1);
    expect(fifo.stderr).toBe('open odd-files/y.go: not a regular file (a named pipe, socket or device)\n');
    const missing = await kpa(['check-plugin', '-s', 'odd-files/dangling.go'], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^open odd-files\/dangling\.go: broken symbolic link/);
  });

  it('check-plugin keeps krakend check-plugin semantics on a truncated go.sum (hashes are not read)', async () => {
    // krakend check-plugin splits lines on spaces and never validates hashes (spec §3), and kpa's drop-in
    // prints what it would; kpa lint and kpa compat report the truncation with its position instead.
    const run = await kpa(['check-plugin', '-s', 'mod-truncated/go.sum', ...RELEASE], root);
    expect(run.stderr).toBe('No incompatibilities found!\n');
    expect(run.code).toBe(0);
  });

  it('check-plugin accepts the libc string exactly as its own "want" line shows it', async () => {
    const first = await kpa(['check-plugin', '-s', 'mod-truncated/go.sum', '--krakend', '2.13.8'], root);
    const shown = /^libc\n\thave: \n\twant: (.+)$/m.exec(first.stderr)?.[1];
    expect(shown).toBe('MUSL-1.2.5_(alpine-3.23.x)');
    const again = await kpa(['check-plugin', '-s', 'mod-truncated/go.sum', '--krakend', '2.13.8', '-l', shown!], root);
    expect(again.stderr).toBe('No incompatibilities found!\n');
  });

  it('a 100,000-line go.sum: check-plugin, compat and lint finish quickly', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const v = `v1.${i % 97}.${i}`;
      lines.push(`example.com/m${i} ${v} h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=`, `example.com/m${i} ${v}/go.mod h1:TfChiQuhnKQhUSVjRmtrcdk76Ww1Z0D0YyiM2W0TBFQ=`);
    }
    write(root, 'mod-big/go.mod', 'module example.com/big\n\ngo 1.19\n');
    write(root, 'mod-big/go.sum', lines.join('\n') + '\n');
    const check = await kpa(['check-plugin', '-s', 'mod-big/go.sum', ...RELEASE], root);
    const compat = await kpa(['compat', 'mod-big', '--format', 'json'], root);
    const lint = await kpa(['lint', 'mod-big'], root);
    console.log(`100,000-line go.sum: check-plugin ${check.ms.toFixed(0)} ms, compat (57 releases) ${compat.ms.toFixed(0)} ms, lint ${lint.ms.toFixed(0)} ms`);
    expect(check.stderr).toBe('No incompatibilities found!\n');
    expect(check.code).toBe(0);
    expect(compat.code).toBe(0);
    expect(JSON.parse(compat.stdout).problems).toEqual([]);
    expect(lint.code).toBe(0);
    for (const r of [check, compat, lint]) expect(r.ms).toBeLessThan(5000);
  });

  it('compat: exit 2 with file:line:col for broken module files, and the matrix still prints', async () => {
    const truncated = await kpa(['compat', 'mod-truncated'], root);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/^mod-truncated\/go\.sum:2:38: error: malformed checksum/m);
    expect(truncated.stdout).toMatch(/^example\.com\/truncated \(mod-truncated\/go\.mod\) against 57 KrakenD CE release/m);
    const syntax = await kpa(['compat', 'mod-syntax'], root);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^mod-syntax\/go\.mod:5:1: error: the `require \(` block is never closed/m);
    const random = await kpa(['compat', 'mod-random'], root);
    expect(random.code).toBe(2);
    expect(random.stderr).toMatch(/^mod-random\/go\.sum:1:1: error: cannot read: binary file/m);
    const bom = await kpa(['compat', 'mod-bom'], root);
    expect(bom.code).toBe(2);
    expect(bom.stderr).toMatch(/^mod-bom\/go\.mod:1:1: error: this go\.mod starts with a UTF-8 byte order mark/m);
    const latin = await kpa(['compat', 'mod-latin1', '--format', 'json'], root);
    expect(latin.code).toBe(2);
    expect(JSON.parse(latin.stdout).problems).toContainEqual(expect.objectContaining({ file: 'mod-latin1/go.mod', line: 1, column: 1, severity: 'error' }));
  });

  it('test-plugin: junk, a FIFO, a directory and a missing file each get a KO line; the run ends', async () => {
    const run = await kpa(['test-plugin', '-s', 'binary-elf/plugin.go', 'odd-files/y.go', 'odd-files/x.go', 'odd-files/dangling.go'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\[KO\] SERVER\tplugin\.go: plugin\.Open\("binary-elf\/plugin\.go"\): .*binary-elf\/plugin\.go: /m);
    expect(run.stderr).toMatch(/^\[KO\] SERVER\ty\.go: plugin\.Open\("odd-files\/y\.go"\): .*: not a regular file/m);
    expect(run.stderr).toMatch(/^\[KO\] SERVER\tx\.go: odd-files\/x\.go is a directory/m);
    expect(run.stderr).toMatch(/^\[KO\] Unable to open the plugin odd-files\/dangling\.go\.$/m);
    expect(run.stderr).toMatch(/^4 plugin\(s\) failed\.$/m);
  });

  it('manifest from-binary: not ELF, not Go, a FIFO, a directory, a missing file: exit 2, one line', async () => {
    const cases: [string, RegExp][] = [
      ['mod-random/go.sum', /^kpa: mod-random\/go\.sum: invalid ELF header/],
      [process.execPath, /^kpa: .*: not a Go binary/],
      ['odd-files/y.go', /^kpa: odd-files\/y\.go: not a regular file/],
      ['odd-files/x.go', /^kpa: odd-files\/x\.go: is a directory/],
      ['nope', /^kpa: nope: no such file or directory\n$/],
    ];
    for (const [file, message] of cases) {
      const run = await kpa(['manifest', 'from-binary', file], root);
      expect(run.code, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(run.stderr, file).toMatch(message);
    }
  });
});

describe('bad flags and paths', () => {
  it('an unknown --krakend lists the known versions and exits 2, for every command that takes it', async () => {
    for (const argv of [['lint'], ['inspect'], ['check-plugin', '-s', 'mod-truncated/go.sum'], ['compat', 'mod-truncated'], ['test-plugin', '-s', 'x.so']]) {
      const run = await kpa([...argv, '--krakend', '9.9.9'], root);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(/unknown KrakenD version "9\.9\.9"\. Known CE releases: 2\.0\.0, 2\.0\.1, /);
    }
  });

  it('--flavour musl and --arch x86 are usage errors (exit 2) naming the value', async () => {
    for (const argv of [['lint'], ['check-plugin'], ['compat', 'mod-truncated'], ['test-plugin', '-s', 'x.so']]) {
      const flavour = await kpa([...argv, '--flavour', 'musl'], root);
      expect(flavour.code, argv.join(' ')).toBe(2);
      expect(flavour.stderr).toMatch(/"musl"/);
      const arch = await kpa([...argv, '--arch', 'x86'], root);
      expect(arch.code, argv.join(' ')).toBe(2);
      expect(arch.stderr).toMatch(/"x86"/);
    }
    const inspect = await kpa(['inspect', '--arch', 'x86'], root);
    expect(inspect.code).toBe(2);
    expect(inspect.stderr).toMatch(/"x86"/);
  });

  it('a path that does not exist: exit 2, one line', async () => {
    for (const command of ['lint', 'inspect', 'compat']) {
      const run = await kpa([command, 'no/such/dir'], root);
      expect(run.code, command).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr, command).toBe('kpa: no/such/dir: no such file or directory\n');
    }
  });

  it('a FIFO given as the path is reported, not read', async () => {
    const lint = await kpa(['lint', 'odd-files/y.go'], root);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/^odd-files\/y\.go:1:1: error KPA001 .*not a regular file/m);
    const inspect = await kpa(['inspect', 'odd-files/y.go'], root);
    expect(inspect.stderr).toMatch(/^kpa: odd-files\/y\.go: not a regular file/m);
  });
});

describe('language server engine (analyzers/session.ts)', () => {
  it('half-typed, binary and empty buffers become findings; the neighbour is still analysed', async () => {
    const parser = await loadGoParser('auto');
    const dir = `${root}/unterminated-func`;
    const session = new AnalysisSession({ root, disk: new DiskFileSource([`${dir}/main.go`, `${dir}/half.go`]), engine: { parser, target: null } });
    session.open(`${dir}/half.go`, GO_CASES['unterminated-func'].content as string);
    const byRule = () => session.analyze().diagnostics.map((d) => `${d.rule} ${d.file.slice(root.length + 1)}:${d.range.start.line + 1}`);
    expect(byRule()).toEqual(expect.arrayContaining(['KPA101 unterminated-func/main.go:22', expect.stringMatching(/^KPA108 unterminated-func\/half\.go:/)]));
    // Typing goes on: a NUL byte, then an empty buffer, then a cut mid-token.
    session.change(`${dir}/half.go`, [{ text: 'package main\n\x00' }]);
    expect(byRule()).toEqual(expect.arrayContaining(['KPA101 unterminated-func/main.go:22', 'KPA001 unterminated-func/half.go:1']));
    session.change(`${dir}/half.go`, [{ text: '' }]);
    expect(byRule()).toEqual(expect.arrayContaining(['KPA101 unterminated-func/main.go:22', 'KPA108 unterminated-func/half.go:1']));
    session.change(`${dir}/half.go`, [{ text: 'package main\n\nvar s = "abc' }]);
    expect(byRule()).toEqual(expect.arrayContaining(['KPA101 unterminated-func/main.go:22', expect.stringMatching(/^KPA108 unterminated-func\/half\.go:3$/)]));
  });
});
