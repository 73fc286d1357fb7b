/**
 * Parses Go packages on worker threads when the tree is large (design.md: "parallelises parsing on
 * worker threads when the tree is large"). Small trees are parsed in-process: starting a worker and
 * loading the grammar there costs more than parsing a few files.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PrecomputedPackage } from '../analyzers/go/index.js';
import type { ParserBackend } from '../analyzers/go/parser.js';
import type { Workspace } from '../analyzers/workspace.js';
import type { ParseJob, ParseResult } from './parse-worker.js';

/** Below this many .go files, threads do not pay for themselves. */
export const PARALLEL_MIN_FILES = 400;

export async function parallelGoFacts(
  ws: Workspace,
  options: { parser: ParserBackend | 'auto'; threads?: number },
): Promise<{ packages: Map<string, PrecomputedPackage>; threads: number } | null> {
  const total = [...ws.goPackages.values()].reduce((n, f) => n + f.length, 0);
  const threads = Math.min(options.threads ?? availableParallelism(), 8);
  if (total < PARALLEL_MIN_FILES || threads < 2) return null;
  // Deal packages round-robin by size so each worker gets a similar share.
  const packages = [...ws.goPackages].map(([dir, files]) => ({ dir, files })).sort((a, b) => b.files.length - a.files.length);
  const shares: ParseJob['packages'][] = Array.from({ length: threads }, () => []);
  packages.forEach((p, i) => shares[i % threads].push(p));
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ParseResult>((resolve, reject) => {
          const worker = new Worker(workerUrl);
          worker.once('message', (r: ParseResult) => {
            resolve(r);
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.postMessage({ packages: share, parser: options.parser } satisfies ParseJob);
        }),
    ),
  );
  return { packages: new Map(results.flat().map((r) => [r.dir, r.result])), threads };
}
