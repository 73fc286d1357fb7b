/**
 * The command table: names and one-line summaries for `kpa --help`, and lazy loaders so that
 * `kpa --help` never loads tree-sitter or a command's dependencies.
 */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export interface CommandModule {
  /** Adds the subcommand (options, arguments, action) to `program`. The action resolves to an exit code. */
  register(program: Command, io: CliIO, done: (code: number) => void): void;
}

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'inspect', summary: 'list the plugin symbols of each Go package and whether KrakenD would load them', load: () => import('./inspect.js') },
  { name: 'lint', summary: 'report everything that keeps a plugin from loading (text, json, sarif)', load: () => import('./lint.js') },
  { name: 'check-plugin', summary: 'drop-in for `krakend check-plugin`: compare go.sum with a KrakenD release', load: () => import('./check-plugin.js') },
  { name: 'test-plugin', summary: 'drop-in for `krakend test-plugin`, static: read built .so files', load: () => import('./test-plugin.js') },
  { name: 'compat', summary: 'which KrakenD releases this plugin loads in, and the upgrade plan for one', load: () => import('./compat.js') },
  { name: 'manifest', summary: 'write a target manifest from a KrakenD (or any Go) binary', load: () => import('./manifest.js') },
  { name: 'build', summary: 'build the plugin in the matching KrakenD builder image', load: () => import('./build.js') },
  { name: 'init', summary: 'scaffold a plugin that is right by construction for a target', load: () => import('./init.js') },
  { name: 'rules', summary: 'list every rule', load: () => import('./rules.js') },
  { name: 'explain', summary: 'show the documentation of a rule', load: () => import('./explain.js') },
  { name: 'explain-error', summary: 'explain the plugin failures of a KrakenD log and how to fix them here', load: () => import('./explain-error.js') },
  { name: 'lsp', summary: 'start the language server', load: () => import('./lsp.js') },
];
