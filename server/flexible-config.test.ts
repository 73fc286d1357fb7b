/**
 * The language server and flexible configuration: a settings file is an input of the template's facts
 * (the config kind owns it), so editing it re-renders the template and republishes its findings where the
 * template writes them — here in a template of FC_TEMPLATES, not in the settings file itself.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { inMemoryServer, type InMemoryPair } from './in-memory-connection.js';
import { PLUGIN } from '../test/e2e/lsp-fixtures.js';

const FILES: Record<string, string> = {
  'go.mod': 'module example.com/gw\n\ngo 1.19\n',
  'plugins/geo/main.go': PLUGIN.replace('"my-plugin"', '"geo"'),
  'config/krakend.json': '{\n  "version": 3,\n  "extra_config": {\n    {{ template "plugins.tmpl" . }}\n  }\n}\n',
  'config/templates/plugins.tmpl': '"plugin/http-server": {\n  "name": [{{ marshal .plugins.name }}]\n}\n',
  'config/settings/plugins.json': '{ "name": "geo-blocker" }\n',
};

let root: string;
let pair: InMemoryPair;
const uri = (rel: string) => pathToFileURL(join(root, rel)).href;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-server-fc-')));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  pair = inMemoryServer({ env: { PATH: '/nonexistent' } });
  await pair.client.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(root).href, capabilities: { workspace: { configuration: true } } });
  await pair.client.sendNotification('initialized', {});
  await pair.server.scanDone;
});

afterAll(() => {
  pair.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** The last publish for `rel` that satisfies `ok`, waiting for further publishes until one does. */
async function published(rel: string, ok: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const last = pair.published.filter((p) => p.uri === uri(rel)).at(-1);
    if (last && ok(last)) return last;
    await pair.diagnostics(uri(rel));
  }
}

describe('flexible configuration in the language server', () => {
  test('an unknown plugin name the settings give is reported at the template action that writes it', async () => {
    const p = await published('config/templates/plugins.tmpl', (x) => x.diagnostics.some((d) => d.code === 'KPA305'));
    const finding = p.diagnostics.find((d) => d.code === 'KPA305')!;
    expect(finding.message).toMatch(/"geo-blocker"/);
    expect(finding.range.start).toEqual({ line: 1, character: 11 });
  });

  test('editing the settings file re-renders the template: the finding goes, and comes back', async () => {
    await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('config/settings/plugins.json'), languageId: 'json', version: 1, text: FILES['config/settings/plugins.json'] } });
    await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri: uri('config/settings/plugins.json'), version: 2 }, contentChanges: [{ text: '{ "name": "geo" }\n' }] });
    await published('config/templates/plugins.tmpl', (x) => !x.diagnostics.some((d) => d.code === 'KPA305'));
    await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri: uri('config/settings/plugins.json'), version: 3 }, contentChanges: [{ text: '{ "name": "geo-fence" }\n' }] });
    const again = await published('config/templates/plugins.tmpl', (x) => x.diagnostics.some((d) => d.code === 'KPA305' && d.message.includes('"geo-fence"')));
    expect(again.diagnostics.filter((d) => d.code === 'KPA305')).toHaveLength(1);
  });
});
