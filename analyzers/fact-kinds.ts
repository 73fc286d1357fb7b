/**
 * Which files each kind of facts reads: the ownership columns of the fact providers' table
 * (fact-providers.ts adds how each kind is computed). They live apart because the Workspace groups files
 * by them and the providers import the Workspace: one file would close an import cycle.
 */
import { recipeKindOf } from './recipes/recipe-files.js';
import { isConfigTemplatePath, isEnvironmentFile, isFlexibleConfigInput } from './config/template/fc-files.js';

export type FactKind = 'go' | 'modules' | 'config' | 'binary' | 'recipes';

export interface FactFiles {
  /** Whether this kind of facts reads the file (by its base name, or its whole path): an edit to it changes these facts. */
  owns(name: string, path: string): boolean;
  /** Kinds whose list of files (not their content) these facts also depend on. */
  listsFilesOf: readonly FactKind[];
}

export function isConfigFileName(name: string): boolean {
  return /^krakend.*\.jsonc?$/i.test(name);
}

/** A KrakenD configuration kpa checks: krakend*.json(c), or a flexible-configuration template named krakend*.tmpl. */
export function isConfigFile(path: string): boolean {
  return isConfigFileName(path.slice(path.lastIndexOf('/') + 1)) || isConfigTemplatePath(path);
}

export const FACT_FILES: { readonly [K in FactKind]: FactFiles } = {
  go: { owns: (name) => name.endsWith('.go'), listsFilesOf: [] },
  modules: { owns: (name) => name === 'go.mod' || name === 'go.sum', listsFilesOf: [] },
  // A config's plugin folder is resolved against the workspace's .so files (config/plugin-folder.ts).
  // Templates among the configs also read their settings, partials and templates, and the files that say
  // where those are (compose and .env files here; Dockerfiles, scripts and Makefiles belong to recipes).
  config: {
    owns: (name, path) => isConfigFile(path) || isEnvironmentFile(name) || (isFlexibleConfigInput(path) && !name.endsWith('.so') && recipeKindOf(name) === null),
    listsFilesOf: ['binary'],
  },
  binary: { owns: (name) => name.endsWith('.so'), listsFilesOf: [] },
  recipes: { owns: (name, path) => recipeKindOf(name, path) !== null, listsFilesOf: [] },
};

/** Table order, which is also the order a file is classified in (the first kind owning it wins). */
export const FACT_KINDS: readonly FactKind[] = ['go', 'modules', 'config', 'binary', 'recipes'];

/** The kind of facts a file feeds, or null when kpa does not read it. */
export function factKindOf(path: string): FactKind | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  for (const kind of FACT_KINDS) if (FACT_FILES[kind].owns(name, path)) return kind;
  return null;
}

/** The kinds whose facts change when a file of `kind` is created or deleted: its own, and those listing it. */
export function kindsListing(kind: FactKind): FactKind[] {
  return FACT_KINDS.filter((k) => k === kind || FACT_FILES[k].listsFilesOf.includes(kind));
}
