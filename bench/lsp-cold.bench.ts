/**
 * Typing from the first keystroke (issue #18 item 3), as an outside editor-like client over real stdio sees it:
 * spawn the server, open a broken plugin, type 60 characters into a comment one at a time waiting for each
 * publishDiagnostics, fix the plugin, hover. Nothing is warmed up first: the first keystrokes count.
 * For a 20-line and a 2,000-line file; each session three times, the median reported. Beside kpa: a bare
 * vscode-languageserver server that only answers (the floor), and gopls where it is installed (the reference).
 * Then one more kpa session with a GC observer: GC pauses and heap allocated per keystroke during the typing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../analyzers/positions.js';
import { LspTestClient, REPO } from '../server/stdio-client.js';
import { pluginSource, rng } from './go-corpus.js';

const SESSIONS = 3;
const TYPED = 'the registerer must be a value for KrakenD, not a pointer ok'; // 60 characters
const COMMENT = '// notes: ';

/**
 * A 20-line plugin KrakenD refuses (the registerer is a pointer: KPA101) that Go refuses too (an unused
 * import), so gopls, which publishes only what it finds, has something to publish for every version.
 */
const BROKEN = `package main

${COMMENT}
import (
\t"fmt"
\t"net/http"
)

type registerer string

var HandlerRegisterer = &r

var r = registerer("demo")

func (r registerer) RegisterHandlers(f func(string, func(map[string]interface{}, http.Handler) (http.Handler, error))) {
\tf(string(r), func(_ map[string]interface{}, h http.Handler) (http.Handler, error) { return h, nil })
}

func main() {}

var _ = http.StatusOK
`;

/** The same plugin followed by generated helpers, to about 2,000 lines. */
function largeFile(): string {
  const helpers = pluginSource(0, 180, rng(7)).split('\n').slice(23).join('\n');
  return `${BROKEN}\n${helpers}`;
}

interface Server {
  name: string;
  start: (root: string) => LspTestClient;
}

interface Session {
  edits: number[];
  hover: number;
  /** Whether the server versions its publishes (gopls 0.5 may not: then the next publish counts). */
  versioned: boolean;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Waits for the next publish of `uri` (for `version` when the server sends versions), at most `timeoutMs`. */
async function published(client: LspTestClient, uri: string, version: number, versioned: boolean, timeoutMs = 10_000): Promise<void> {
  await client.diagnostics(uri, versioned ? version : undefined, timeoutMs);
}

async function session(server: Server, text: string, onTyping?: (phase: 'start' | 'end') => void, clientFor?: (root: string) => Promise<LspTestClient>): Promise<Session> {
  const root = mkdtempSync(join(tmpdir(), 'kpa-bench-cold-'));
  const file = join(root, 'main.go');
  writeFileSync(join(root, 'go.mod'), 'module example.com/cold\n\ngo 1.19\n');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const client = clientFor ? await clientFor(root) : server.start(root);
  try {
    await within(client.initialize(pathToFileURL(root).href), 120_000, `${server.name} did not answer initialize`);
    let version = 1;
    const opened = client.diagnostics(uri, undefined, 60_000);
    await client.open(uri, text, 'go', version);
    await opened;
    const versioned = client.published.get(uri)?.at(-1)?.version !== undefined;
    const index = new LineIndex(text);
    const start = index.offsetToPosition(text.indexOf(COMMENT) + COMMENT.length);
    const edits: number[] = [];
    onTyping?.('start');
    for (let i = 0; i < TYPED.length; i++) {
      const at = { line: start.line, character: start.character + i };
      const began = performance.now();
      const next = published(client, uri, ++version, versioned);
      await client.change(uri, version, [{ range: { start: at, end: at }, text: TYPED[i] }]);
      await next;
      edits.push(performance.now() - began);
    }
    // The fix: `&r` becomes `r`.
    const pointer = index.offsetToPosition(text.indexOf('&r'));
    const began = performance.now();
    const next = published(client, uri, ++version, versioned);
    await client.change(uri, version, [{ range: { start: pointer, end: { line: pointer.line, character: pointer.character + 1 } }, text: '' }]);
    await next;
    edits.push(performance.now() - began);
    onTyping?.('end');
    const symbol = index.offsetToPosition(text.indexOf('HandlerRegisterer') + 3);
    const hoverBegan = performance.now();
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: symbol });
    const hover = performance.now() - hoverBegan;
    await within(client.stop(), 10_000, `${server.name} did not shut down`).catch(() => undefined);
    return { edits, hover, versioned };
  } finally {
    client.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

/** A server that died or hangs fails the bench with a reason instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function goplsAvailable(): boolean {
  return spawnSync('gopls', ['version'], { encoding: 'utf8' }).status === 0;
}

const SERVERS: Server[] = [
  { name: 'kpa', start: (root) => LspTestClient.start(root, { ...process.env, KPA_PARSER: undefined }) },
  { name: 'floor: bare vscode-languageserver', start: (root) => LspTestClient.spawn(process.execPath, [join(REPO, 'dist/bench/lsp-floor-server.js')], root) },
  { name: 'gopls', start: (root) => LspTestClient.spawn('gopls', [], root, { ...process.env, GOFLAGS: '-mod=mod' }) },
];

/** One kpa session over --socket (stdout free for --trace-gc): GC pauses and allocation while typing. */
async function gcSession(text: string): Promise<string> {
  const listener = createServer();
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as AddressInfo).port;
  let gcLines: string[] = [];
  let window: [number, number] = [0, 0];
  const result = await session(
    SERVERS[0],
    text,
    (phase) => {
      if (phase === 'start') window = [gcLines.length, gcLines.length];
      else window[1] = gcLines.length;
    },
    async (root) => {
      const child = spawn(process.execPath, ['--trace-gc', join(REPO, 'bin/kpa.js'), 'lsp', `--socket=${port}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let partial = '';
      child.stdout.on('data', (b: Buffer) => {
        const lines = (partial + b.toString()).split('\n');
        partial = lines.pop() ?? '';
        gcLines = gcLines.concat(lines.filter((l) => /Scavenge|Mark-Compact|Mark-sweep/.test(l)));
      });
      const socket = await within(new Promise<Socket>((r) => listener.once('connection', r)), 60_000, 'kpa lsp --socket did not connect');
      return LspTestClient.overSocket(child, socket);
    },
  );
  listener.close();
  const during = gcLines.slice(window[0], window[1]);
  // "… Scavenge 5.1 (6.2) -> 4.3 (7.0) MB, 0.8 / 0.0 ms …": heap before and after, and the pause.
  const parsed = during.map((l) => /(Scavenge|Mark-Compact|Mark-sweep)[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \//.exec(l)).filter((m) => m !== null);
  const pauses = parsed.map((m) => Number(m[4]));
  let allocated = 0;
  for (let i = 1; i < parsed.length; i++) allocated += Math.max(0, Number(parsed[i][2]) - Number(parsed[i - 1][3]));
  const perKeystroke = parsed.length > 1 ? `${((allocated * 1024) / result.edits.length).toFixed(0)} KB allocated per keystroke (heap growth between GCs)` : 'too few GCs to estimate allocation';
  const kinds = `${parsed.filter((m) => m[1] === 'Scavenge').length} scavenges, ${parsed.filter((m) => m[1] !== 'Scavenge').length} mark-compacts`;
  return `GC during the ${result.edits.length} edits (--trace-gc, one session): ${kinds}; pauses total ${pauses.reduce((a, b) => a + b, 0).toFixed(1)} ms, max ${Math.max(0, ...pauses).toFixed(1)} ms; ${perKeystroke}`;
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const files = [
    { label: '20-line', text: BROKEN },
    { label: '2,000-line', text: largeFile() },
  ];
  const gopls = goplsAvailable();
  if (!gopls) lines.push('gopls is not installed (Debian: apt-get install gopls): the reference is skipped');
  lines.push(`cold sessions from spawn: open a broken plugin, type ${TYPED.length} characters into a comment waiting for each publishDiagnostics, fix it, hover; every edit counted; median of ${SESSIONS} sessions`);
  for (const { label, text } of files) {
    lines.push(`${label} file (${new LineIndex(text).lineCount} lines), edit → publishDiagnostics:`);
    const p95s = new Map<string, number>();
    for (const server of SERVERS) {
      if (server.name === 'gopls' && !gopls) continue;
      const runs: Session[] = [];
      for (let i = 0; i < SESSIONS; i++) runs.push(await session(server, text));
      const sorted = runs.map((r) => [...r.edits].sort((a, b) => a - b));
      const p50 = median(sorted.map((s) => percentile(s, 50)));
      const p95 = median(sorted.map((s) => percentile(s, 95)));
      const max = median(sorted.map((s) => s[s.length - 1]));
      const first5 = median(runs.map((r) => median(r.edits.slice(0, 5))));
      const hover = median(runs.map((r) => r.hover));
      p95s.set(server.name, p95);
      const target = server.name === 'kpa' ? '  (target: p95 < 5 ms)' : '';
      lines.push(`  ${server.name.padEnd(34)} p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(max)}; first 5 keystrokes median ${ms(first5)}; hover ${ms(hover)}${runs[0].versioned ? '' : ' (unversioned publishes)'}${target}`);
    }
    const kpa = p95s.get('kpa')!;
    if (p95s.has('gopls')) lines.push(`  gopls p95 / kpa p95: ${(p95s.get('gopls')! / kpa).toFixed(0)}×  (target: ≥ 50×)`);
    lines.push(`  ${await gcSession(text)}`);
  }
  return lines;
}
