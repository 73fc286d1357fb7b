/** What a recipe's `go build -buildmode=plugin` command compiles and where it writes, for every reader of recipes. */
import { dirname } from '../workspace.js';
import type { PluginBuildCommand } from './facts.js';

/** The package directories the command compiles: its targets' directories, or its cwd (none when that is unknown). */
export function builtDirs(build: PluginBuildCommand): string[] {
  if (build.targets.length === 0) return build.partial ? [] : [build.cwd];
  return [...new Set(build.targets.map((t) => (t.endsWith('.go') ? dirname(t) : t.replace(/\/+$/, ''))))];
}

/** Where the command writes its .so: the -o path's folder, or (without -o) the directory go build runs in. */
export function outputFolder(build: PluginBuildCommand): string | null {
  if (build.output) return dirname(build.output);
  return build.partial ? null : build.cwd;
}
