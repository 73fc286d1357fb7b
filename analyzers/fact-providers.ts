/**
 * The one table of fact providers: per kind of facts, which files it reads (fact-kinds.ts) and how it
 * computes its facts. The Workspace groups files by it, the engine computes facts with it, and the language
 * server's session recomputes only the kind of facts an edited file belongs to.
 */
import type { EngineFacts, InputProblem } from './facts.js';
import { FACT_FILES, type FactFiles, type FactKind } from './fact-kinds.js';
import { computeGoFacts, type GoFactsOptions } from './go/index.js';
import { computeModuleFacts } from './modules/index.js';
import type { DependencySource } from './modules/module-cache.js';
import { computeConfigFacts } from './config/index.js';
import { computeBinaryFacts } from './binary/index.js';
import { computeRecipeFacts } from './recipes/index.js';
import type { Workspace } from './workspace.js';

export { FACT_KINDS, factKindOf, kindsListing, type FactKind } from './fact-kinds.js';

/** The module facts' reader of dependency sources: the module cache, for the platform Go files are built for. */
function dependencySource(go: GoFactsOptions): DependencySource | undefined {
  return go.moduleCache ? { cache: go.moduleCache, goos: go.goos, goarch: go.goarch, goMinor: go.goMinor } : undefined;
}

/** The EngineFacts fields each kind of facts fills. */
export interface ProvidedFacts {
  go: Pick<EngineFacts, 'go' | 'plugins'>;
  modules: Pick<EngineFacts, 'modules'>;
  config: Pick<EngineFacts, 'configs'>;
  binary: Pick<EngineFacts, 'binaries'>;
  recipes: Pick<EngineFacts, 'recipes'>;
}

/** What a provider is given besides the workspace: the Go analyzer's options, and where to report unreadable files. */
export interface ProviderInput {
  go: GoFactsOptions;
  inputProblems: InputProblem[];
}

export interface FactProvider<K extends FactKind> extends FactFiles {
  kind: K;
  compute(ws: Workspace, input: ProviderInput): ProvidedFacts[K];
}

export const FACT_PROVIDERS: { readonly [K in FactKind]: FactProvider<K> } = {
  go: {
    kind: 'go',
    ...FACT_FILES.go,
    compute(ws, input) {
      const { packages, plugins } = computeGoFacts(ws, input.go, input.inputProblems);
      return { go: packages, plugins };
    },
  },
  modules: { kind: 'modules', ...FACT_FILES.modules, compute: (ws, input) => ({ modules: computeModuleFacts(ws, dependencySource(input.go)) }) },
  config: { kind: 'config', ...FACT_FILES.config, compute: (ws) => ({ configs: computeConfigFacts(ws) }) },
  binary: { kind: 'binary', ...FACT_FILES.binary, compute: (ws) => ({ binaries: computeBinaryFacts(ws) }) },
  recipes: { kind: 'recipes', ...FACT_FILES.recipes, compute: (ws) => ({ recipes: computeRecipeFacts(ws) }) },
};
