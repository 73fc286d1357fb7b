/**
 * The CLI on a cloned repository as an attacker would shape it (issues #17 and #20): settings that crashed,
 * hung or overflowed the stack, writes through links and over their own input, files named on the command line
 * that kpa does not read, outputs that cannot be written, control sequences in workspace data. Real processes
 * (`node bin/kpa.js`) where the process is what is tested (stdout errors, time bounds), in-process `main`
 * for the fixed-seed fuzz over `.kpa.json`. Every case: exit code in {0, 1, 2}, stderr one clear line and never
 * a stack trace, nothing written but what was asked, within a time bound.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const KPA = join(REPO, 'bin/kpa.js');
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: process.env.CI };
/** Control characters other than newline and tab, as they would reach the terminal raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'evil\u001b]0;pwned\u0007\u001b[2J\u202etxt';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-adversarial-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dir(name: string): string {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function kpa(args: string[], cwd: string, stdio?: { stdoutFd?: number }): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [KPA, ...args], {
    cwd,
    env: ENV,
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', stdio?.stdoutFd ?? 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
}

async function kpaInProcess(args: string[], cwd: string): Promise<Run> {
  const io = captureIO(cwd, { ...ENV });
  const started = Date.now();
  const code = await main(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText(), ms: Date.now() - started };
}

/** One line on stderr, no stack trace, no internal error. */
function expectOneClearLine(r: Run, pattern?: RegExp): void {
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (pattern) expect(r.stderr).toMatch(pattern);
}

/** Every file and link under `d`, relative, with its size: what a run may not change. */
function snapshot(d: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const full = join(p, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(`${relative(d, full)}:${e.isSymbolicLink() ? 'link' : statSync(full).size}`);
    }
  };
  walk(d);
  return out.sort();
}

/** A plugin that lints clean (it registers "hello"), copied into each case's tree. */
const CLEAN_PLUGIN = join(REPO, 'fixtures/repos/monorepo-independent-examples/01.hello-plugin/plugin');

function pluginTree(name: string): string {
  const d = dir(name);
  cpSync(CLEAN_PLUGIN, d, { recursive: true });
  return d;
}

describe('.kpa.json that crashed, hung or overflowed', () => {
  it('[z-a] is a settings error with file and position, exit 2', () => {
    const d = pluginTree('reversed-range');
    writeFileSync(join(d, '.kpa.json'), '{"ignore":["[z-a]"]}');
    const r = kpa(['lint', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.kpa.json:1:12: "ignore" pattern is not usable: the range z-a in [z-a] is reversed; write a-z');
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('backtracking globs finish at once: *a*a…ab over a 40-a name, **/**/…/nomatch over a deep tree', () => {
    const d = pluginTree('backtracking');
    writeFileSync(join(d, `${'a'.repeat(40)}.go`), 'package main\n');
    let deep = d;
    for (let i = 0; i < 40; i++) deep = join(deep, `d${i}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'x.go'), 'package x\n');
    const patterns = [`${'*a'.repeat(12)}b`, `${'**/'.repeat(30)}nomatch`, `${'**/d1/'.repeat(20)}nomatch`];
    writeFileSync(join(d, '.kpa.json'), JSON.stringify({ ignore: patterns }));
    const r = kpa(['lint', '.'], d);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/no problems, \d+ files checked/);
  });

  it('a 100,000-deep file is one positioned problem, not a stack overflow', () => {
    const d = pluginTree('deep-settings');
    writeFileSync(join(d, '.kpa.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    const r = kpa(['lint', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.kpa.json:1:10001: not valid JSON: nesting deeper than 10,000 levels');
    expect(r.stderr).not.toMatch(/RangeError|internal error|\n\s+at /);
  });
});

describe('writes only what was asked', () => {
  let binary: string;
  beforeAll(() => {
    const src = dir('go-program');
    writeFileSync(join(src, 'go.mod'), 'module example.com/app\n\ngo 1.19\n');
    writeFileSync(join(src, 'main.go'), 'package main\n\nfunc main() {}\n');
    binary = join(src, 'krakend');
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: src, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  });

  it('manifest from-binary refuses to write over its input (by name, link or hard link) and leaves it intact', async () => {
    const d = dir('manifest-self');
    const before = readFileSync(binary);
    symlinkSync(binary, join(d, 'link'));
    linkSync(binary, join(d, 'hard'));
    for (const output of [binary, join(d, 'link'), join(d, 'hard')]) {
      const r = await kpaInProcess(['manifest', 'from-binary', binary, '-o', output], d);
      expect(r.code).toBe(2);
      expectOneClearLine(r, /is the binary being read/);
    }
    expect(readFileSync(binary).equals(before)).toBe(true);
  });

  it('a failed manifest write leaves no temporary behind', async () => {
    const d = dir('manifest-fails');
    mkdirSync(join(d, 'out.json'));
    const before = snapshot(d);
    const r = await kpaInProcess(['manifest', 'from-binary', binary, '-o', 'out.json'], d);
    expect(r.code).toBe(2);
    expectOneClearLine(r, /out\.json: /);
    expect(snapshot(d)).toEqual(before);
  });

  it('kpa init never writes through a symbolic link, dangling or not, with or without --force', async () => {
    const d = dir('init-links');
    const elsewhere = join(d, 'elsewhere');
    writeFileSync(join(d, 'precious.txt'), 'keep me\n');
    mkdirSync(join(d, 'p'));
    symlinkSync(elsewhere, join(d, 'p/main.go'));
    symlinkSync('../precious.txt', join(d, 'p/go.mod'));
    for (const force of [[], ['--force']]) {
      const before = snapshot(d);
      const r = await kpaInProcess(['init', 'p', '--kind', 'server', ...force], d);
      expect(r.code).toBe(2);
      expectOneClearLine(r, /p\/main\.go: is a symbolic link/);
      expect(snapshot(d)).toEqual(before);
    }
    expect(readFileSync(join(d, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });

  it('kpa init checks every file before writing any: a directory in the way means nothing is written', async () => {
    const d = dir('init-half');
    mkdirSync(join(d, 'p/Makefile'), { recursive: true });
    writeFileSync(join(d, 'p/main.go'), '// mine\n');
    const before = snapshot(d);
    const r = await kpaInProcess(['init', 'p', '--kind', 'server', '--force'], d);
    expect(r.code).toBe(2);
    expectOneClearLine(r, /p\/Makefile: exists and is not a regular file\. Nothing was written\./);
    expect(snapshot(d)).toEqual(before);
    expect(readFileSync(join(d, 'p/main.go'), 'utf8')).toBe('// mine\n');
  });

  it('kpa init /proc/x returns at once with one line', () => {
    const r = kpa(['init', '/proc/kpa-cannot-be-here', '--kind', 'server'], root);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(20_000);
    expectOneClearLine(r, /^kpa: \/proc\/kpa-cannot-be-here: cannot create/);
  });

  it('kpa lint --output into /proc returns at once with one line', () => {
    const d = pluginTree('output-proc');
    const r = kpa(['lint', '--output', 'sarif=/proc/kpa-cannot-be-here/r.sarif', '.'], d);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(20_000);
    expectOneClearLine(r, /^kpa: --output sarif=\/proc\/kpa-cannot-be-here\/r\.sarif: cannot create/);
  });
});

describe('files named on the command line', () => {
  it('a file kpa does not read is a usage error, never "no problems, 1 file checked"', async () => {
    const d = pluginTree('named-inputs');
    writeFileSync(join(d, 'gateway.json'), '{ not json');
    for (const file of ['gateway.json', '/etc/passwd', '/dev/null']) {
      const r = await kpaInProcess(['lint', file], d);
      expect(r.code).toBe(2);
      expectOneClearLine(r, /not a file kpa checks/);
      expect(r.stdout).toBe('');
    }
    // Named as what it is, the same file is checked.
    const asConfig = await kpaInProcess(['lint', '--config', 'gateway.json', 'main.go'], d);
    expect(asConfig.code).toBe(1);
    expect(asConfig.stdout).toContain('KPA301');
  });
});

describe('outputs that cannot be written', () => {
  const cases: string[][] = [['lint', '--format', 'sarif', '.'], ['lint', '.'], ['inspect', '.'], ['rules']];

  it.each(cases)('%s > /dev/full: one line, exit 2', (...args) => {
    const d = pluginTree('dev-full');
    const full = openSync('/dev/full', 'w');
    try {
      const r = kpa(args, d, { stdoutFd: full });
      expect(r.code).toBe(2);
      expectOneClearLine(r, /^kpa: the output could not be written: no space left on the device \(ENOSPC\)$/m);
    } finally {
      closeSync(full);
    }
  });

  it.each(cases)('%s into a closed pipe: one line, exit 2', async (...args) => {
    const d = pluginTree('closed-pipe');
    const child = spawn(process.execPath, [KPA, ...args], { cwd: d, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before kpa writes its first byte
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(2);
    expectOneClearLine({ code, stderr, stdout: '', ms: 0 }, /^kpa: the output could not be written: the reading end was closed \(EPIPE\)$/m);
  });
});

describe('control sequences in workspace data never reach the terminal raw', () => {
  let d: string;
  beforeAll(() => {
    d = pluginTree('escapes');
    writeFileSync(join(d, 'krakend.json'), JSON.stringify({ version: 3, plugin: { pattern: '.so', folder: './plugins/' }, extra_config: { 'plugin/http-server': { name: [EVIL] } } }));
    mkdirSync(join(d, 'other'));
    writeFileSync(join(d, `other/bad\u001b[2J\u202ename.go`), 'package main\n\nvar HandlerRegisterer = 1\n');
    writeFileSync(join(d, 'go.sum'), `github.com/gin-gonic/gin v1.0.0\u001b]0;x\u0007 h1:abc=\n`);
    writeFileSync(join(d, `named\u001b[2J.txt`), 'x\n');
  });

  const commands: [string, string[], RegExp][] = [
    ['lint (text, with notes)', ['lint', '--notes', '.'], /^(?=[\s\S]*evil\\x1b\]0;pwned\\x07\\x1b\[2J\\u202etxt)(?=[\s\S]*bad\\x1b\[2J\\u202ename\.go)/],
    ['inspect (text)', ['inspect', '.'], /bad\\x1b\[2J\\u202ename\.go/],
    ['lint of a named file kpa does not read', ['lint', 'named\u001b[2J.txt'], /named\\x1b\[2J\.txt: not a file kpa checks/],
    ['check-plugin', ['check-plugin', '--sum', 'go.sum'], /./],
    ['compat', ['compat', '.'], /./],
  ];
  it.each(commands)('%s', async (_, args, shows) => {
    const r = await kpaInProcess(args, d);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout + r.stderr).toMatch(shows);
  });

  it('in .kpa.json keys and values', async () => {
    const s = pluginTree('escapes-settings');
    writeFileSync(join(s, '.kpa.json'), JSON.stringify({ ['\u001b[2J']: 1, ignore: ['[\u001b-\u0001]'] }));
    const r = await kpaInProcess(['lint', '.'], s);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('unknown setting "\\x1b[2J"');
  });
});

describe('fuzz: .kpa.json and its ignore globs', () => {
  const globChar = fc.constantFrom('*', '**', '?', '[', ']', '{', '}', ',', '!', '-', '^', '/', './', 'a', 'b', '.go', '\\', '\u001b', 'é', ' ');
  const glob = fc.array(globChar, { maxLength: 24 }).map((parts) => parts.join(''));
  const settings = fc.oneof(
    fc.record({ ignore: fc.array(glob, { maxLength: 5 }) }, { requiredKeys: [] }).map((s) => JSON.stringify(s)),
    fc
      .record(
        {
          ignore: fc.oneof(fc.array(fc.oneof(glob, fc.jsonValue()), { maxLength: 4 }), fc.jsonValue()),
          rules: fc.dictionary(fc.constantFrom('KPA101', 'kpa001', 'nope', 'registerer-holds-pointer'), fc.constantFrom('off', 'error', 'warning', 'fatal', 3 as unknown as string)),
          target: fc.dictionary(fc.constantFrom('krakend', 'flavour', 'arch', 'x'), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('2.13', 'alpine', 'arm64', 'latest'))),
          build: fc.dictionary(fc.constantFrom('image', 'x'), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-v=/:/host', 'krakend/builder:2.13.8'))),
        },
        { requiredKeys: [] },
      )
      .map((s) => JSON.stringify(s)),
    fc.string({ maxLength: 60 }),
    fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":', '{"ignore":[')).map(([n, open]) => open.repeat(n)),
  );

  it('exit in {0, 1, 2}, stderr is positioned problems or one kpa: line, nothing written, each run bounded', async () => {
    const d = pluginTree('fuzz');
    writeFileSync(join(d, `${'a'.repeat(40)}.go`), 'package main\n');
    const files = snapshot(d).filter((f) => !f.startsWith('.kpa.json'));
    await fc.assert(
      fc.asyncProperty(settings, async (text) => {
        writeFileSync(join(d, '.kpa.json'), text);
        const r = await kpaInProcess(['lint', '--format', 'json', '.'], d);
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
        expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
        for (const line of r.stderr.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^(\.kpa\.json:\d+:\d+: |kpa: )/);
        if (r.code === 2) expect(r.stderr).not.toBe('');
        expect(r.ms).toBeLessThan(5_000);
        expect(snapshot(d).filter((f) => !f.startsWith('.kpa.json'))).toEqual(files);
      }),
      { numRuns: 200, interruptAfterTimeLimit: 45_000 },
    );
  }, 120_000);
});
