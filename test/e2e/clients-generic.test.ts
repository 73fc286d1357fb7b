/**
 * Configurations for editors that do not run here: Helix (clients/helix/languages.toml; not packaged in
 * Debian 12) and the generic "any LSP client" settings JSON of clients/README.md. Each is used to start the
 * real server the way such a client would — its command found on PATH, its settings sent as
 * initializationOptions and as the answer to workspace/configuration — and the settings must take effect.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createProtocolConnection,
  DiagnosticSeverity,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { buildDist, REPO } from '../../server/stdio-client.js';
import { makePluginWorkspace, PLUGIN_WITH_POINTER, waitUntil } from './clients-helpers.js';

let root: string;
let pluginFile: string;
let binDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  buildDist();
  ({ root, pluginFile } = makePluginWorkspace('kpa-generic-'));
  // `kpa` on PATH, as `npm install -g kpa` would provide.
  binDir = join(root, '.bin');
  mkdirSync(binDir);
  writeFileSync(join(binDir, 'kpa'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(REPO, 'bin/kpa.js'))} "$@"\n`);
  chmodSync(join(binDir, 'kpa'), 0o755);
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
  if (root) rmSync(root, { recursive: true, force: true });
});

/**
 * Starts `command args` with `kpa` on PATH as an editor would, sends `settings` as initializationOptions and
 * answers workspace/configuration from it, opens the fixture plugin; returns its first diagnostics and the
 * messages the server showed.
 */
async function startAsEditor(command: string, args: string[], settings: Record<string, unknown>): Promise<{ diagnostics: Diagnostic[]; shown: string[] }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const shown: string[] = [];
  let published: Diagnostic[] | undefined;
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section ? settings[i.section] : settings) ?? null));
  connection.onNotification('window/showMessage', (p: { message: string }) => shown.push(p.message));
  connection.onRequest('window/showMessageRequest', (p: { message: string }) => (shown.push(p.message), null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri === pathToFileURL(pluginFile).href && p.version === 1) published = p.diagnostics;
  });
  connection.listen();
  try {
    const rootUri = pathToFileURL(root).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      initializationOptions: settings,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(pluginFile).href, languageId: 'go', version: 1, text: PLUGIN_WITH_POINTER } });
    await waitUntil(() => published !== undefined && published.some((d) => d.code === 'KPA101'), 'KPA101 for the open plugin');
    // Settings pulled after `initialized` re-publish; give that a moment to land before reading.
    await new Promise((r) => setTimeout(r, 300));
    return { diagnostics: published!, shown };
  } finally {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
  }
}

const severityOf = (diagnostics: Diagnostic[], code: string) => diagnostics.find((d) => d.code === code)?.severity;

describe('Helix: clients/helix/languages.toml', () => {
  const toml = JSON.parse(
    execFileSync('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', join(REPO, 'clients/helix/languages.toml')], { encoding: 'utf8' }),
  ) as {
    'language-server': { kpa: { command: string; args: string[]; config: Record<string, unknown> } };
    language: { name: string; 'language-servers': string[]; 'file-types'?: { glob: string }[]; grammar?: string }[];
  };
  const server = toml['language-server'].kpa;

  test('defines the kpa server and adds it beside gopls for go and go.mod, and for KrakenD JSON only', () => {
    expect(server.command).toBe('kpa');
    expect(server.args).toEqual(['lsp', '--stdio']);
    const byName = new Map(toml.language.map((l) => [l.name, l]));
    expect(byName.get('go')!['language-servers']).toEqual(['gopls', 'kpa']);
    expect(byName.get('gomod')!['language-servers']).toEqual(['gopls', 'kpa']);
    const krakend = byName.get('krakend-json')!;
    expect(krakend.grammar).toBe('json');
    expect(krakend['file-types']).toEqual([{ glob: 'krakend*.json' }, { glob: '.kpa.json' }]);
    expect(krakend['language-servers']).toContain('kpa');
    expect(byName.has('json')).toBe(false);
  });

  test('its command and config start the real server; a rules setting in that config takes effect', async () => {
    expect(server.config).toEqual({ kpa: {} });
    const config = { ...server.config, kpa: { ...(server.config.kpa as object), rules: { KPA101: 'note' } } };
    const { diagnostics, shown } = await startAsEditor(server.command, server.args, config);
    expect(severityOf(diagnostics, 'KPA101')).toBe(DiagnosticSeverity.Information);
    expect(shown).toEqual([]);
  });
});

describe('any LSP client: the settings JSON of clients/README.md', () => {
  test('is accepted without a problem and applied (KPA101 lowered to a warning)', async () => {
    const readme = readFileSync(join(REPO, 'clients/README.md'), 'utf8');
    const block = /<!-- kpa-settings-example[^>]*-->\s*```json\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the README marks its settings example with <!-- kpa-settings-example -->').not.toBeNull();
    const settings = JSON.parse(block![1]) as Record<string, unknown>;
    const { diagnostics, shown } = await startAsEditor('kpa', ['lsp', '--stdio'], settings);
    expect(severityOf(diagnostics, 'KPA101')).toBe(DiagnosticSeverity.Warning);
    expect(shown).toEqual([]);
  });
});
