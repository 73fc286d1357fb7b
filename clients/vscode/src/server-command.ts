/**
 * Where the kpa language server comes from, first match wins:
 * 1. the `kpa.serverPath` setting (an executable, or a .js/.mjs file run with the editor's Node);
 * 2. the server bundled in the extension (`server/dist/kpa.mjs`, written by `npm run bundle-server`);
 * 3. `node_modules/.bin/kpa` of a workspace folder (kpa installed as a dev dependency);
 * 4. `kpa` on PATH (`npm install -g kpa`).
 * `--stdio` is appended by vscode-languageclient for the stdio transport.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export type ServerLaunch =
  | { kind: 'module'; module: string; args: string[]; source: string }
  | { kind: 'command'; command: string; args: string[]; source: string };

const LSP_ARGS = ['lsp'];

export function findServer(options: { serverPath?: string; extensionPath: string; workspaceFolders: string[]; exists?: (path: string) => boolean }): ServerLaunch {
  const exists = options.exists ?? existsSync;
  const configured = options.serverPath?.trim();
  if (configured) {
    const path = isAbsolute(configured) || !options.workspaceFolders[0] ? configured : join(options.workspaceFolders[0], configured);
    return /\.[cm]?js$/.test(path)
      ? { kind: 'module', module: path, args: LSP_ARGS, source: 'the kpa.serverPath setting' }
      : { kind: 'command', command: path, args: LSP_ARGS, source: 'the kpa.serverPath setting' };
  }
  const bundled = join(options.extensionPath, 'server', 'dist', 'kpa.mjs');
  if (exists(bundled)) return { kind: 'module', module: bundled, args: LSP_ARGS, source: 'the server bundled with the extension' };
  for (const folder of options.workspaceFolders) {
    const local = join(folder, 'node_modules', '.bin', 'kpa');
    if (exists(local)) return { kind: 'command', command: local, args: LSP_ARGS, source: `${local}` };
  }
  return { kind: 'command', command: 'kpa', args: LSP_ARGS, source: 'kpa on PATH' };
}

/** The same kpa, for a CLI command (`kpa compat …`): [program, ...args] to spawn. */
export function cliInvocation(launch: ServerLaunch, nodePath: string, args: string[]): { command: string; args: string[] } {
  return launch.kind === 'module' ? { command: nodePath, args: [launch.module, ...args] } : { command: launch.command, args };
}
