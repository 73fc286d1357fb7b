/**
 * The language server as editors meet it: `node bin/kpa.js lsp --stdio` spawned as a process, driven over
 * its real pipes with vscode-languageserver-protocol's client side.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fork, spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  CancellationTokenSource,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  type CodeAction,
  type Hover,
  type ProtocolConnection,
  type TextEdit,
} from 'vscode-languageserver-protocol/node.js';
import { analyze } from '../../analyzers/engine.js';
import { loadGoParser } from '../../analyzers/go/parser.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { loadDiskWorkspace } from '../../host/disk-workspace.js';
import { MemoryFileSource, Workspace } from '../../analyzers/workspace.js';
import { toLspDiagnostic } from '../../server/diagnostics.js';
import { buildDist, LspTestClient, REPO } from '../../server/stdio-client.js';
import { PLUGIN, RECOVERY_EDITS } from './lsp-fixtures.js';


const GO_MOD = 'module example.com/hello\n\ngo 1.19\n';

let root: string;
const uri = (rel: string) => pathToFileURL(join(root, rel)).href;

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function makeWorkspace(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-lsp-')));
  mkdirSync(join(dir, 'plugin'));
  writeFileSync(join(dir, 'go.mod'), GO_MOD);
  writeFileSync(join(dir, 'plugin/main.go'), PLUGIN);
  writeFileSync(join(dir, 'plugin/util.go'), 'package main\n\nfunc util() {}\n');
  return dir;
}

beforeAll(() => {
  buildDist();
  root = makeWorkspace();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('kpa lsp --stdio', () => {
  let client: LspTestClient;
  afterAll(() => client?.kill());

  test('serves a whole editing session', async () => {
    client = LspTestClient.start(root);
    const init = (await client.initialize(pathToFileURL(root).href)) as { capabilities: Record<string, unknown> };
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(init.capabilities).toMatchObject({ hoverProvider: true, codeActionProvider: { codeActionKinds: ['quickfix'] } });

    // The initial scan publishes findings of files nobody opened, with $/progress around it.
    const onDisk = await client.diagnostics(uri('plugin/main.go'));
    expect(onDisk.map((d) => d.code)).toContain('KPA101');
    expect(client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'begin')).toBe(true);
    await waitFor(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
    expect(JSON.stringify(client.registrations)).toContain('go.sum');

    // didOpen: a publish for version 1, with the rule id, its docs link and the fix key.
    const file = uri('plugin/main.go');
    await client.open(file, PLUGIN);
    const v1 = await client.diagnostics(file, 1);
    const pointer = v1.find((d) => d.code === 'KPA101')!;
    expect(pointer.codeDescription?.href).toMatch(/KPA101\.md$/);
    expect(pointer.source).toBe('kpa');

    // Many typing-sized edits sent without waiting: queued edits are coalesced into one analysis, and the last
    // version is always published (even when nothing changed), in order.
    let doc = TextDocument.create(file, 'go', 1, PLUGIN);
    const commentAt = doc.positionAt(PLUGIN.indexOf('func main'));
    const typed = '// a comment typed one key at a time\n';
    for (let i = 0; i < typed.length; i++) {
      const pos = { line: commentAt.line, character: commentAt.character + i };
      const change = { range: { start: pos, end: pos }, text: typed[i] === '\n' ? '\n' : typed[i] };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      await client.change(file, doc.version, [change]);
    }
    const last = await client.diagnostics(file, doc.version);
    expect(last.map((d) => d.code)).toContain('KPA101');
    const versions = (client.published.get(file) ?? []).flatMap((p) => (p.version === undefined ? [] : [p.version]));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(doc.version);

    // Hover on the plugin symbol: kind, verdict, the exact expected method.
    const symbolAt = doc.positionAt(doc.getText().indexOf('HandlerRegisterer') + 3);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: file }, position: symbolAt })) as Hover;
    const hoverText = (hover.contents as { value: string }).value;
    expect(hoverText).toContain('will not load');
    expect(hoverText).toContain('RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)))');
    expect(hoverText).toContain('Would register, once it loads: `my-plugin`');

    // Quick fix → apply the WorkspaceEdit → the finding is gone in the next version.
    const current = last.find((d) => d.code === 'KPA101')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: file },
      range: current.range,
      context: { diagnostics: [current] },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toContain('Declare HandlerRegisterer as a value');
    const edits = actions[0].edit!.changes![file] as TextEdit[];
    const fixedText = TextDocument.applyEdits(doc, edits);
    await client.change(file, doc.version + 1, edits.map((e) => ({ range: e.range, text: e.newText })));
    const afterFix = await client.diagnostics(file, doc.version + 1);
    expect(afterFix.filter((d) => d.code === 'KPA101')).toEqual([]);
    expect(fixedText).toContain('var HandlerRegisterer = registerer{}');
    doc = TextDocument.create(file, 'go', doc.version + 1, fixedText);

    // Unknown methods, stray $/cancelRequest and a request that fails never break the session.
    await expect(client.connection.sendRequest('kpa/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    await client.connection.sendNotification('kpa/noSuchNotification', {});
    await client.connection.sendNotification('$/cancelRequest', { id: 987654 });
    await expect(client.connection.sendRequest('textDocument/hover', { textDocument: { uri: file }, position: null })).rejects.toMatchObject({
      code: -32603,
    });
    const cancel = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: file }, position: symbolAt }, cancel.token);
    cancel.cancel();
    const outcome = await cancelled.then(
      (v) => ({ ok: v }),
      (e: { code: number }) => ({ code: e.code }),
    );
    expect('ok' in outcome || outcome.code === -32800).toBe(true);
    const again = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: file }, position: symbolAt })) as Hover;
    expect((again.contents as { value: string }).value).toContain('KrakenD loads this symbol');
    expect((again.contents as { value: string }).value).toContain('Registers: `my-plugin`');

    // A go.mod changed outside the editor (e.g. `go get`) is picked up through didChangeWatchedFiles.
    const goMod = uri('go.mod');
    writeFileSync(join(root, 'go.mod'), 'module example.com/hello\n\ngo 1.19\n\nrequire (\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: goMod, type: 2 }] });
    const broken = await client.diagnostics(goMod);
    expect(broken.length).toBeGreaterThan(0);
    writeFileSync(join(root, 'go.mod'), GO_MOD);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: goMod, type: 2 }] });
    expect(await client.diagnostics(goMod)).toEqual([]);

    // Closing reverts to the disk text, whose finding comes back.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: file } });
    expect((await client.diagnostics(file)).map((d) => d.code)).toContain('KPA101');

    expect(await client.stop()).toBe(0);
  });
});

describe('kpa lsp --stdio: hover on a plugin name in krakend.json', () => {
  test('names the plugin that registers it, or says nothing does', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-lsp-hover-')));
    mkdirSync(join(dir, 'plugin'));
    writeFileSync(join(dir, 'go.mod'), GO_MOD);
    writeFileSync(join(dir, 'plugin/main.go'), PLUGIN.replace('&registerer{}', 'registerer("x")'));
    const config = '{\n  "version": 3,\n  "extra_config": { "plugin/http-server": { "name": ["my-plugin", "missing"] } }\n}\n';
    writeFileSync(join(dir, 'krakend.json'), config);
    const client = LspTestClient.start(dir);
    try {
      await client.initialize(pathToFileURL(dir).href);
      await waitFor(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
      const file = pathToFileURL(join(dir, 'krakend.json')).href;
      const doc = TextDocument.create(file, 'json', 1, config);
      const hoverAt = async (needle: string) =>
        ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: file }, position: doc.positionAt(config.indexOf(needle) + 2) })) as Hover).contents as { value: string };
      const registered = (await hoverAt('"my-plugin"')).value;
      expect(registered).toContain('**`my-plugin`** · server plugin name under `plugin/http-server`');
      expect(registered).toMatch(/- \*\*HandlerRegisterer\*\* \(server plugin\) at `plugin\/main\.go:\d+`, package `plugin`; register call at `plugin\/main\.go:\d+`/);
      expect(registered).toContain('✅ KrakenD loads this symbol.');
      expect((await hoverAt('"missing"')).value).toContain('No plugin of the workspace registers the server name `missing`');
      expect(await client.stop()).toBe(0);
    } finally {
      client.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kpa lsp --stdio under random edits', () => {
  const SNIPPETS = ['&registerer{}', 'registerer{}', '{', '}', '"', '(', ')', '\n', 'func (r registerer) Register', 'var X = ', '/*', 'é🚀'];

  // The server parses with wasm by default; the native binding must serve an editor just as well.
  test.each([
    ['its default parser', undefined, 'wasm'],
    ['KPA_PARSER=native', 'native', 'native'],
  ])('publishes, for the last version and once settled, what a fresh analysis of the final text finds (%s)', async (_, kpaParser, backend) => {
    const parser = await loadGoParser();
    const resolved = resolveTarget({});
    const target = 'target' in resolved ? resolved.target : null;
    const client = LspTestClient.start(root, { ...process.env, KPA_PARSER: kpaParser });
    try {
      await client.initialize(pathToFileURL(root).href);
      // Until the scan ends the server knows only open buffers: a later publish of the same version improves on it.
      await waitFor(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
      expect(client.logs.join('\n')).toContain(`parsed with tree-sitter's ${backend} binding`);
      const file = uri('plugin/util.go');
      let version = 0;
      let opened = false;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.integer({ min: 0, max: 30 }), text: fc.constantFrom(...SNIPPETS) }),
            { minLength: 1, maxLength: 15 },
          ),
          async (edits) => {
            let doc = TextDocument.create(file, 'go', ++version, PLUGIN);
            if (!opened) {
              await client.open(file, PLUGIN, 'go', version);
              opened = true;
            } else {
              await client.change(file, version, [{ text: PLUGIN }]);
            }
            for (const e of edits) {
              const start = Math.floor(e.at * doc.getText().length);
              const range = { start: doc.positionAt(start), end: doc.positionAt(Math.min(doc.getText().length, start + e.del)) };
              doc = TextDocument.update(doc, [{ range, text: e.text }], ++version);
              await client.change(file, version, [{ range, text: e.text }]);
            }
            // Every version is answered at once; half-typed text is then settled (a request forces it).
            await client.diagnostics(file, version);
            const published = await client.settled(file);
            expect(client.published.get(file)!.at(-1)!.version).toBe(version);
            writeFileSync(join(root, 'plugin/util.go'), doc.getText());
            const expected = analyze(loadDiskWorkspace([root], root).workspace, { parser, target })
              .diagnostics.filter((d) => d.file === join(root, 'plugin/util.go'))
              .map((d) => toLspDiagnostic(d, (p) => pathToFileURL(p).href));
            expect(published).toEqual(expected);
          },
        ),
        { numRuns: 25 },
      );
      expect(await client.stop()).toBe(0);
    } finally {
      client.kill();
    }
  });
});

describe('kpa lsp on half-typed code', () => {
  test('answers each keystroke at once, then publishes the fresh result for the same version once typing pauses', async () => {
    const parser = await loadGoParser();
    const client = LspTestClient.start(root);
    const file = uri('draft/main.go');
    try {
      await client.initialize(pathToFileURL(root).href);
      await waitFor(() => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
      let doc = TextDocument.create(file, 'go', 1, PLUGIN);
      await client.open(file, PLUGIN, 'go', 1);
      await client.diagnostics(file, 1);
      for (const { position, text } of RECOVERY_EDITS) {
        doc = TextDocument.update(doc, [{ range: { start: position, end: position }, text }], doc.version + 1);
        await client.change(file, doc.version, [{ range: { start: position, end: position }, text }]);
        await client.diagnostics(file, doc.version);
      }
      const last = doc.version;
      const answered = (await client.diagnostics(file, last)).map((d) => d.range);

      const resolved = resolveTarget({});
      const target = 'target' in resolved ? resolved.target : null;
      const texts = new Map([[join(root, 'go.mod'), GO_MOD], [join(root, 'draft/main.go'), doc.getText()]]);
      const fresh = analyze(new Workspace(root, new MemoryFileSource(texts)), { parser, target })
        .diagnostics.filter((d) => d.file === join(root, 'draft/main.go'))
        .map((d) => d.range);
      // The premise of this test: the incremental tree reads these syntax errors otherwise than a fresh parse.
      expect(answered).not.toEqual(fresh);

      // No request, no further edit: the pause alone brings the second publish, for the same version.
      const publishesOfLast = () => client.published.get(file)!.filter((p) => p.version === last);
      await waitFor(() => publishesOfLast().length >= 2);
      expect(publishesOfLast().at(-1)!.diagnostics.map((d) => d.range)).toEqual(fresh);
      expect(client.published.get(file)!.at(-1)!.version).toBe(last);
      expect(await client.stop()).toBe(0);
    } finally {
      client.kill();
    }
  });
});

describe('kpa lsp over the other transports', () => {
  async function handshake(connection: ProtocolConnection): Promise<void> {
    connection.listen();
    const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { serverInfo: { name: string } };
    expect(result.serverInfo.name).toBe('kpa');
    await connection.sendNotification('initialized', {});
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  }

  test('--node-ipc', async () => {
    const child = fork(join(REPO, 'bin/kpa.js'), ['lsp', '--node-ipc'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    await handshake(connection);
    expect(await exited).toBe(0);
    connection.dispose();
  });

  test('--socket=<port>', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const accepted = new Promise<Socket>((r) => server.once('connection', r));
    const child = spawn(process.execPath, [join(REPO, 'bin/kpa.js'), 'lsp', `--socket=${port}`], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const socket = await accepted;
    const connection = createProtocolConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    await handshake(connection);
    expect(await exited).toBe(0);
    connection.dispose();
    server.close();
  });

  test('two transports at once is a usage error', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin/kpa.js'), 'lsp', '--stdio', '--node-ipc'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toContain('choose one transport');
  });
});
