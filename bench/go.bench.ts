/**
 * Go analyzer benchmark, one run on the same files: bare tree-sitter parse, `kpa inspect` with and
 * without the prefilter (in-process). Corpus: the Go standard library sources
 * ($(go env GOROOT)/src) plus generated plugin packages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { loadGoParser } from '../analyzers/go/parser.js';
import { analyze } from '../analyzers/engine.js';
import { loadDiskWorkspace } from '../host/disk-workspace.js';
import { writePluginCorpus } from './go-corpus.js';
import { availableParallelism } from 'node:os';
import { runAnalysis } from '../host/run-analysis.js';
import { runLint } from '../host/lint-pipeline.js';
import { EMPTY_SETTINGS } from '../analyzers/settings/parse-kpa-settings.js';
import type { CliIO } from '../cli/io.js';

const silentIO: CliIO = { stdout: () => {}, stderr: () => {}, cwd: '.', env: {}, isTTY: false, stderrIsTTY: false };

function goroot(): string | null {
  try {
    return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  const root = goroot();
  const corpus = mkdtempSync(join(tmpdir(), 'kpa-bench-go-'));
  try {
    writePluginCorpus(join(corpus, 'plugins'), 200, 42);
    const trees = [join(corpus, 'plugins')];
    // Resolved: on Debian GOROOT/src is a symbolic link (issue #18).
    if (root) trees.push(realpathSync(join(root, 'src')));
    else out.push('go: not on PATH; corpus is the generated plugins only');
    const files = trees.flatMap((t) => fg.sync('**/*.go', { cwd: t, absolute: true, ignore: ['**/testdata/**', '**/vendor/**'] }));
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    out.push(`corpus: ${files.length} .go files, ${(bytes / 1e6).toFixed(1)} MB (${root ? 'GOROOT/src + ' : ''}200 generated plugins)`);
    const parser = await loadGoParser('native');

    // Warm the file cache and the parser once so every measurement reads from memory alike.
    for (const f of files) readFileSync(f, 'utf8');
    const bare = time(() => {
      for (const f of files) parser.release(parser.parse(readFileSync(f, 'utf8')));
    });
    // Keep only counts: holding the facts of a whole tree alive slows every later measurement's GC.
    const inspect = (prefilter: boolean) =>
      time(() => {
        const { workspace } = loadDiskWorkspace(trees, corpus);
        return [...analyze(workspace, { parser, target: null, prefilter }).facts.plugins.values()].flat().length;
      });
    const threaded = async (prefilter: boolean) => {
      const t0 = performance.now();
      await runAnalysis(trees, { ...silentIO, cwd: corpus }, { prefilter });
      return performance.now() - t0;
    };
    const threadedOn = await threaded(true);
    const threadedOff = await threaded(false);
    // kpa lint --no-prefilter goes through the one lint pipeline (host/lint-pipeline.ts), as the CLI does.
    const lintT0 = performance.now();
    const project = { file: null, dir: corpus, settings: EMPTY_SETTINGS, problems: [] };
    const lint = await runLint({ paths: trees, project, target: null, prefilter: false }, { cwd: corpus, env: {} });
    const lintOff = performance.now() - lintT0;
    const withPrefilter = inspect(true);
    const withoutPrefilter = inspect(false);
    const pluginsFound = withPrefilter.value;
    out.push(`bare tree-sitter parse (read + parse):   ${bare.ms.toFixed(0)} ms`);
    out.push(`kpa inspect, prefilter on:              ${withPrefilter.ms.toFixed(0)} ms (${pluginsFound} plugin symbols)`);
    out.push(
      `kpa inspect, prefilter off:             ${withoutPrefilter.ms.toFixed(0)} ms = ${(withoutPrefilter.ms / bare.ms).toFixed(2)}x bare parse (target <= 1.2x)`,
    );
    out.push(`kpa inspect (CLI path: in-process), prefilter on:  ${threadedOn.toFixed(0)} ms`);
    out.push(`kpa inspect on ${availableParallelism()} worker threads, prefilter off: ${threadedOff.toFixed(0)} ms = ${(threadedOff / bare.ms).toFixed(2)}x bare parse`);
    out.push(
      `kpa lint --no-prefilter (lint pipeline, parsed on ${lint.parseThreads || 'no'} worker threads): ${lintOff.toFixed(0)} ms = ${(lintOff / bare.ms).toFixed(2)}x bare parse, ${lint.files.length} files, ${lint.diagnostics.length} findings`,
    );
    out.push('(kpa inspect as a whole process against gofmt -l: bench/inspect.bench.ts)');
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
  return out;
}
