/**
 * The KPA5xx rules through every door: a Makefile of fixtures/recipes opened in the language server over stdio
 * gets the findings `kpa lint --format json` reports, and the -trimpath quick fix is the same edit in both; the
 * SARIF driver lists the recipe rules, and `kpa rules` shows them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { RECIPE_RULES } from '../../analyzers/rules/recipe-rules.js';
import { buildDist, LspTestClient, REPO } from '../../server/stdio-client.js';

let root: string;
let client: LspTestClient;
const kpa = (args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin/kpa.js'), ...args], { cwd: root, encoding: 'utf8' }).stdout;
const makefileUri = () => pathToFileURL(join(root, 'Makefile')).href;

interface LintDiagnostic {
  rule: string;
  file: string;
  severity: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string; edits: { range: unknown; newText: string }[] }[];
}

beforeAll(async () => {
  buildDist();
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-lsp-recipes-')));
  cpSync(join(REPO, 'fixtures/recipes/build-settings'), root, { recursive: true });
  // Both doors read the target from here (the fixture's target.json is the harness's).
  writeFileSync(join(root, '.kpa.json'), '{ "target": { "krakend": "2.7.2" } }');
  client = LspTestClient.start(root);
  await client.initialize(pathToFileURL(root).href);
  await client.open(makefileUri(), readFileSync(join(root, 'Makefile'), 'utf8'), 'makefile');
  await client.diagnostics(makefileUri(), 1);
}, 180_000);

afterAll(() => {
  client?.kill();
  rmSync(root, { recursive: true, force: true });
});

describe('recipe rules through the CLI and the language server', () => {
  it('the server shows on the Makefile the KPA5xx findings kpa lint reports, at the same lines', async () => {
    const lint = (JSON.parse(kpa(['lint', '.', '--format', 'json'])) as { diagnostics: LintDiagnostic[] }).diagnostics.filter((d) => d.rule.startsWith('KPA5'));
    expect(lint.map((d) => `${d.rule}:${d.range.start.line + 1}`)).toEqual(['KPA502:4', 'KPA502:7', 'KPA502:10', 'KPA502:13', 'KPA502:19', 'KPA502:22', 'KPA502:22']);
    const server = ((await client.settled(makefileUri())) ?? []).filter((d) => String(d.code).startsWith('KPA5'));
    expect(server.map((d) => `${d.code}:${d.range.start.line + 1}`).sort()).toEqual(lint.map((d) => `${d.rule}:${d.range.start.line + 1}`).sort());
  });

  it('the -trimpath quick fix over LSP is the edit kpa lint offers, and removes the flag', async () => {
    const lint = (JSON.parse(kpa(['lint', '.', '--format', 'json'])) as { diagnostics: LintDiagnostic[] }).diagnostics;
    const cli = lint.find((d) => d.rule === 'KPA502' && d.range.start.line === 6)!;
    expect(cli.fixes.map((f) => f.title)).toEqual(['Remove -trimpath']);
    const finding = client.latest(makefileUri())!.find((d) => d.code === 'KPA502' && d.range.start.line === 6)!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: makefileUri() }, range: finding.range, context: { diagnostics: [finding] } })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual(['Remove -trimpath']);
    const edits = actions[0].edit!.changes![makefileUri()];
    expect(edits).toEqual(cli.fixes[0].edits.map((e) => ({ range: e.range, newText: e.newText })));
    const line = readFileSync(join(root, 'Makefile'), 'utf8').split('\n')[6];
    const { start, end } = edits[0].range;
    expect(line.slice(0, start.character) + line.slice(end.character)).toBe(line.replace(' -trimpath', ''));
  });

  it('SARIF lists the recipe rules in its driver, and kpa rules shows them', () => {
    const sarif = JSON.parse(kpa(['lint', '.', '--format', 'sarif'])) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    const driverRules = sarif.runs[0].tool.driver.rules.map((r) => r.id);
    for (const rule of RECIPE_RULES) expect(driverRules).toContain(rule.id);
    expect(sarif.runs[0].results.some((r) => r.ruleId === 'KPA502')).toBe(true);
    const rules = kpa(['rules']);
    for (const rule of RECIPE_RULES) expect(rules).toMatch(new RegExp(`^${rule.id} +${rule.name} +.*recipes`, 'm'));
  });
});
