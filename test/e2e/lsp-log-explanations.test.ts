/**
 * `kpa explain-error` in the editor, over a real stdio connection (`node bin/kpa.js lsp --stdio`): a KrakenD
 * log opened in a plugin workspace gets a diagnostic per distinct failure, a hover with the explanation, and
 * the go.mod edit as a quick fix; a text file that is no KrakenD log gets nothing.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol/node.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest } from '../../analyzers/manifests/resolve-target.js';
import { buildDist, LspTestClient, REPO } from '../../server/stdio-client.js';
import { pluginWorkspaceFiles, writePluginWorkspace, XXHASH } from '../../fixtures/logs/plugin-workspace.js';

const GO_MOD = pluginWorkspaceFiles().get('go.mod')!;

const WANT = getManifest('2.7.2')!.modules[XXHASH];
const LOG = readFileSync(join(REPO, 'fixtures/logs/ce-1012-xxhash.log'), 'utf8');
let root: string;
let client: LspTestClient;
const uri = (rel: string) => pathToFileURL(join(root, rel)).href;

beforeAll(async () => {
  buildDist();
  root = writePluginWorkspace();
  client = LspTestClient.start(root);
  await client.initialize(pathToFileURL(root).href);
  // The initial scan ends with go.mod's KPA202 (xxhash against the newest release): the workspace is known.
  expect((await client.diagnostics(uri('go.mod'))).map((d) => d.code)).toContain('KPA202');
});

afterAll(async () => {
  await client?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a KrakenD log in the editor', () => {
  test('diagnostics on the failure lines, a hover, and the go.mod edit as a quick fix', async () => {
    const log = uri('krakend.log');
    await client.open(log, LOG, 'log', 1);
    const diagnostics = await client.diagnostics(log, 1);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({
      code: 'module-version',
      source: 'kpa',
      severity: 1,
      codeDescription: { href: expect.stringMatching(/docs\/explain-error\.md$/) },
      range: { start: { line: 2, character: LOG.split('\n')[2].indexOf('plugin #0') }, end: { line: 2, character: LOG.split('\n')[2].length } },
    });
    expect(d.message).toContain(`KrakenD 2.7.2 links ${XXHASH} ${WANT}`);

    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: log }, position: { line: 2, character: 90 } })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain('**module-version**');
    expect(text).toContain('3× in this log');
    expect(text).toContain(`go get ${XXHASH}@${WANT}`);
    expect(text).toContain('as the log states at line 1');
    expect(d.relatedInformation?.map((r) => r.location.range.start.line)).toEqual([3, 4]);
    const repeat = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: log }, position: { line: 4, character: 10 } })) as Hover;
    expect((repeat.contents as { value: string }).value).toContain('_The same failure as line 3._');
    const none = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: log }, position: { line: 0, character: 5 } });
    expect(none).toBeNull();

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: log },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual([`Require ${XXHASH} ${WANT}`]);
    const edits = actions[0].edit!.changes![uri('go.mod')];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri('go.mod'), 'go.mod', 1, GO_MOD), edits);
    expect(fixed).toBe(GO_MOD.replace('v2.1.0', WANT));
  });

  test('an edit that removes the failure clears it; closing the log clears its diagnostics', async () => {
    const log = uri('second.log');
    await client.open(log, '2024/10/02 KRAKEND DEBUG: [SERVICE: Handler Plugin] plugin #0 (/p/a.so): plugin.Open("/p/a"): plugin already loaded\n', 'plaintext', 1);
    expect((await client.diagnostics(log, 1)).map((d) => d.code)).toEqual(['already-loaded']);
    await client.change(log, 2, [{ text: '2024/10/02 KRAKEND INFO: [SERVICE: Gin] Listening on port: 8080\n' }]);
    expect(await client.diagnostics(log, 2)).toEqual([]);
    await client.change(log, 3, [{ text: 'KRAKEND ERROR: [PLUGIN: Server] No plugin registered as ratelimt\n' }]);
    const [d] = await client.diagnostics(log, 3);
    expect(d).toMatchObject({ code: 'not-registered' });
    expect(d.message).toContain('Did you mean "ratelimit"?');
    const before = client.published.get(log)!.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: log } });
    await client.settled(uri('main.go'));
    const after = client.published.get(log)!;
    expect(after.length).toBeGreaterThan(before);
    expect(after.at(-1)!.diagnostics).toEqual([]);
  });

  test('a text file that is no KrakenD log gets nothing', async () => {
    const notes = uri('notes.txt');
    await client.open(notes, 'No plugin registered as foo — a note about another program\n', 'plaintext', 1);
    expect(await client.diagnostics(notes, 1)).toEqual([]);
  });
});
