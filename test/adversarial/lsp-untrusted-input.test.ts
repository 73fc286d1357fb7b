/**
 * The language server under untrusted input and load (issues #17 and #20), over real stdio against
 * `kpa lsp`: frames it cannot read, a 10 MB buffer edited 200 times without waiting, a NUL byte moved,
 * settings that cannot be used, an unreadable directory, a burst of file events, and bounded fuzz runs
 * (fixed seeds) over frames and edits. After each case the server still answers a hover — or, for a frame
 * that cannot be read, exits with code 2 and one line — and at rest publishes what `kpa lint` reports.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { LineIndex } from '../../analyzers/positions.js';
import { LIVE_ANALYSIS_MAX_CHARS } from '../../server/server.js';
import { LspTestClient, REPO } from '../../server/stdio-client.js';
import { BROKEN_PLUGIN, frame, hoverAnswered, lintFindings, lintFindingsAs, serverFindings, waitForScan } from './lsp-helpers.js';

const roots: string[] = [];
const clients: LspTestClient[] = [];

function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-adv-lsp-')));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

async function started(root: string, as?: { uid: number; gid: number }): Promise<LspTestClient> {
  const client = LspTestClient.start(root, process.env, as);
  clients.push(client);
  await client.initialize(pathToFileURL(root).href);
  await waitForScan(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.kill();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Spawns `kpa lsp <args>`, writes `input` after an initialize, and waits for the exit (or 15 s). */
async function rawSession(input: string | Buffer, args = ['--stdio']): Promise<{ code: number | null; stderr: string; answered: boolean }> {
  const child = spawn(process.execPath, [join(REPO, 'bin/kpa.js'), 'lsp', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.stdin.on('error', () => {});
  child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  child.stdin.write(input);
  child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere/a.go' }, position: { line: 0, character: 0 } } }));
  const answered = new Promise<boolean>((resolve) => {
    const poll = setInterval(() => {
      if (stdout.includes('"id":2')) (clearInterval(poll), resolve(true));
    }, 5);
    void exited.then(() => (clearInterval(poll), resolve(stdout.includes('"id":2'))));
  });
  const wasAnswered = await Promise.race([answered, new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
  if (wasAnswered) {
    child.stdin.end(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' }) + frame({ jsonrpc: '2.0', method: 'exit' }));
  }
  const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  if (code === null) child.kill();
  return { code, stderr, answered: wasAnswered };
}

/** A frame that cannot be read ends the server: exit 2, one line naming the byte offset, never a stack trace. */
function expectFramingExit(run: { code: number | null; stderr: string; answered: boolean }): void {
  expect(run.code).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^kpa lsp: malformed frame at byte \d+: .+; exiting so that the editor restarts the server$/);
}

describe('frames the server cannot read', () => {
  const BAD_HEADERS: Record<string, string> = {
    'a negative Content-Length': 'Content-Length: -5\r\n\r\n',
    'a header line without a colon': 'abc\r\n\r\n',
    'no Content-Length': 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}',
    'a Content-Length that is not a number': 'Content-Length: abc\r\n\r\n',
    'a Content-Length beyond any document': 'Content-Length: 99999999999\r\n\r\n',
    'a charset other than utf-8': 'Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n{}',
    'a header that never ends': 'X'.repeat(10_000),
  };
  for (const [name, bytes] of Object.entries(BAD_HEADERS)) {
    test(`${name}: exit 2 with one line`, async () => expectFramingExit(await rawSession(bytes)));
  }

  test('a well-framed body that is not a JSON-RPC object is skipped: requests are still answered', async () => {
    const bodies = ['{not json', 'null', '[]', '42', '"text"', '{"jsonrpc":"2.0","id":9}'];
    const run = await rawSession(bodies.map((b) => `Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`).join(''));
    expect(run.answered).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('transports that cannot be opened', () => {
  test('--socket with nothing listening: exit 2 and one line', async () => {
    const run = await rawSession('', ['--socket=1']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^kpa: no client to connect to on 127\.0\.0\.1:1 \(ECONNREFUSED\)/)]);
  });

  test('--node-ipc without an IPC channel: exit 2 and one line', async () => {
    const run = await rawSession('', ['--node-ipc']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^kpa: --node-ipc needs the IPC channel of a Node parent process/)]);
  });
});

describe('edits the server must keep up with', () => {
  test('a 10 MB buffer edited 200 times without waiting: told once, a hover answered, then what kpa lint says', async () => {
    const filler = '// generated filler line that makes this file large, as generated code does\n';
    const big = BROKEN_PLUGIN + filler.repeat(Math.ceil((10 * 1024 * 1024) / filler.length));
    expect(big.length).toBeGreaterThan(LIVE_ANALYSIS_MAX_CHARS);
    const root = workspace({ 'go.mod': 'module example.com/big\n\ngo 1.19\n', 'main.go': BROKEN_PLUGIN });
    const client = await started(root);
    const uri = pathToFileURL(join(root, 'main.go')).href;
    await client.open(uri, big);
    let text = big;
    const line = BROKEN_PLUGIN.split('\n').length + 100;
    for (let v = 2; v <= 201; v++) {
      const at = { line, character: 0 };
      await client.change(uri, v, [{ range: { start: at, end: at }, text: 'x' }]);
      text = insertAtLine(text, line, 'x');
    }
    const started_ = performance.now();
    await hoverAnswered(client, uri, 60_000);
    const hoverMs = performance.now() - started_;
    const told = client.logs.filter((l) => l.startsWith('[show]') && l.includes('over the 1.0 MB kpa analyses at every keystroke'));
    expect(told).toHaveLength(1);
    // The request caught the analysis up: the last version is published, and it is what kpa lint reports.
    const published = await client.diagnostics(uri, 201, 30_000);
    writeFileSync(join(root, 'main.go'), text);
    expect(serverFindings(published)).toEqual(await lintFindings(root, 'main.go'));
    expect(serverFindings(published).some((f) => f.includes('KPA101'))).toBe(true);
    console.log(`10 MB buffer, 200 queued edits: hover answered after ${hoverMs.toFixed(0)} ms`);
  }, 180_000);

  test("KPA001 follows a NUL byte moved earlier by a later edit, as kpa lint's message says", async () => {
    const root = workspace({ 'go.mod': 'module example.com/nul\n\ngo 1.19\n', 'main.go': BROKEN_PLUGIN });
    const client = await started(root);
    const uri = pathToFileURL(join(root, 'main.go')).href;
    const withLateNul = BROKEN_PLUGIN.replace('func main() {}', 'func main() {\0}');
    await client.open(uri, withLateNul);
    await client.diagnostics(uri, 1);
    const at = { line: 0, character: 0 };
    await client.change(uri, 2, [{ range: { start: at, end: at }, text: '\0' }]);
    await client.diagnostics(uri, 2);
    const published = await client.settled(uri);
    writeFileSync(join(root, 'main.go'), '\0' + withLateNul);
    const linted = await lintFindings(root, 'main.go');
    expect(linted.join('\n')).toContain('offset 0');
    expect(serverFindings(published)).toEqual(linted);
    await hoverAnswered(client, uri);
  });
});

describe('settings the server cannot use', () => {
  const SETTINGS: Record<string, string> = {
    'an ignore pattern that is not a valid range': JSON.stringify({ ignore: ['[z-a]'] }),
    'an ignore pattern that backtracks': JSON.stringify({ ignore: ['*a*a*a*a*a*a*a*a*a*a*a*a*ab', '**/**/**/**/**/**/**/**/**/**/nomatch'] }),
    'nesting 100,000 deep': '['.repeat(100_000) + ']'.repeat(100_000),
    'not JSON at all': '\u0000\u001b]0;title\u0007 {',
  };
  for (const [name, settings] of Object.entries(SETTINGS)) {
    test(`${name}: diagnostics are still published and requests answered`, async () => {
      const root = workspace({ '.kpa.json': settings, 'go.mod': 'module example.com/s\n\ngo 1.19\n', ['a'.repeat(40) + '.go']: 'package main\n', 'main.go': BROKEN_PLUGIN });
      const client = await started(root);
      const uri = pathToFileURL(join(root, 'main.go')).href;
      await client.open(uri, BROKEN_PLUGIN);
      const published = await client.diagnostics(uri, 1, 30_000);
      expect(published.map((d) => d.code)).toContain('KPA101');
      await hoverAnswered(client, uri);
      // Whatever the settings said reached the log with its control characters shown, not acted on.
      for (const log of client.logs) expect(log).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    }, 90_000);
  }
});

describe('the workspace on disk', () => {
  const isRoot = process.getuid?.() === 0;
  // root reads any directory: the server and kpa lint then run as nobody, as a user would meet it.
  const as = isRoot ? { uid: 65534, gid: 65534 } : undefined;

  test('an unreadable directory is KPA001, as kpa lint reports it', async () => {
    const root = workspace({ 'go.mod': 'module example.com/locked\n\ngo 1.19\n', 'main.go': BROKEN_PLUGIN, 'locked/inner/main.go': BROKEN_PLUGIN });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const client = await started(root, as);
      const locked = pathToFileURL(join(root, 'locked')).href;
      const deadline = Date.now() + 60_000;
      while (!client.latest(locked) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const linted = as ? lintFindingsAs(root, 'locked', as) : await lintFindings(root, 'locked');
      expect(linted.join('\n')).toContain('KPA001');
      expect(serverFindings(client.latest(locked))).toEqual(linted);
      await hoverAnswered(client, pathToFileURL(join(root, 'main.go')).href);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  }, 90_000);

  test('a burst of file events in a 300-package workspace is coalesced: a hover is answered, then what kpa lint says', async () => {
    const files: Record<string, string> = { 'go.mod': 'module example.com/many\n\ngo 1.19\n' };
    for (let i = 0; i < 300; i++) files[`p${i}/main.go`] = BROKEN_PLUGIN.replace('"sample"', `"p${i}"`);
    const root = workspace(files);
    const client = await started(root);
    // Renames, as an editor's watcher reports them: each file deleted under one name and created under another.
    const changes: { uri: string; type: number }[] = [];
    for (let i = 0; i < 300; i += 2) {
      const from = join(root, `p${i}/main.go`);
      const to = join(root, `p${i}/renamed.go`);
      rmSync(from);
      writeFileSync(to, files[`p${i}/main.go`]);
      changes.push({ uri: pathToFileURL(from).href, type: 3 }, { uri: pathToFileURL(to).href, type: 1 });
    }
    const began = performance.now();
    for (const change of changes) await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [change] });
    await hoverAnswered(client, pathToFileURL(join(root, 'p1/main.go')).href, 60_000);
    const answeredMs = performance.now() - began;
    const renamed = pathToFileURL(join(root, 'p0/renamed.go')).href;
    const deadline = Date.now() + 30_000;
    while (!client.latest(renamed)?.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(serverFindings(client.latest(renamed))).toEqual(await lintFindings(root, 'p0/renamed.go'));
    expect(serverFindings(client.latest(pathToFileURL(join(root, 'p0/main.go')).href))).toEqual([]);
    console.log(`300 file events (150 renames) one notification each, then a hover: answered after ${answeredMs.toFixed(0)} ms`);
  }, 180_000);
});

describe('bounded fuzz (fixed seeds)', () => {
  test('random frames: the server answers, or exits 2 with one line', async () => {
    const header = fc.oneof(
      fc.constantFrom('Content-Length: -1', 'Content-Length: 1e3', 'Content-Length:', 'Content-Length: 0x10', 'content-length: 7', 'Content-Type: x'),
      fc.string({ maxLength: 30 }),
    );
    const frames = fc.tuple(fc.array(header, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(frames, async ([headers, body]) => {
        const run = await rawSession(`${headers.join('\r\n')}\r\n\r\n${body}`);
        if (run.code === 2 && !run.answered) expectFramingExit(run);
        else {
          expect(run.answered).toBe(true);
          expect(run.stderr).not.toMatch(/\n\s+at /);
        }
      }),
      { seed: 17_2026, numRuns: 10 },
    );
  }, 300_000);

  test('random edits: a hover is answered after each, and at rest the server publishes what kpa lint reports', async () => {
    const root = workspace({ 'go.mod': 'module example.com/fuzz\n\ngo 1.19\n', 'main.go': BROKEN_PLUGIN });
    const client = await started(root);
    const uri = pathToFileURL(join(root, 'main.go')).href;
    let version = 1;
    let text = BROKEN_PLUGIN;
    await client.open(uri, text, 'go', version);
    await client.diagnostics(uri, version);
    const piece = fc.oneof(
      fc.constantFrom('\0', '\n', '{', '}', '(', '"', '`', '//', '/*', 'var X = &r\n', 'package main\n', '\u202e', '\ud800', '\r\n', 'é'),
      fc.string({ maxLength: 6 }),
    );
    const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 8 }), text: piece });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        for (const e of edits) {
          const start = e.at % (text.length + 1);
          const end = Math.min(text.length, start + e.length);
          const range = { start: positionOf(text, start), end: positionOf(text, end) };
          text = text.slice(0, start) + e.text + text.slice(end);
          await client.change(uri, ++version, [{ range, text: e.text }]);
        }
        await hoverAnswered(client, uri);
        const published = await client.settled(uri);
        writeFileSync(join(root, 'main.go'), text);
        expect(serverFindings(published)).toEqual(await lintFindings(root, 'main.go'));
      }),
      { seed: 20_2026, numRuns: 15 },
    );
  }, 300_000);
});

function positionOf(text: string, offset: number): { line: number; character: number } {
  return new LineIndex(text).offsetToPosition(offset);
}

function insertAtLine(text: string, line: number, inserted: string): string {
  const offset = new LineIndex(text).positionToOffset({ line, character: 0 });
  return text.slice(0, offset) + inserted + text.slice(offset);
}
