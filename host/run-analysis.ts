/** The CLI's one way to run the engine over paths on disk; the parser is loaded only when Go files exist. */
import { analyze, type RuleSetting } from '../analyzers/engine.js';
import type { Diagnostic } from '../analyzers/diagnostics.js';
import type { EngineFacts } from '../analyzers/facts.js';
import type { Target } from '../analyzers/target.js';
import type { Workspace } from '../analyzers/workspace.js';
import { UsageError, type CliIO } from './io.js';
import type { GoParser, ParserBackend } from '../analyzers/go/parser.js';
import { loadDiskWorkspace, type WalkProblem } from './load-workspace.js';
import { parallelGoFacts } from './parallel-go-facts.js';

export interface RunAnalysisOptions {
  prefilter?: boolean;
  target?: Target | null;
  goarch?: string;
  rules?: Record<string, RuleSetting>;
}

export interface RunAnalysisResult {
  workspace: Workspace;
  facts: EngineFacts;
  diagnostics: Diagnostic[];
  walkProblems: WalkProblem[];
}

/**
 * The Go parser, loaded only when the workspace has Go files (tree-sitter stays out of start-up otherwise).
 * KPA_PARSER=native|wasm|auto chooses the backend; another value, or a backend that cannot load, is a
 * usage error rather than a silent fallback.
 */
export async function loadParserFor(ws: Workspace, io: CliIO): Promise<GoParser | null> {
  if (ws.goPackages.size === 0) return null;
  const { loadGoParser } = await import('../analyzers/go/parser.js');
  const kind = (io.env.KPA_PARSER ?? 'auto') as ParserBackend | 'auto';
  if (!['auto', 'native', 'wasm'].includes(kind)) throw new UsageError(`KPA_PARSER=${kind}: use native, wasm or auto`);
  try {
    return await loadGoParser(kind);
  } catch (err) {
    throw new UsageError(`the Go parser (${kind}) could not load: ${(err as Error).message}`);
  }
}

export async function runAnalysis(paths: string[], io: CliIO, options: RunAnalysisOptions = {}): Promise<RunAnalysisResult> {
  const { workspace, problems } = loadDiskWorkspace(paths, io.cwd);
  const parser = await loadParserFor(workspace, io);
  const target = options.target ?? null;
  const prefilter = options.prefilter ?? true;
  // Worker threads run compiled JS; under a TypeScript test runner (vitest) kpa parses in-process. With the
  // prefilter on, few packages are parsed and threads cost more than they save (bench/go.bench.ts: 2.0 s on
  // threads vs 1.0 s in-process over GOROOT/src); they pay off when every package is parsed.
  const compiled = import.meta.url.endsWith('.js');
  // Whole-tree runs parse on workers with wasm unless KPA_PARSER chose: native trees wait for N-API
  // finalizers, and over GOROOT/src wasm workers peaked at 0.56 GB RSS against native's 0.96 GB, as fast.
  const workerParser = (io.env.KPA_PARSER ?? 'auto') === 'auto' ? 'wasm' : (parser?.backend ?? 'auto');
  const pre = parser && compiled && !prefilter ? await parallelGoFacts(workspace, { parser: workerParser }) : null;
  const { facts, diagnostics } = analyze(workspace, {
    parser,
    target,
    goarch: options.goarch,
    prefilter,
    rules: options.rules,
    precomputed: pre ? (dir) => pre.get(dir) : undefined,
  });
  return { workspace, facts, diagnostics, walkProblems: problems };
}
