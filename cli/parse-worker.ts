/**
 * Worker thread: reads, prefilters and parses whole Go packages, returning plain facts (structured
 * clone). Used by cli/parallel-go-facts.ts when a tree is large enough to pay for the threads.
 */
import { parentPort } from 'node:worker_threads';
import { decodeSource } from '../analyzers/workspace.js';
import { extractFileFacts, emptyFileFacts, mentionsPlugin } from '../analyzers/go/file-facts.js';
import { loadGoParser, type ParserBackend } from '../analyzers/go/parser.js';
import type { PrecomputedPackage } from '../analyzers/go/index.js';
import type { InputProblem } from '../analyzers/facts.js';
import { describeFsError, readRegularFile } from './load-workspace.js';

export interface ParseJob {
  packages: { dir: string; files: string[] }[];
  prefilter: boolean;
  parser: ParserBackend | 'auto';
}

export type ParseResult = { dir: string; result: PrecomputedPackage }[];

const port = parentPort!;
port.on('message', async (job: ParseJob) => {
  const parser = await loadGoParser(job.parser);
  const out: ParseResult = [];
  for (const pkg of job.packages) {
    const problems: InputProblem[] = [];
    const texts: { file: string; text: string }[] = [];
    for (const file of pkg.files) {
      let r;
      try {
        r = decodeSource(readRegularFile(file));
      } catch (err) {
        r = { kind: 'unreadable' as const, error: describeFsError(err) };
      }
      if ('error' in r) problems.push({ file, kind: r.kind, message: r.error });
      else texts.push({ file, text: r.text });
    }
    if (job.prefilter && !texts.some((t) => mentionsPlugin(t.text))) {
      // Only the header matters for a skipped package; send less across the thread boundary.
      out.push({ dir: pkg.dir, result: { kind: 'skipped', texts: texts.map((t) => ({ file: t.file, text: headerOf(t.text) })), problems } });
      continue;
    }
    const files = texts.map(({ file, text }) => {
      try {
        return extractFileFacts(parser.parse(text), text, file);
      } catch (err) {
        problems.push({ file, kind: 'unreadable', message: `the Go parser failed on this file (${(err as Error).message})` });
        return emptyFileFacts(file);
      }
    });
    out.push({ dir: pkg.dir, result: { kind: 'parsed', files, problems } });
  }
  port.postMessage(out);
});

function headerOf(text: string): string {
  const stop = text.search(/^(func|type|var|const)\b/m);
  return stop < 0 ? text : text.slice(0, stop);
}
