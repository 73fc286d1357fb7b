/** Entry point of the Go analyzer: package facts and plugin-symbol verdicts for a workspace. */
import type { InputProblem } from '../facts.js';
import type { Workspace } from '../workspace.js';
import type { PackageFacts } from './facts.js';
import type { GoParser } from './parser.js';
import type { PluginSymbolFact } from './plugin-symbols.js';

export interface GoFactsOptions {
  parser: GoParser | null;
  goos: string;
  goarch: string;
  prefilter: boolean;
}

export function computeGoFacts(
  _ws: Workspace,
  _options: GoFactsOptions,
  _inputProblems: InputProblem[],
): { packages: PackageFacts[]; plugins: Map<string, PluginSymbolFact[]> } {
  return { packages: [], plugins: new Map() };
}
