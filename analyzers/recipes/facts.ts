/**
 * Facts about build recipes — Makefiles, Dockerfiles and shell scripts — as far as they build plugins:
 * the `go build -buildmode=plugin` commands they run, what each builds and where it writes the .so.
 * They tell kpa which packages a repository means to be plugins, and which plugins share an output folder.
 */
import type { Range } from '../diagnostics.js';

export type RecipeKind = 'makefile' | 'dockerfile' | 'script';

export interface PluginBuildCommand {
  /** The recipe file and the range of the `go build` command in it. */
  file: string;
  range: Range;
  /** The directory go build runs in: the recipe's own, or a `cd DIR &&` / Dockerfile WORKDIR relative to it. */
  cwd: string;
  /**
   * What it builds, absolute: package directories, or `.go` files (`go build … main.go` builds only those
   * files). Empty means the package in `cwd`. Arguments with unresolved variables ($(X), ${X}) are left out.
   */
  targets: string[];
  /** The -o path, absolute; null when not given or not resolvable. */
  output: string | null;
  /** Whether an argument or the output could not be resolved (a variable, a glob): the command is only partly known. */
  partial: boolean;
}

export interface RecipeFacts {
  file: string;
  kind: RecipeKind;
  pluginBuilds: PluginBuildCommand[];
}
