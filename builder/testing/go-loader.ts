/**
 * Builds and runs the KrakenD-like loader (fixtures/loader: plugin.Open, Lookup, type assertion to lura's
 * registerer interfaces, Register… call) with the go on PATH, so tests can ask the Go runtime whether a
 * plugin loads. Both must come from the same toolchain, as KrakenD and its plugins must.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const LOADER_DIR = join(import.meta.dirname, '../../fixtures/loader');

export interface LoaderResult {
  file: string;
  kind: 'server' | 'client' | 'modifier' | 'middleware';
  symbol: string;
  loads: boolean;
  error: string;
  names: string[];
  optional: string[];
}

/** fixtures/build/factory-check: calls a scaffolded plugin's factories with its krakend.json. */
export const FACTORY_CHECK_DIR = join(import.meta.dirname, '../../fixtures/build/factory-check');

function goBuildProgram(dir: string, exe: string): string {
  execFileSync('go', ['build', '-o', exe, '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return exe;
}

export function buildLoader(outDir: string): string {
  return goBuildProgram(LOADER_DIR, join(outDir, 'kpa-test-loader'));
}

export function buildFactoryCheck(outDir: string): string {
  return goBuildProgram(FACTORY_CHECK_DIR, join(outDir, 'kpa-factory-check'));
}

export function runLoader(loader: string, ...plugins: string[]): LoaderResult[] {
  const out = execFileSync(loader, plugins, { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoaderResult);
}
