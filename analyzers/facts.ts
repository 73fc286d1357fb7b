/** All facts the engine computed for one snapshot; rules read only these. */
import type { Diagnostic } from './diagnostics.js';
import type { PackageFacts } from './go/facts.js';
import type { ModuleFacts } from './modules/facts.js';
import type { ConfigFacts } from './config/facts.js';
import type { BinaryFacts } from './binary/facts.js';
import type { PluginSymbolFact } from './go/plugin-symbols.js';
import type { RecipeFacts } from './recipes/facts.js';

export interface EngineFacts {
  root: string;
  go: PackageFacts[];
  /** Per package dir: the plugin symbols it declares and whether each loads (analyzers/go/plugin-symbols.ts). */
  plugins: Map<string, PluginSymbolFact[]>;
  modules: ModuleFacts[];
  configs: ConfigFacts[];
  binaries: BinaryFacts[];
  /** Makefiles, Dockerfiles and scripts, as far as they build plugins (analyzers/recipes/). */
  recipes: RecipeFacts[];
  /** Files that could not be read as text (binary, bad UTF-8, unreadable, too large): rule KPA001. */
  inputProblems: InputProblem[];
}

export interface InputProblem {
  file: string;
  kind: 'unreadable' | 'binary' | 'encoding' | 'too-large';
  message: string;
}

export type { Diagnostic };
