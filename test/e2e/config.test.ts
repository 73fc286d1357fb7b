/**
 * krakend.json ↔ plugins end to end: the real engine (tree-sitter Go facts, go.mod facts, config facts)
 * over fixtures/workspaces/config-*, and `kpa lint` in process picking up krakend*.json and --config.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analyzers/engine.js';
import { loadGoParser, type GoParser } from '../../analyzers/go/parser.js';
import { CONFIG_RULES } from '../../analyzers/rules/config-rules.js';
import { pluginRegistry } from '../../analyzers/config/plugin-registry.js';
import { completionsForName, configReferencesOf, renameEdits } from '../../analyzers/config/navigation.js';
import { loadDiskWorkspace, toPosix } from '../../host/disk-workspace.js';
import { computeConfigFacts } from '../../analyzers/config/index.js';
import { MemoryFileSource, Workspace } from '../../analyzers/workspace.js';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { applyEdits, compareWithWants, parseWants } from '../../fixtures/config/run-config-fixture.js';

const WORKSPACES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'workspaces');
const CONFIG_IDS = CONFIG_RULES.map((r) => r.id);
let parser: GoParser;
beforeAll(async () => {
  parser = await loadGoParser();
});

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function analyzeDir(dir: string) {
  const { workspace } = loadDiskWorkspace(['.'], dir);
  return analyze(workspace, { parser, target: null, only: CONFIG_IDS });
}

async function lint(cwd: string, args: string[]) {
  const io = captureIO(cwd, {});
  const code = await main(['lint', '--format', 'json', ...args], io);
  const stdout = io.stdoutText();
  return { code, stdout, stderr: io.stderrText(), findings: code === 2 ? [] : (JSON.parse(stdout).diagnostics as { rule: string; file: string; message: string; severity: string }[]) };
}

const CASES = readdirSync(WORKSPACES).filter((d) => d.startsWith('config-')).sort();

describe.each(CASES)('config rules over real Go plugins (fixtures/workspaces/%s)', (name) => {
  it('finds exactly what want.txt lists', () => {
    const dir = join(WORKSPACES, name);
    const { diagnostics } = analyzeDir(dir);
    const wants = parseWants(readFileSync(join(dir, 'want.txt'), 'utf8'));
    expect(compareWithWants(diagnostics, wants, toPosix(dir))).toEqual({ unexpected: [], missing: [] });
  });
});

describe('navigation over real Go plugins (fixtures/workspaces/config-gateway)', () => {
  const dir = join(WORKSPACES, 'config-gateway');

  it('gives the language server names to complete, references and a rename across Go and JSON', () => {
    const { facts } = analyzeDir(dir);
    const registered = pluginRegistry(facts).names;
    expect(registered.map((r) => `${r.kind}:${r.name}`).sort()).toEqual(
      ['client:s3-client', 'modifier:geo-both', 'modifier:geo-request', 'server:audit', 'server:auth', 'server:auth'].sort(),
    );
    const config = facts.configs[0];
    const text = readFileSync(config.file, 'utf8');
    const items = completionsForName(config, text.indexOf('"auht"') + 2, registered)!;
    // "audit" is already in the list, so only "auth" is offered among server names.
    expect(items.filter((i) => i.sameKind).map((i) => i.label)).toEqual(['auth']);
    expect(configReferencesOf(facts.configs, 'audit', 'server').map((r) => r.role)).toEqual(['name', 'settings']);

    const plan = renameEdits(facts.configs, registered, 'server', 'audit', 'audit-log');
    expect(plan.blocked).toEqual([]);
    const goFile = registered.find((r) => r.name === 'audit')!.file;
    const goText = readFileSync(goFile, 'utf8');
    expect(applyEdits(goText, plan.edits.filter((e) => e.file === goFile))).toContain('f("audit-log", r.handler)');
    expect(applyEdits(text, plan.edits.filter((e) => e.file === config.file))).toContain('"name": ["auht", "audit-log", "s3-client"], "auht": {}, "audit-log": {}');
    // The receiver-named registration ("auth" from registerer("auth")) is not a literal: kpa refuses to rewrite it.
    expect(renameEdits(facts.configs, registered, 'server', 'auth', 'x').blocked.map((b) => b.file)).toEqual([expect.stringMatching(/plugins\/auth\/main.go$/)]);
  });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kpa-config-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('kpa lint with configurations', () => {
  it('picks up krakend*.json and krakend*.jsonc from the walked tree', async () => {
    const root = tree({
      'krakend.json': '{"version": 3, "extra_config": {"plugin/http-server": {"name": ["a"], "a": {}}}}',
      'conf/krakend-dev.jsonc': '// dev\n{"version": 3, "plugin": {"folder": "./p/", "pattern": ".so"}, "extra_config": {"plugin/http-server": {"name": 1}},}',
    });
    const { code, findings } = await lint(root, ['.']);
    expect(code).toBe(1);
    expect(findings.filter((f) => f.rule.startsWith('KPA3')).map((f) => `${f.file.split('/').slice(-1)[0]} ${f.rule}`)).toEqual(['krakend-dev.jsonc KPA308', 'krakend.json KPA303']);
  });

  it('checks a configuration named anything with --config, against the plugins in the tree', async () => {
    const root = tree({ 'gw/gateway.json': '{"version": 3, "plugin": {"folder": "../plugins", "pattern": ".so"}, "extra_config": {"plugin/http-server": {"name": ["authh"], "authh": {}}}}' });
    cpSync(join(WORKSPACES, 'config-gateway', 'plugins', 'auth'), join(root, 'src', 'auth'), { recursive: true });
    const { code, findings } = await lint(root, ['src', '--config', 'gw/gateway.json']);
    expect(code).toBe(0);
    expect(findings.filter((f) => f.rule.startsWith('KPA3')).map((f) => [f.rule, f.severity, f.message])).toEqual([
      ['KPA305', 'warning', expect.stringMatching(/"authh".*Did you mean "auth"\?/)],
    ]);
  });

  it('turns bad input into findings, never a crash: 10,000 levels, binary junk, a non-object root, a large config', async () => {
    // The object and 9,999 arrays: 10,000 levels, the most Go's encoding/json reads.
    const deep = '{"extra_config": ' + '['.repeat(9_999) + ']'.repeat(9_999) + '}';
    const endpoints = Array.from({ length: 60_000 }, (_, i) => `{"endpoint": "/e${i}", "backend": [{"url_pattern": "/b${i}", "host": ["http://h:1"]}]}`).join(',\n');
    const huge = `{"version": 3, "plugin": {"folder": "./p/", "pattern": ".so"}, "endpoints": [${endpoints},\n{"endpoint": "/x", "extra_config": {"plugin/req-resp-modifier": {"name": "m"}}}]}`;
    const root = tree({ 'krakend.json': deep, 'krakend-junk.json': '{\u0001\u0002 "a": \u00ff', 'krakend-huge.json': huge, 'krakend-array.json': '[1, 2]' });
    writeFileSync(join(root, 'krakend-bin.json'), Uint8Array.from([0x7b, 0x00, 0x01, 0x7d]));
    const { code, findings, stderr } = await lint(root, ['.']);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
    expect(code).toBe(1);
    const byFile = findings.map((f) => `${f.file.split('/').pop()} ${f.rule} ${f.message.slice(0, 60)}`).sort();
    expect(byFile).toEqual([
      expect.stringMatching(/^krakend-array.json KPA301 The configuration must be a JSON object/),
      expect.stringMatching(/^krakend-bin.json KPA301 kpa could not read this configuration: binary file/),
      // No KPA312: no plugin code shows which settings key "m" reads (issue #14 class 5).
      expect.stringMatching(/^krakend-huge.json KPA308 The modifier name is a string/),
      expect.stringMatching(/^krakend-junk.json KPA301 This configuration is not valid JSON/),
    ]);
  }, 60_000);
});

describe('a 50 MB configuration', () => {
  it('is parsed without building the parts plugins do not use', () => {
    const endpoint = (i: number) =>
      JSON.stringify(
        {
          endpoint: `/api/v1/resource/${i}`,
          method: 'GET',
          extra_config: i % 100 ? { 'qos/ratelimit/router': { max_rate: 10, every: '1s' } } : { 'plugin/req-resp-modifier': { name: ['geo'], geo: {} } },
          backend: [{ url_pattern: `/r/${i}`, host: ['http://localhost:8080'], allow: ['a', 'b', 'c'] }],
        },
        null,
        2,
      );
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 50e6; i++) {
      parts.push(endpoint(i));
      size += parts[parts.length - 1].length + 2;
    }
    const text = `{"version": 3, "plugin": {"folder": "./p/", "pattern": ".so"}, "endpoints": [\n${parts.join(',\n')}\n]}`;
    expect(text.length).toBeGreaterThan(50e6);
    const ws = new Workspace('/w', new MemoryFileSource(new Map([['/w/krakend.json', text]])));
    const started = performance.now();
    const [facts] = computeConfigFacts(ws);
    const ms = performance.now() - started;
    expect(facts.status).toBe('ok');
    expect(facts.references).toHaveLength(Math.ceil(parts.length / 100));
    expect(facts.references.at(-1)!.key.range.start.line).toBeGreaterThan(1_000_000);
    // About 4 s on an idle 2-core machine; the bound is loose so a busy CI machine does not flake.
    expect(ms).toBeLessThan(60_000);
  }, 180_000);
});
