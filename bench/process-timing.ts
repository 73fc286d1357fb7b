/**
 * Whole processes timed from the shell's point of view (spawn → exit), for the benches that compare kpa with a
 * reference tool. Commands run interleaved, round after round, so a burst of load on the shared machine hits
 * every command alike; each gets its median.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/kpa.js of this checkout (the bench runs from dist/bench/). */
export const KPA_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kpa.js');

export interface TimedCommand {
  label: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Exit codes that count as success (default: 0). */
  okCodes?: number[];
}

/** Runs each command once per round, `rounds` times, and returns each one's wall times in ms. */
export function timeInterleaved(commands: TimedCommand[], rounds: number): Map<string, number[]> {
  const samples = new Map<string, number[]>(commands.map((c) => [c.label, []]));
  for (let round = 0; round < rounds; round++) {
    for (const c of commands) {
      const started = performance.now();
      const run = spawnSync(c.command, c.args, { cwd: c.cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - started;
      if (run.error) throw new Error(`${c.label}: ${run.error.message}`);
      if (!(c.okCodes ?? [0]).includes(run.status ?? -1)) throw new Error(`${c.label} exited with ${run.status}: ${run.stderr.toString().slice(0, 500)}`);
      samples.get(c.label)!.push(ms);
    }
  }
  return samples;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `n ms (min–max)` of a sample list. */
export function describeSamples(samples: readonly number[]): string {
  return `${median(samples).toFixed(0)} ms (${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)})`;
}

/** The load averages, printed beside numbers measured on a shared machine. */
export function loadLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}
