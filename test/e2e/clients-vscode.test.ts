/**
 * The VS Code extension (clients/vscode) without VS Code, which cannot be downloaded here: its esbuild bundle
 * is loaded with `require('vscode')` pointed at a small fake of the API (clients/vscode/test/fake-vscode.cjs),
 * activated, and driven against the real `kpa lsp --stdio` through vscode-languageclient over stdio.
 * Also: the manifest's settings equal what the server reads, and `vsce package` makes a .vsix of the bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readEditorSettings } from '../../server/configuration.js';
import { ALL_RULES } from '../../analyzers/rules/index.js';
import { buildDist, REPO } from '../../server/stdio-client.js';
import { findServer } from '../../clients/vscode/src/server-command.js';
import { ensureVscodeClientDeps, makePluginWorkspace, PLUGIN_WITH_POINTER, waitUntil } from './clients-helpers.js';

const EXT = join(REPO, 'clients/vscode');
const manifest = JSON.parse(readFileSync(join(EXT, 'package.json'), 'utf8')) as {
  main: string;
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[]; properties?: Record<string, unknown> }> }; commands: { command: string }[] };
};
const settingKeys = Object.keys(manifest.contributes.configuration.properties);
const CLIENT_ONLY = ['kpa.serverPath', 'kpa.trace.server'];

/** The keys readEditorSettings looks at, observed through a Proxy rather than copied from its source. */
function keysTheServerReads(): string[] {
  const read = new Set<string>();
  readEditorSettings(new Proxy({}, { get: (_t, key) => (typeof key === 'string' && read.add(key), undefined) }));
  return [...read].map((k) => `kpa.${k}`).sort();
}

describe('the extension manifest', () => {
  test('contributes exactly the settings the server reads, plus the client-only ones', () => {
    expect(settingKeys.filter((k) => !CLIENT_ONLY.includes(k)).sort()).toEqual(keysTheServerReads());
    expect(settingKeys).toEqual(expect.arrayContaining(CLIENT_ONLY));
  });

  test('every default and enum value is one the server accepts without a problem', () => {
    const props = manifest.contributes.configuration.properties;
    const defaults = Object.fromEntries(settingKeys.filter((k) => !CLIENT_ONLY.includes(k)).map((k) => [k.slice(4), props[k].default]));
    expect(readEditorSettings(defaults).problems).toEqual([]);
    for (const key of ['kpa.flavour', 'kpa.arch']) {
      for (const value of props[key].enum!) expect(readEditorSettings({ [key.slice(4)]: value }).problems, `${key}=${value}`).toEqual([]);
    }
    expect(readEditorSettings({ rules: { KPA101: 'bogus' } }).problems).not.toEqual([]);
  });

  test('kpa.rules offers every rule kpa ships (regenerate with `npm run sync-settings` in clients/vscode)', () => {
    const rules = manifest.contributes.configuration.properties['kpa.rules'].properties!;
    expect(Object.keys(rules)).toEqual(ALL_RULES.map((r) => r.id));
    const allOff = Object.fromEntries(Object.keys(rules).map((id) => [id, 'off']));
    expect(readEditorSettings({ rules: allOff }).problems).toEqual([]);
  });

  test('activates on Go, go.mod and krakend.json workspaces and declares its commands', () => {
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:go', 'workspaceContains:**/go.mod', 'workspaceContains:**/krakend*.json']));
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(['kpa.buildForTarget', 'kpa.restartServer', 'kpa.selectTarget', 'kpa.showCompatibility']);
  });
});

describe('the extension source', () => {
  test('type-checks against @types/vscode (the root tsconfig leaves clients/ out)', () => {
    ensureVscodeClientDeps();
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(EXT, 'tsconfig.json')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('where the extension finds kpa', () => {
  const none = () => false;
  test('kpa.serverPath: a .js file runs with Node, anything else is an executable', () => {
    expect(findServer({ serverPath: '/opt/kpa/bin/kpa.js', extensionPath: '/ext', workspaceFolders: [], exists: none })).toMatchObject({ kind: 'module', module: '/opt/kpa/bin/kpa.js', args: ['lsp'] });
    expect(findServer({ serverPath: 'tools/kpa', extensionPath: '/ext', workspaceFolders: ['/ws'], exists: none })).toMatchObject({ kind: 'command', command: '/ws/tools/kpa' });
  });
  test('then the bundled server, then the workspace node_modules, then PATH', () => {
    const has = (...paths: string[]) => (p: string) => paths.includes(p);
    expect(findServer({ extensionPath: '/ext', workspaceFolders: ['/ws'], exists: has('/ext/server/dist/kpa.mjs', '/ws/node_modules/.bin/kpa') })).toMatchObject({ kind: 'module', module: '/ext/server/dist/kpa.mjs' });
    expect(findServer({ extensionPath: '/ext', workspaceFolders: ['/ws'], exists: has('/ws/node_modules/.bin/kpa') })).toMatchObject({ kind: 'command', command: '/ws/node_modules/.bin/kpa' });
    expect(findServer({ serverPath: '  ', extensionPath: '/ext', workspaceFolders: ['/ws'], exists: none })).toMatchObject({ kind: 'command', command: 'kpa' });
  });
});

// --- the bundled extension against the real server -------------------------------------------------------

interface FakeDoc {
  uri: { toString(): string; fsPath: string };
  getText(): string;
  version: number;
}
interface Fake {
  state: { settings: Record<string, unknown>; commands: Map<string, unknown>; messages: { level: string; message: string }[]; shownDocuments: FakeDoc[]; quickPickAnswer?: string; outputChannels: Map<string, { text(): string }> };
  setWorkspaceFolder(path: string): void;
  openDocument(path: string, text: string): FakeDoc;
  setSetting(key: string, value: unknown): void;
  diagnostics(uri: unknown): { code: { value: string } | string; message: string; range: { start: { line: number } } }[];
  providers(kind: string): { provider: Record<string, (...args: unknown[]) => Promise<unknown>> }[];
}
interface VscodeFake {
  __fake: Fake;
  workspace: { applyEdit(edit: unknown): Promise<boolean> };
  commands: { executeCommand(id: string, ...args: unknown[]): Promise<unknown> };
  CancellationTokenSource: new () => { token: unknown };
}
interface Extension {
  activate(context: unknown): Promise<{ statusBar: { text: string; tooltip: string; command: string }; client(): { initializeResult?: { capabilities: { executeCommandProvider?: { commands: string[] } } }; isRunning(): boolean } | undefined }>;
  deactivate(): Promise<void>;
}

let root: string;
let vscode: VscodeFake;
let fake: Fake;
let extension: Extension;

beforeAll(() => {
  buildDist();
  ensureVscodeClientDeps();
  execFileSync(process.execPath, [join(EXT, 'esbuild.mjs')], { cwd: EXT, stdio: 'pipe' });
  execFileSync(process.execPath, [join(EXT, 'scripts/bundle-server.mjs')], { cwd: EXT, stdio: 'pipe' });
  root = makePluginWorkspace('kpa-vscode-').root;

  // `require('vscode')` from the bundle resolves to the fake; everything else resolves as usual.
  const fakePath = join(EXT, 'test/fake-vscode.cjs');
  const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = resolver._resolveFilename;
  resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  const require = createRequire(import.meta.url);
  vscode = require('vscode') as VscodeFake;
  fake = vscode.__fake;
  extension = require(join(EXT, manifest.main)) as Extension;
});

afterAll(async () => {
  await extension?.deactivate();
  if (root) rmSync(root, { recursive: true, force: true });
});

const codes = (doc: FakeDoc) => fake.diagnostics(doc.uri).map((d) => (typeof d.code === 'string' ? d.code : d.code.value));

describe('the extension in a fake VS Code, against the real server', () => {
  let api: Awaited<ReturnType<Extension['activate']>>;
  let doc: FakeDoc;

  test('activates: starts kpa from kpa.serverPath, shows the target, gets diagnostics for an open plugin', async () => {
    fake.setWorkspaceFolder(root);
    for (const [key, spec] of Object.entries(manifest.contributes.configuration.properties)) fake.state.settings[key] = spec.default;
    fake.state.settings['kpa.serverPath'] = join(REPO, 'bin/kpa.js');
    api = await extension.activate({ subscriptions: [], extensionPath: EXT, asAbsolutePath: (p: string) => join(EXT, p) });
    expect(api.client()?.isRunning()).toBe(true);
    expect(api.statusBar.text).toMatch(/^KrakenD \d+\.\d+\.\d+ · alpine · amd64$/);
    expect(fake.state.outputChannels.get('kpa')!.text()).toContain('from the kpa.serverPath setting');

    doc = fake.openDocument(join(root, 'plugin/main.go'), PLUGIN_WITH_POINTER);
    await waitUntil(() => codes(doc).includes('KPA101'), 'KPA101 in the fake editor');
    const d = fake.diagnostics(doc.uri).find((x) => (x as { code: { value: string } }).code.value === 'KPA101')!;
    expect(d.range.start.line).toBe(9);
    expect(d.message).toContain('holds a pointer');
  });

  test('settings reach the server: kpa.rules turns the rule off and back on; the status bar follows kpa.krakendVersion', async () => {
    fake.setSetting('kpa.rules', { KPA101: 'off' });
    await waitUntil(() => !codes(doc).includes('KPA101'), 'KPA101 switched off through kpa.rules');
    fake.setSetting('kpa.rules', {});
    await waitUntil(() => codes(doc).includes('KPA101'), 'KPA101 back after kpa.rules is cleared');

    fake.setSetting('kpa.krakendVersion', '2.1');
    expect(api.statusBar.text).toBe('KrakenD 2.1.4 · alpine · amd64');
    fake.state.quickPickAnswer = 'latest';
    await vscode.commands.executeCommand(api.statusBar.command);
    expect(fake.state.settings['kpa.krakendVersion']).toBe('');
    expect(api.statusBar.text).not.toContain('2.1.4');
    fake.setSetting('kpa.krakendVersion', '9.9');
    expect(api.statusBar.text).toContain('?');
    expect(api.statusBar.tooltip).toContain('unknown KrakenD version');
    fake.setSetting('kpa.krakendVersion', '');
  });

  test('the quick fix from the client\'s code action provider fixes the buffer and the finding goes away', async () => {
    const [{ provider }] = fake.providers('CodeActions');
    const diagnostics = fake.diagnostics(doc.uri);
    const kpa101 = diagnostics.find((x) => (x as { code: { value: string } }).code.value === 'KPA101')!;
    const token = new vscode.CancellationTokenSource().token;
    const actions = (await provider.provideCodeActions(doc, kpa101.range, { diagnostics: [kpa101], triggerKind: 1, only: undefined }, token)) as { title: string; edit: unknown }[];
    expect(actions).toHaveLength(1);
    expect(actions[0].title).toMatch(/HandlerRegisterer/);
    expect(await vscode.workspace.applyEdit(actions[0].edit)).toBe(true);
    expect(doc.getText()).toContain('var HandlerRegisterer = registerer{}\n');
    await waitUntil(() => !codes(doc).includes('KPA101'), 'KPA101 gone after the fix');
  });

  test('commands: the server\'s own are registered by the client; the compatibility matrix runs kpa compat', async () => {
    const offered = api.client()!.initializeResult!.capabilities.executeCommandProvider!.commands;
    for (const command of offered) expect(fake.state.commands.has(command), command).toBe(true);
    const text = (await vscode.commands.executeCommand('kpa.showCompatibility')) as string;
    expect(text).toMatch(/example\.com\/hello .* against \d+ KrakenD CE release/);
    expect(text).toMatch(/2\.13\.\d+ +1\.2\d/);
    expect(fake.state.shownDocuments.at(-1)!.getText()).toBe(text);
  });

  test('go.mod: the inlay hints and the "loads in KrakenD …" lens reach the editor; the lens opens the matrix in a document', async () => {
    const goMod = fake.openDocument(join(root, 'go.mod'), readFileSync(join(root, 'go.mod'), 'utf8'));
    const token = new vscode.CancellationTokenSource().token;
    const [{ provider: lenses }] = fake.providers('CodeLens');
    const lens = await waitForValue(async () => ((await lenses.provideCodeLenses(goMod, token)) as { command?: { title: string; command: string; arguments: unknown[] } }[]).find((l) => l.command?.command === 'kpa.compatMatrix'));
    expect(lens.command!.title).toMatch(/^loads in (KrakenD \d|no KrakenD release)/);
    expect(fake.providers('InlayHints')).toHaveLength(1);
    const matrix = (await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments)) as string;
    expect(matrix.split('\n')[0]).toBe(`example.com/hello: ${lens.command!.title}`);
    expect(fake.state.shownDocuments.at(-1)!.getText()).toBe(matrix);
  });

  test('restart: a new server process takes over and republishes the open document', async () => {
    const before = api.client();
    // Break the buffer again so the new server has something to say.
    const broken = doc.getText().replace('var HandlerRegisterer = registerer{}', 'var HandlerRegisterer = &registerer{}');
    writeFileSync(join(root, 'plugin/main.go'), broken);
    await vscode.workspace.applyEdit(editReplacingAll(doc, broken));
    await waitUntil(() => codes(doc).includes('KPA101'), 'KPA101 after breaking the buffer again');
    await vscode.commands.executeCommand('kpa.restartServer');
    expect(api.client()).not.toBe(before);
    expect(api.client()?.isRunning()).toBe(true);
    await waitUntil(() => codes(doc).includes('KPA101'), 'KPA101 from the restarted server');
    expect(fake.state.messages.filter((m) => m.level === 'error'), fake.state.outputChannels.get('kpa')!.text()).toEqual([]);
  });

  test('without kpa.serverPath it runs the server bundled in the extension', async () => {
    const before = api.client();
    // Changing kpa.serverPath restarts the server (the extension listens for it).
    fake.setSetting('kpa.serverPath', '');
    await waitUntil(() => api.client() !== before && api.client()?.isRunning() === true, 'the restart onto the bundled server');
    expect(fake.state.outputChannels.get('kpa')!.text()).toContain('from the server bundled with the extension');
    await waitUntil(() => codes(doc).includes('KPA101'), 'KPA101 from the bundled server');
    expect(fake.state.messages.filter((m) => m.level === 'error')).toEqual([]);
  });
});

/** Asks until the answer is there (the server answers once it has analysed the file). */
async function waitForValue<T>(get: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the server\'s answer');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function editReplacingAll(doc: FakeDoc, text: string): unknown {
  const edit = new (vscode as unknown as { WorkspaceEdit: new () => { replace(u: unknown, r: unknown, t: string): void } }).WorkspaceEdit();
  const { Range } = vscode as unknown as { Range: new (a: number, b: number, c: number, d: number) => unknown };
  edit.replace(doc.uri, new Range(0, 0, doc.getText().split('\n').length, 0), text);
  return edit;
}

describe('packaging', () => {
  test('vsce packages the minified extension, the bundled server and the manifest, nothing else', () => {
    const out = join(root, 'kpa.vsix');
    const r = spawnSync(process.execPath, [join(EXT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out], {
      cwd: EXT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(existsSync(out)).toBe(true);
    const listing = zipEntries(out);
    const server = listing.filter((f) => f.startsWith('extension/server/'));
    expect(listing.filter((f) => !server.includes(f))).toEqual(['[Content_Types].xml', 'extension.vsixmanifest', 'extension/readme.md', 'extension/dist/extension.js', 'extension/package.json'].sort());
    expect(server).toEqual(
      expect.arrayContaining([
        'extension/server/dist/kpa.mjs',
        'extension/server/dist/tree-sitter.wasm',
        'extension/server/node_modules/tree-sitter-go/tree-sitter-go.wasm',
        'extension/server/package.json',
        'extension/server/docs/rules/KPA101.md',
      ]),
    );
    expect(server.filter((f) => f.startsWith('extension/server/docs/rules/'))).toHaveLength(ALL_RULES.length);
    const packed = JSON.parse(zipEntry(out, 'extension/package.json')) as typeof manifest;
    expect(packed.contributes.configuration.properties['kpa.krakendVersion']).toBeDefined();
  }, 150_000);
});

/** Zip reading through Python's zipfile (python3 is on every machine CI builds; unzip may not be). */
function zipEntries(zip: string): string[] {
  return execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' }).trim().split('\n').sort();
}

function zipEntry(zip: string, name: string): string {
  return execFileSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', zip, name], { encoding: 'utf8' });
}
