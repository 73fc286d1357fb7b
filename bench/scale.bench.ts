/**
 * Scale (issue #18 item 4): the language server over stdio, from spawn, on generated workspaces of 1,000 and
 * 10,000 plugin packages (go.mod + main.go each): time to the first diagnostics, to the end of the initial scan,
 * and the server's RSS, with how each grows from 1k to 10k (goal: linear or better, i.e. at most 10×).
 * Targets at 1k (issue #5): first diagnostics < 2 s, RSS < 150 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../server/stdio-client.js';
import { writePluginCorpus } from './go-corpus.js';
import { loadLine } from './process-timing.js';

const SIZES = [1_000, 10_000];

interface ScaleRun {
  packages: number;
  firstDiagnostics: number;
  scanDone: number;
  /** MB: resident after the scan, and the peak (VmHWM) since spawn. */
  rss: number;
  peakRss: number;
  published: number;
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function serveWorkspace(packages: number): Promise<ScaleRun> {
  const root = mkdtempSync(join(tmpdir(), 'kpa-bench-scale-'));
  try {
    writePluginCorpus(root, packages, 1, 10);
    const started = performance.now();
    const client = LspTestClient.start(root, { ...process.env, KPA_PARSER: undefined });
    try {
      let firstDiagnostics = NaN;
      const first = until(() => client.published.size > 0, 'the first publishDiagnostics', 600_000).then(() => {
        firstDiagnostics = performance.now() - started;
      });
      await client.initialize(pathToFileURL(root).href);
      await first;
      await until(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'), 'the end of the initial scan', 600_000);
      const scanDone = performance.now() - started;
      const memory = memoryOf(client.child.pid!);
      const published = client.published.size;
      const code = await client.stop();
      if (code !== 0) throw new Error(`the server exited with ${code}`);
      return { packages, firstDiagnostics, scanDone, rss: memory.rss, peakRss: memory.peak, published };
    } finally {
      client.kill();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function run(): Promise<string[]> {
  const out = [`the language server (default parser) over stdio, from spawn, on generated workspaces (${loadLine()}):`];
  const runs: ScaleRun[] = [];
  for (const packages of SIZES) {
    const r = await serveWorkspace(packages);
    runs.push(r);
    out.push(
      `  ${String(packages).padStart(6)} packages: first diagnostics ${(r.firstDiagnostics / 1000).toFixed(2)} s; scan done ${(r.scanDone / 1000).toFixed(2)} s; ` +
        `RSS ${r.rss.toFixed(0)} MB after the scan (peak ${r.peakRss.toFixed(0)} MB); ${r.published} files published`,
    );
  }
  const [small, large] = runs;
  const factor = large.packages / small.packages;
  const growth = (a: number, b: number) => `${(b / a).toFixed(1)}x`;
  out.push(
    `  ${small.packages} → ${large.packages} (${factor}x the packages): first diagnostics ${growth(small.firstDiagnostics, large.firstDiagnostics)}, scan ${growth(small.scanDone, large.scanDone)}, ` +
      `peak RSS ${growth(small.peakRss, large.peakRss)} (linear or better: <= ${factor}x)`,
  );
  out.push(`  targets at ${small.packages}: first diagnostics < 2 s, RSS < 150 MB`);
  return out;
}
