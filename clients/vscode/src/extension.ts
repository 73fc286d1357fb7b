/**
 * kpa for VS Code: starts `kpa lsp --stdio` through vscode-languageclient and stays thin. Diagnostics, quick
 * fixes, hover, completion, navigation and the "Build for KrakenD …" code lens all come from the server;
 * the server's own commands (`kpa.build`, `kpa.runShellCommand`) are registered by the client library.
 * The extension adds: settings passed through, a status bar item with the active Target (a click picks another
 * KrakenD release: the kpa.krakendVersion setting, which the server reads), three commands, and shows the matrix
 * the go.mod lens "loads in KrakenD …" returns.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { cliInvocation, findServer, type ServerLaunch } from './server-command';
import { describeTarget, listReleases } from './target-label';

/** The server's build command (server/features/code-lens.ts); the client library registers it. */
const SERVER_BUILD_COMMAND = 'kpa.build';
/** The server's command behind go.mod's "loads in KrakenD …" lens (server/features/gomod-hints.ts): returns the matrix as text. */
const SERVER_COMPAT_MATRIX_COMMAND = 'kpa.compatMatrix';

/** The files kpa analyses; krakend*.json and .kpa.json by name, whatever language mode they are in. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'go' },
  { scheme: 'file', pattern: '**/go.mod' },
  { scheme: 'file', pattern: '**/go.sum' },
  { scheme: 'file', pattern: '**/krakend*.json' },
  { scheme: 'file', pattern: '**/.kpa.json' },
];

export interface KpaExtensionApi {
  client(): LanguageClient | undefined;
  statusBar: vscode.StatusBarItem;
  launch(): ServerLaunch;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KpaExtensionApi> {
  const output = vscode.window.createOutputChannel('kpa');
  const statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusBar.name = 'kpa target';
  statusBar.command = 'kpa.selectTarget';
  context.subscriptions.push(output, statusBar);

  const launch = () =>
    findServer({
      serverPath: vscode.workspace.getConfiguration('kpa').get<string>('serverPath'),
      extensionPath: context.extensionPath,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    });

  const start = async () => {
    const server = launch();
    output.appendLine(`kpa: starting the language server from ${server.source}`);
    client = new LanguageClient('kpa', 'kpa', serverOptions(server), clientOptions(output));
    await client.start();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('kpa.restartServer', async () => {
      const old = client;
      client = undefined;
      await old?.stop().catch(() => undefined);
      await start();
    }),
    vscode.commands.registerCommand('kpa.buildForTarget', () => buildForTarget(output)),
    vscode.commands.registerCommand('kpa.showCompatibility', () => showCompatibility(launch(), output)),
    vscode.commands.registerCommand('kpa.selectTarget', selectTarget),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kpa')) updateStatusBar(statusBar);
      if (e.affectsConfiguration('kpa.serverPath')) void vscode.commands.executeCommand('kpa.restartServer');
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.fsPath.endsWith('.kpa.json')) updateStatusBar(statusBar);
    }),
  );
  updateStatusBar(statusBar);
  statusBar.show();

  try {
    await start();
  } catch (err) {
    const message = `kpa: the language server could not start (${(err as Error).message}). Install kpa (npm install -g kpa) or set kpa.serverPath.`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
  return { client: () => client, statusBar, launch };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function serverOptions(server: ServerLaunch): ServerOptions {
  return server.kind === 'module'
    ? { module: server.module, args: server.args, transport: TransportKind.stdio }
    : { command: server.command, args: server.args, transport: TransportKind.stdio };
}

function clientOptions(output: vscode.OutputChannel): LanguageClientOptions {
  return {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // The server reads the `kpa` section (workspace/configuration) at start and on every change.
    initializationOptions: { kpa: settingsSection() },
    synchronize: { configurationSection: 'kpa' },
    middleware: {
      // The go.mod lens's matrix comes back as text: shown in a document beside the go.mod, as kpa.showCompatibility shows its own.
      async executeCommand(command, args, next) {
        const result: unknown = await next(command, args);
        if (command === SERVER_COMPAT_MATRIX_COMMAND && typeof result === 'string') await showText(result);
        return result;
      },
    },
  };
}

function settingsSection(): unknown {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration().get('kpa') ?? {}));
}

function updateStatusBar(statusBar: vscode.StatusBarItem): void {
  const config = vscode.workspace.getConfiguration('kpa');
  const label = describeTarget(
    { krakendVersion: config.get('krakendVersion'), flavour: config.get('flavour'), arch: config.get('arch') },
    readProjectSettings(),
  );
  statusBar.text = label.text;
  statusBar.tooltip = label.tooltip;
}

function readProjectSettings(): string | null {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return null;
  try {
    return readFileSync(join(folder.uri.fsPath, '.kpa.json'), 'utf8');
  } catch {
    return null;
  }
}

async function selectTarget(): Promise<void> {
  const releases = [...listReleases()].reverse();
  const picked = await vscode.window.showQuickPick(['latest', ...releases], { placeHolder: 'KrakenD release to check plugins against' });
  if (!picked) return;
  await vscode.workspace.getConfiguration('kpa').update('krakendVersion', picked === 'latest' ? '' : picked, vscode.ConfigurationTarget.Workspace);
}

/** The plugin directory of the active editor: its file's folder; else the first workspace folder. */
function activePluginDir(): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri;
  if (file?.scheme === 'file') return dirname(file.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The nearest folder at or above `dir` with a go.mod (what `kpa compat` wants). */
function moduleDir(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return dir;
  }
}

async function buildForTarget(output: vscode.OutputChannel): Promise<void> {
  const dir = activePluginDir();
  if (!client || !dir) {
    void vscode.window.showWarningMessage('kpa: open a file of the plugin to build, with the language server running.');
    return;
  }
  const offered = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!offered.includes(SERVER_BUILD_COMMAND)) {
    void vscode.window.showWarningMessage('kpa: this kpa cannot build plugins (its builder is not installed).');
    return;
  }
  output.show(true);
  const code = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_BUILD_COMMAND, arguments: [dir] });
  if (code === 0) void vscode.window.showInformationMessage(`kpa: built the plugin in ${dir}`);
}

/** Runs `kpa compat <module dir>` for the configured flavour and arch and shows the matrix. */
async function showCompatibility(server: ServerLaunch, output: vscode.OutputChannel): Promise<string> {
  const dir = activePluginDir();
  if (!dir) {
    void vscode.window.showWarningMessage('kpa: open a plugin folder to see which KrakenD releases it loads in.');
    return '';
  }
  const config = vscode.workspace.getConfiguration('kpa');
  const args = ['compat', moduleDir(dir)];
  const flavour = config.get<string>('flavour');
  const arch = config.get<string>('arch');
  if (flavour) args.push('--flavour', flavour);
  if (arch) args.push('--arch', arch);
  const run = cliInvocation(server, process.execPath, args);
  const text = await new Promise<string>((resolve) => {
    const chunks: string[] = [];
    // ELECTRON_RUN_AS_NODE makes VS Code's own binary behave as Node for a bundled .mjs server.
    const child = spawn(run.command, run.args, { cwd: dir, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' } });
    child.stdout.on('data', (b: Buffer) => chunks.push(b.toString()));
    child.stderr.on('data', (b: Buffer) => chunks.push(b.toString()));
    child.on('error', (err) => resolve(`kpa compat could not run: ${err.message}`));
    child.on('close', () => resolve(chunks.join('')));
  });
  await showText(text);
  output.appendLine(`kpa compat ${args.slice(1).join(' ')}`);
  return text;
}

async function showText(text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
  await vscode.window.showTextDocument(doc, { preview: true });
}
