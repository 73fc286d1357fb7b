/**
 * Language server benchmarks, over stdio against `kpa lsp --stdio` as editors run it:
 * 1. a 2,000-line plugin file: typing-sized edit → publishDiagnostics latency (p50/p95/max), beside a full
 *    re-analysis of the same file in the same run (whole-document replace over stdio, and the engine's
 *    analyze() in-process), and the settle (fresh re-parse once typing pauses) that follows half-typed code;
 * 2. a generated workspace of 1,000 plugin packages: time to first diagnostics, time until the initial scan
 *    has published everything, edit → publishDiagnostics latency in one of its files, and the server's
 *    resident memory.
 * Both run with the server's default parser (wasm) and again with KPA_PARSER=native, for comparison.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../analyzers/engine.js';
import { loadGoParser } from '../analyzers/go/parser.js';
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { LineIndex } from '../analyzers/positions.js';
import { loadDiskWorkspace } from '../host/disk-workspace.js';
import { LspTestClient } from '../server/stdio-client.js';
import { pluginSource, rng, writePluginCorpus } from './go-corpus.js';

const FILE_LINES = 2_000;
const EDITS = 500;
/** Keystrokes sent first and not counted: the server's JIT warms up on them (reported apart). */
const WARM_UP = 50;
const FULL_RUNS = 30;
const PACKAGES = 1_000;
const WORKSPACE_EDITS = 30;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function waitForScan(client: LspTestClient, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end')) {
    if (Date.now() > deadline) throw new Error('the initial scan did not finish');
    await new Promise((r) => setTimeout(r, 5));
  }
}

type Backend = { label: string; env: Record<string, string | undefined> };

const BACKENDS: Backend[] = [
  { label: 'default parser (wasm)', env: { ...process.env, KPA_PARSER: undefined } },
  { label: 'KPA_PARSER=native', env: { ...process.env, KPA_PARSER: 'native' } },
];

async function typingLatency(lines: string[], backend: Backend, withReference: boolean): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kpa-bench-lsp-'));
  try {
    writeFileSync(join(root, 'go.mod'), 'module example.com/big\n\ngo 1.19\n');
    const helpers = Math.ceil((FILE_LINES - 25) / 11);
    const text = pluginSource(0, helpers, rng(7));
    const file = join(root, 'main.go');
    writeFileSync(file, text);
    const lineCount = new LineIndex(text).lineCount;
    const uri = pathToFileURL(file).href;

    const client = LspTestClient.start(root, backend.env);
    try {
      await client.initialize(pathToFileURL(root).href);
      await waitForScan(client);
      let version = 1;
      await client.open(uri, text, 'go', version);
      await client.diagnostics(uri, version);

      // Typing: one character at a time into a helper's body near the middle of the file, as an editor sends it.
      const index = new LineIndex(text);
      const anchor = index.offsetToPosition(text.indexOf('\treturn out, ctx.Err()', Math.floor(text.length / 2)));
      const typed = '\tout["typed"] = len(in) + 1 // a line typed key by key\n';
      const incremental: number[] = [];
      let line = anchor.line;
      let character = 0;
      let current = text;
      for (let i = 0; i < WARM_UP + EDITS; i++) {
        const ch = typed[i % typed.length];
        const position = { line, character };
        const started = performance.now();
        await client.change(uri, ++version, [{ range: { start: position, end: position }, text: ch }]);
        await client.diagnostics(uri, version);
        incremental.push(performance.now() - started);
        const offset = new LineIndex(current).positionToOffset(position);
        current = current.slice(0, offset) + ch + current.slice(offset);
        if (ch === '\n') {
          line++;
          character = 0;
        } else character++;
      }

      const warmUp = incremental.splice(0, WARM_UP);

      // Half-typed text: the pause after the last keystroke re-parses from scratch; a request forces it now.
      const half = { line, character };
      await client.change(uri, ++version, [{ range: { start: half, end: half }, text: 'func (r registerer) Register(' }]);
      await client.diagnostics(uri, version);
      const settleStarted = performance.now();
      await client.settled(uri);
      const settle = performance.now() - settleStarted;
      await client.change(uri, ++version, [{ range: { start: half, end: { line: half.line, character: half.character + 29 } }, text: '' }]);
      await client.diagnostics(uri, version);

      // Full re-analysis of the same file over the same connection: whole-document replaces.
      const replaced: number[] = [];
      for (let i = 0; i < FULL_RUNS; i++) {
        const started = performance.now();
        await client.change(uri, ++version, [{ text: current }]);
        await client.diagnostics(uri, version);
        replaced.push(performance.now() - started);
      }
      const rss = rssOf(client.child.pid!);
      expectZero(await client.stop(), 'typing benchmark server');
      const inc = stats(incremental);
      const warm = stats(warmUp);
      if (!withReference) {
        lines.push(`  ${backend.label}: incremental p50 ${ms(inc.p50)}  p95 ${ms(inc.p95)}  max ${ms(inc.max)}; first ${WARM_UP} keystrokes p50 ${ms(warm.p50)} p95 ${ms(warm.p95)}; settle ${ms(settle)}${rss ? `; RSS ${rss.rss.toFixed(0)} MB` : ''}`);
        return;
      }

      // The engine's full analysis of the same final text, in this process.
      writeFileSync(file, current);
      const parser = await loadGoParser();
      const resolved = resolveTarget({});
      const target = 'target' in resolved ? resolved.target : null;
      const full: number[] = [];
      for (let i = 0; i < FULL_RUNS; i++) {
        const started = performance.now();
        analyze(loadDiskWorkspace([root], root).workspace, { parser, target });
        full.push(performance.now() - started);
      }

      const rep = stats(replaced);
      const eng = stats(full);
      lines.push(`typing into a ${lineCount}-line plugin file over stdio, ${EDITS} one-character edits after ${WARM_UP} uncounted ones (edit → publishDiagnostics):`);
      lines.push(`  ${backend.label}:`);
      lines.push(`  incremental         p50 ${ms(inc.p50)}  p95 ${ms(inc.p95)}  max ${ms(inc.max)}   (target: p95 < 5 ms)`);
      lines.push(`  first ${WARM_UP} keystrokes  p50 ${ms(warm.p50)}  p95 ${ms(warm.p95)}  max ${ms(warm.max)}   (JIT warm-up, not counted above)`);
      lines.push(`  settle after a pause ${ms(settle)}   (fresh re-parse of half-typed text, republished for the same version)`);
      lines.push(`  full document sync  p50 ${ms(rep.p50)}  p95 ${ms(rep.p95)}  max ${ms(rep.max)}   (${FULL_RUNS} whole-text replaces, same server)`);
      lines.push(`  full analyze()      p50 ${ms(eng.p50)}  p95 ${ms(eng.p95)}  max ${ms(eng.max)}   (in-process, from disk, same text)`);
      lines.push(`  speed-up of incremental p50 over full analyze() p50: ${(eng.p50 / inc.p50).toFixed(1)}×  (target: ≥ 10×)`);
      if (rss) lines.push(`  server RSS after the run: ${rss.rss.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB)`);
    } finally {
      client.kill();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function largeWorkspace(lines: string[], backend: Backend): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kpa-bench-lsp-ws-'));
  try {
    writePluginCorpus(root, PACKAGES, 1, 10);
    const client = LspTestClient.start(root, backend.env);
    try {
      const started = performance.now();
      const firstPublish = new Promise<number>((resolve) => {
        const timer = setInterval(() => {
          if (client.published.size > 0) {
            clearInterval(timer);
            resolve(performance.now() - started);
          }
        }, 1);
      });
      await client.initialize(pathToFileURL(root).href);
      const initialized = performance.now() - started;
      const first = await firstPublish;
      await waitForScan(client);
      const scanned = performance.now() - started;
      // A request answered right after the scan: the server is responsive.
      const hoverStarted = performance.now();
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: pathToFileURL(join(root, 'plugin-0000/main.go')).href },
        position: { line: 10, character: 6 },
      });
      const hover = performance.now() - hoverStarted;
      const rss = rssOf(client.child.pid!);
      const typing = await typingInWorkspace(client, join(root, 'plugin-0500/main.go'));
      const rssAfterTyping = rssOf(client.child.pid!);
      const files = client.published.size;
      expectZero(await client.stop(), 'workspace benchmark server');
      lines.push(`a generated workspace of ${PACKAGES} plugin packages (${PACKAGES * 2} files), from spawn, ${backend.label}:`);
      lines.push(`  initialize answered ${ms(initialized)}; first diagnostics ${ms(first)} (target < 2 s); scan done and published ${ms(scanned)}`);
      lines.push(`  files with published diagnostics: ${files}; a hover right after: ${ms(hover)}`);
      lines.push(`  typing into one of its files, ${WORKSPACE_EDITS} one-character edits: p50 ${ms(typing.p50)}  p95 ${ms(typing.p95)}  max ${ms(typing.max)}`);
      if (rss) lines.push(`  server RSS ${rss.rss.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB; target < 150 MB)${rssAfterTyping ? `; ${rssAfterTyping.rss.toFixed(0)} MB after the typing` : ''}`);
    } finally {
      client.kill();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Edit → publishDiagnostics in a large workspace: every keystroke re-runs the rules over all of it. */
async function typingInWorkspace(client: LspTestClient, file: string): Promise<{ p50: number; p95: number; max: number }> {
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  let version = 1;
  await client.open(uri, text, 'go', version);
  await client.diagnostics(uri, version);
  const at = new LineIndex(text).offsetToPosition(text.indexOf('func main()'));
  const samples: number[] = [];
  for (let i = 0; i < WORKSPACE_EDITS; i++) {
    const position = { line: at.line, character: i };
    const started = performance.now();
    await client.change(uri, ++version, [{ range: { start: position, end: position }, text: '/' }]);
    await client.diagnostics(uri, version);
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

function expectZero(code: number | null, what: string): void {
  if (code !== 0) throw new Error(`${what} exited with ${code}`);
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  await typingLatency(lines, BACKENDS[0], true);
  await typingLatency(lines, BACKENDS[1], false);
  for (const backend of BACKENDS) await largeWorkspace(lines, backend);
  return lines;
}
