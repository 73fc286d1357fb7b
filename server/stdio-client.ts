/**
 * A small LSP client for the end-to-end tests and the benchmark: spawns `node bin/kpa.js lsp --stdio` and
 * drives it with vscode-languageserver-protocol's client side over the real pipes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node.js';

/** The repository root: the nearest folder above this file (source or dist/) with kpa's package.json. */
export const REPO = findRepo(dirname(fileURLToPath(import.meta.url)));

function findRepo(from: string): string {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'kpa') return dir;
    } catch {
      // not here: keep walking up
    }
    if (resolve(dir, '..') === dir) throw new Error(`kpa's package.json not found above ${from}`);
  }
}

/** Compiles the project into dist/ (tsc emits even when files of work in progress elsewhere have type errors). */
export function buildDist(): void {
  // test/global-setup.ts built dist/ once for the whole run; building again here would race other files.
  const r = process.env.KPA_DIST_BUILT === '1' ? { stdout: '', stderr: '' } : spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const entry = join(REPO, 'dist/server/main.js');
  if (!existsSync(entry) || !readFileSync(join(REPO, 'dist/cli/commands/lsp.js'), 'utf8').includes('runLanguageServer')) {
    throw new Error(`the build did not produce the language server:\n${r.stdout}\n${r.stderr}`);
  }
}

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  window: { workDoneProgress: true },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

interface Waiter {
  uri: string;
  version: number | undefined;
  resolve: (d: Diagnostic[]) => void;
}

export class LspTestClient {
  readonly connection: ProtocolConnection;
  /** Every publish, in order, per URI. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  settings: Record<string, unknown> = {};
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: child.stdout!, output: child.stdin! },
  ) {
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
    child.stderr?.on('data', (b: Buffer) => this.logs.push(`[stderr] ${b.toString()}`));
    this.connection = createProtocolConnection(new StreamMessageReader(streams.input), new StreamMessageWriter(streams.output));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.published.get(p.uri) ?? [];
      list.push(p);
      this.published.set(p.uri, list);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || (w.version !== undefined && w.version !== p.version)) return true;
        w.resolve(p.diagnostics);
        return false;
      });
    });
    this.connection.onNotification('$/progress', (p: unknown) => this.progress.push(p));
    this.connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.connection.onNotification('window/showMessage', (p: { message: string }) => this.logs.push(`[show] ${p.message}`));
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', (p: unknown) => {
      this.registrations.push(p);
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.listen();
  }

  /** Any language server over stdio (the benchmark's references: gopls, a bare vscode-languageserver server). */
  static spawn(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = process.env): LspTestClient {
    return new LspTestClient(spawn(command, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** A server already started and connected over `socket` (kpa lsp --socket: its stdout stays free). */
  static overSocket(child: ChildProcess, socket: NodeJS.ReadableStream & NodeJS.WritableStream): LspTestClient {
    return new LspTestClient(child, { input: socket, output: socket });
  }

  /** `as`: the user the server runs as (a test of permissions run by root). */
  static start(cwd: string, env: Record<string, string | undefined> = process.env, as?: { uid: number; gid: number }): LspTestClient {
    const child = spawn(process.execPath, [join(REPO, 'bin/kpa.js'), 'lsp', '--stdio'], { cwd, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], ...as });
    return new LspTestClient(child);
  }

  async initialize(rootUri: string, capabilities: ClientCapabilities = CLIENT_CAPABILITIES): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the diagnostics of the next publish for `uri` (at `version`, when given) — or one already received. */
  diagnostics(uri: string, version?: number, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const seen = (this.published.get(uri) ?? []).find((p) => version !== undefined && p.version === version);
    if (seen) return Promise.resolve(seen.diagnostics);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms; logs:\n${this.logs.join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  /** The diagnostics of the last publish received for `uri` (a server may publish a version twice). */
  latest(uri: string): Diagnostic[] | undefined {
    return this.published.get(uri)?.at(-1)?.diagnostics;
  }

  /**
   * Any request makes kpa settle half-typed buffers first, and it publishes what changed before it answers:
   * once this resolves, latest() holds the findings at rest.
   */
  async settled(uri: string): Promise<Diagnostic[] | undefined> {
    await this.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    return this.latest(uri);
  }

  open(uri: string, text: string, languageId = 'go', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
