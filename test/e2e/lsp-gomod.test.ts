/**
 * go.mod in the editor over a real stdio connection (`kpa lsp --stdio`): inlay hints on the require lines whose
 * version differs from the one the target KrakenD links, the code lens on the module line with the releases it
 * loads in (compared with `kpa compat --format json`, another door), the matrix it opens (kpa.compatMatrix), and
 * the quick fix on a go.mod finding, whose edit is the one `kpa lint --format json` offers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { getManifest } from '../../analyzers/manifests/resolve-target.js';
import { buildDist, LspTestClient, REPO } from '../../server/stdio-client.js';

let root: string;
let client: LspTestClient;
let goModText: string;
const BACKEND_GO_MOD = 'module example.com/backend\n\ngo 1.19\n\nrequire github.com/gin-gonic/gin v1.11.0\n';
const kpa = (args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/kpa.js'), ...args], { cwd: root, encoding: 'utf8' }).stdout;
const goModUri = () => pathToFileURL(join(root, 'go.mod')).href;

beforeAll(async () => {
  buildDist();
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-lsp-gomod-')));
  cpSync(join(REPO, 'fixtures/modules/version-levels'), root, { recursive: true });
  // Go 1.19 and the errors fixed by kpa lint --fix, so that a range of releases loads it; notes (not fixed) stay.
  writeFileSync(join(root, 'go.mod'), readFileSync(join(root, 'go.mod'), 'utf8').replace(/^go 1\.25\.3$/m, 'go 1.19'));
  writeFileSync(join(root, '.kpa.json'), '{ "target": { "krakend": "2.7.2" } }');
  kpa(['lint', '.', '--fix']);
  goModText = readFileSync(join(root, 'go.mod'), 'utf8');
  // A backend service beside the plugin: a module that builds no plugin, requiring gin too.
  mkdirSync(join(root, 'backend'));
  writeFileSync(join(root, 'backend/go.mod'), BACKEND_GO_MOD);
  writeFileSync(join(root, 'backend/main.go'), 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() { gin.New().Run() }\n');
  client = LspTestClient.start(root);
  const init = (await client.initialize(pathToFileURL(root).href)) as { capabilities: { inlayHintProvider?: unknown; executeCommandProvider: { commands: string[] } } };
  expect(init.capabilities.inlayHintProvider).toBeTruthy();
  expect(init.capabilities.executeCommandProvider.commands).toContain('kpa.compatMatrix');
  await client.open(goModUri(), goModText, 'go.mod');
  await client.diagnostics(goModUri(), 1);
}, 60_000);

afterAll(() => {
  client?.kill();
  rmSync(root, { recursive: true, force: true });
});

const requireLines = () =>
  goModText
    .split('\n')
    .map((text, line) => ({ text, line, m: /^\t(\S+) (v\S+)/.exec(text) }))
    .filter((l) => l.m);

describe('go.mod inlay hints and code lens over stdio', () => {
  it('hints after each require whose version differs from what KrakenD 2.7.2 links, and only there', async () => {
    const hints = (await client.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: goModUri() },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
    })) as InlayHint[];
    const links = getManifest('2.7.2')!.modules;
    const expected = requireLines()
      .filter((l) => links[l.m![1]] !== undefined && links[l.m![1]] !== l.m![2])
      .map((l) => ({ line: l.line, character: 1 + l.m![1].length + 1 + l.m![2].length, label: `KrakenD 2.7.2 links ${links[l.m![1]]}` }));
    expect(expected.length).toBeGreaterThan(1);
    expect(hints.map((h) => ({ line: h.position.line, character: h.position.character, label: h.label }))).toEqual(expected);
  });

  it('asked for a range, hints only in it', async () => {
    const text = requireLines().find((l) => l.m![1] === 'golang.org/x/text')!;
    const hints = (await client.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: goModUri() },
      range: { start: { line: text.line, character: 0 }, end: { line: text.line, character: 5 } },
    })) as InlayHint[];
    expect(hints.map((h) => h.label)).toEqual([`KrakenD 2.7.2 links ${getManifest('2.7.2')!.modules['golang.org/x/text']}`]);
  });

  it('the lens on the module line names the releases kpa compat finds it loads in, and opens that matrix', async () => {
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: goModUri() } })) as CodeLens[];
    expect(lenses).toHaveLength(1);
    const moduleLine = goModText.split('\n').findIndex((l) => l.startsWith('module '));
    expect(lenses[0].range.start.line).toBe(moduleLine);

    const compat = JSON.parse(kpa(['compat', '.', '--format', 'json'])) as {
      modules: { matrix: { rows: { krakend: string; errors: number }[] } }[];
    };
    const loading = compat.modules[0].matrix.rows.filter((r) => r.errors === 0).map((r) => r.krakend);
    expect(loading.length).toBeGreaterThan(0);
    const rows = compat.modules[0].matrix.rows.map((r) => r.krakend);
    const contiguous = rows.indexOf(loading.at(-1)!) - rows.indexOf(loading[0]) + 1 === loading.length;
    expect(contiguous).toBe(true);
    expect(lenses[0].command).toMatchObject({ title: `loads in KrakenD ${loading[0]}–${loading.at(-1)}`, command: 'kpa.compatMatrix', arguments: [join(root, 'go.mod')] });

    const matrix = (await client.connection.sendRequest('workspace/executeCommand', { command: 'kpa.compatMatrix', arguments: lenses[0].command!.arguments })) as string;
    const lines = matrix.split('\n');
    expect(lines[0]).toBe(`example.com/plugin: loads in KrakenD ${loading[0]}–${loading.at(-1)}`);
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.find((l) => l.startsWith(`KrakenD ${loading[0]} `))).toMatch(new RegExp(`^KrakenD ${loading[0]} \\(Go ${getManifest(loading[0])!.go}\\): loads(, \\d+ notes?)?$`));
    expect(lines.find((l) => l.startsWith('KrakenD 2.0.0 '))).toMatch(/^KrakenD 2\.0\.0 \(Go 1\.17\.8\): does not load: \d+ errors?/);
  });

  it('a module that builds no plugin gets neither hints nor a lens, as kpa compat leaves it out', async () => {
    const backend = pathToFileURL(join(root, 'backend/go.mod')).href;
    await client.open(backend, BACKEND_GO_MOD, 'go.mod');
    await client.diagnostics(backend, 1);
    const hints = await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: backend }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } });
    const lenses = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: backend } });
    expect([hints, lenses]).toEqual([[], []]);
    await expect(client.connection.sendRequest('workspace/executeCommand', { command: 'kpa.compatMatrix', arguments: [join(root, 'backend/go.mod')] })).rejects.toThrow(/needs the path of a go.mod/);
  });

  it('a go.mod finding has the quick fix kpa lint offers, with the same edit', async () => {
    const lint = JSON.parse(kpa(['lint', '.', '--format', 'json'])) as {
      diagnostics: { rule: string; file: string; range: { start: { line: number; character: number } }; fixes: { title: string; edits: { range: unknown; newText: string }[] }[] }[];
    };
    const fixable = lint.diagnostics.find((d) => d.file === 'go.mod' && d.fixes.some((f) => f.edits.length > 0))!;
    expect(fixable).toBeDefined();
    const cliFix = fixable.fixes[0];
    const diagnostics = client.latest(goModUri())!;
    const finding = diagnostics.find((d) => d.range.start.line === fixable.range.start.line && d.code === fixable.rule)!;
    expect(finding).toBeDefined();
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: goModUri() },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual([cliFix.title]);
    expect(actions[0].edit!.changes![goModUri()]).toEqual(cliFix.edits.map((e) => ({ range: e.range, newText: e.newText })));
  });
});
