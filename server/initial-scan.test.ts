/**
 * The initial workspace scan shows each package's own findings as soon as that package is computed, and
 * ends with exactly what a full analysis finds.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { analyze } from '../analyzers/engine.js';
import { loadGoParser } from '../analyzers/go/parser.js';
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { loadDiskWorkspace } from '../host/disk-workspace.js';
import { toLspDiagnostic } from './diagnostics.js';
import { inMemoryServer, type InMemoryPair } from './in-memory-connection.js';
import { PLUGIN } from '../test/e2e/lsp-fixtures.js';

const PACKAGES = 200;
const CONFIG = '{ "version": 3, "plugin": { "pattern": ".so", "folder": "./plugins/" }, "extra_config": { "plugin/http-server": { "name": ["nobody-registers-this"] } } }\n';

let root: string;
let pair: InMemoryPair;
const events: ({ kind: 'publish'; params: PublishDiagnosticsParams } | { kind: 'progress'; message: string })[] = [];

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-scan-')));
  writeFileSync(join(root, 'go.mod'), 'module example.com/plugins\n\ngo 1.19\n');
  writeFileSync(join(root, 'krakend.json'), CONFIG);
  for (let i = 0; i < PACKAGES; i++) {
    mkdirSync(join(root, `plugins/p${i}`), { recursive: true });
    writeFileSync(join(root, `plugins/p${i}/main.go`), PLUGIN.replace('"my-plugin"', `"plugin-${i}"`));
  }
  pair = inMemoryServer({ env: { PATH: '/nonexistent' } });
  pair.client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => events.push({ kind: 'publish', params }));
  pair.client.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) =>
    events.push({ kind: 'progress', message: p.value.kind === 'end' ? 'end' : (p.value.message ?? '') }),
  );
  await pair.client.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(root).href, capabilities: { window: { workDoneProgress: true } } });
  await pair.client.sendNotification('initialized', {});
  const deadline = Date.now() + 60_000;
  while (!events.some((e) => e.kind === 'progress' && e.message === 'end')) {
    if (Date.now() > deadline) throw new Error('the initial scan did not end');
    await new Promise((r) => setTimeout(r, 10));
  }
});

afterAll(() => {
  pair.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('the initial scan', () => {
  test('publishes the first packages’ findings while later packages are still being computed', () => {
    const lastSlice = events.findIndex((e) => e.kind === 'progress' && e.message === `${PACKAGES}/${PACKAGES} packages`);
    const firstPublish = events.findIndex((e) => e.kind === 'publish');
    expect(lastSlice).toBeGreaterThan(0);
    expect(firstPublish).toBeGreaterThanOrEqual(0);
    expect(firstPublish).toBeLessThan(lastSlice);
    // Those early findings are the packages' own (KPA1xx), never a guess about the config.
    const early = events.slice(0, lastSlice).flatMap((e) => (e.kind === 'publish' ? e.params.diagnostics : []));
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((d) => String(d.code).startsWith('KPA1'))).toBe(true);
  });

  test('ends with what a full analysis finds, file by file', async () => {
    const resolved = resolveTarget({});
    const target = 'target' in resolved ? resolved.target : null;
    const expected = analyze(loadDiskWorkspace([root], root).workspace, { parser: await loadGoParser(), target }).diagnostics;
    const last = new Map<string, PublishDiagnosticsParams['diagnostics']>();
    for (const e of events) if (e.kind === 'publish') last.set(e.params.uri, e.params.diagnostics);
    const byUri = new Map<string, unknown[]>();
    for (const d of expected) {
      const uri = pathToFileURL(d.file).href;
      byUri.set(uri, [...(byUri.get(uri) ?? []), toLspDiagnostic(d, (p) => pathToFileURL(p).href)]);
    }
    expect(byUri.size).toBeGreaterThan(PACKAGES);
    expect(byUri.get(pathToFileURL(join(root, 'krakend.json')).href)?.length).toBeGreaterThan(0);
    for (const [uri, list] of last) expect(list, uri).toEqual(byUri.get(uri) ?? []);
    expect([...byUri.keys()].filter((uri) => !last.has(uri))).toEqual([]);
  });
});
