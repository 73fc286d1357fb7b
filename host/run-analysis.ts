/**
 * Running the engine over files on disk, for every door that analyses a tree once: the Go parser is loaded
 * only when Go files exist, and whole-tree runs (no prefilter) parse on worker threads.
 */
import { analyze, type EngineOptions, type RuleSetting } from '../analyzers/engine.js';
import type { Diagnostic } from '../analyzers/diagnostics.js';
import type { EngineFacts } from '../analyzers/facts.js';
import type { GoParser } from '../analyzers/go/parser.js';
import type { WalkProblem } from '../analyzers/reported-findings.js';
import type { Target } from '../analyzers/target.js';
import type { Workspace } from '../analyzers/workspace.js';
import { loadDiskWorkspace } from './disk-workspace.js';
import { moduleCacheFor } from './module-cache.js';
import { loadParser, parserChoice } from './go-parser.js';
import type { HostEnv } from './host-env.js';
import { parallelGoFacts } from './parallel-go-facts.js';
import { UsageError } from './usage-error.js';

export interface RunAnalysisOptions {
  prefilter?: boolean;
  target?: Target | null;
  goarch?: string;
  rules?: Record<string, RuleSetting>;
}

export interface RunAnalysisResult extends DiskAnalysis {
  workspace: Workspace;
  walkProblems: WalkProblem[];
}

/**
 * The Go parser for a one-shot run, loaded only when the workspace has Go files (tree-sitter stays out of
 * start-up otherwise). A KPA_PARSER value that is no binding, or a binding that cannot load, is a usage
 * error rather than a silent fallback.
 */
export async function loadParserFor(ws: Workspace, env: HostEnv['env']): Promise<GoParser | null> {
  if (ws.goPackages.size === 0) return null;
  const { choice, problem } = parserChoice(env);
  if (problem) throw new UsageError(problem);
  try {
    return await loadParser(choice, 'native');
  } catch (err) {
    throw new UsageError(`the Go parser (${choice}) could not load: ${(err as Error).message}`);
  }
}

/** analyze() over a workspace read from disk, with the parser loaded and worker threads where they pay. */
export interface DiskAnalysis {
  facts: EngineFacts;
  diagnostics: Diagnostic[];
  /** How many worker threads parsed Go (0: parsed in-process). */
  parseThreads: number;
}

export async function analyzeDiskWorkspace(workspace: Workspace, env: HostEnv['env'], options: RunAnalysisOptions = {}): Promise<DiskAnalysis> {
  const parser = await loadParserFor(workspace, env);
  const prefilter = options.prefilter ?? true;
  // Worker threads run compiled JS; under a TypeScript test runner (vitest) kpa parses in-process. With the
  // prefilter on, few packages are parsed and threads cost more than they save (bench/go.bench.ts: 2.0 s on
  // threads vs 1.0 s in-process over GOROOT/src); they pay off when every package is parsed.
  const compiled = import.meta.url.endsWith('.js');
  // Whole-tree runs parse on workers with wasm unless KPA_PARSER chose: native trees wait for N-API
  // finalizers, and over GOROOT/src wasm workers peaked at 0.56 GB RSS against native's 0.96 GB, as fast.
  const workerParser = parserChoice(env).choice === 'auto' ? 'wasm' : (parser?.backend ?? 'auto');
  const pre = parser && compiled && !prefilter ? await parallelGoFacts(workspace, { parser: workerParser }) : null;
  const engine: EngineOptions = {
    parser,
    target: options.target ?? null,
    goarch: options.goarch,
    prefilter,
    rules: options.rules,
    precomputed: pre ? (dir) => pre.packages.get(dir) : undefined,
    moduleCache: moduleCacheFor(env),
  };
  return { ...analyze(workspace, engine), parseThreads: pre?.threads ?? 0 };
}

/** Walks `paths` (relative to the cwd) and analyses what it found. */
export async function runAnalysis(paths: string[], host: HostEnv, options: RunAnalysisOptions = {}): Promise<RunAnalysisResult> {
  const { workspace, problems } = loadDiskWorkspace(paths, host.cwd);
  return { ...(await analyzeDiskWorkspace(workspace, host.env, options)), workspace, walkProblems: problems };
}
