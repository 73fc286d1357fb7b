import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, Diagnostic, CompletionItem, DocumentSymbol, Hover, Location, WorkspaceEdit } from 'vscode-languageserver';
import { inMemoryServer, type InMemoryPair } from './in-memory-connection.js';
import { serverCapabilities } from './server.js';
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { PLUGIN } from '../test/e2e/lsp-fixtures.js';

const AUTH = PLUGIN.replace('&registerer{}', 'registerer("auth")').replace('"my-plugin"', '"auth"');

const BROKEN = AUTH.replace('registerer("auth")', '&registerer{}').replace('"auth"', '"broken"');

const CONFIG = `{
  "version": 3,
  "plugin": { "pattern": ".so", "folder": "./plugins/" },
  "extra_config": { "plugin/http-server": { "name": ["auth"], "auth": {} } }
}
`;

let root: string;
let pair: InMemoryPair;
const uri = (rel: string) => pathToFileURL(join(root, rel)).href;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-server-')));
  mkdirSync(join(root, 'plugins/auth'), { recursive: true });
  mkdirSync(join(root, 'plugins/broken'), { recursive: true });
  writeFileSync(join(root, 'go.mod'), 'module example.com/plugins\n\ngo 1.19\n');
  writeFileSync(join(root, 'plugins/auth/main.go'), AUTH);
  writeFileSync(join(root, 'plugins/broken/main.go'), BROKEN);
  writeFileSync(join(root, 'krakend.json'), CONFIG);
  writeFileSync(join(root, '.kpa.json'), '{ "rules": { "KPA101": "warning" }, "ignore": ["plugins/generated/**"] }\n');
  mkdirSync(join(root, 'plugins/generated'), { recursive: true });
  writeFileSync(join(root, 'plugins/generated/main.go'), BROKEN);
  pair = inMemoryServer({ env: { PATH: '/nonexistent' } }, { rules: { KPA104: 'off' } });
  await pair.client.sendRequest('initialize', {
    processId: null,
    rootUri: pathToFileURL(root).href,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
  });
  await pair.client.sendNotification('initialized', {});
  await new Promise((r) => setTimeout(r, 0));
  await pair.server.scanDone;
});

afterAll(() => {
  pair.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function open(rel: string, text: string, languageId = 'go') {
  await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId, version: 1, text } });
  return pair.diagnostics(uri(rel), 1);
}

function positionOf(text: string, needle: string, delta = 0) {
  return TextDocument.create('x', 'x', 0, text).positionAt(text.indexOf(needle) + delta);
}

describe('capabilities', () => {
  test('declares every feature in one place', () => {
    expect(serverCapabilities({ build: true })).toMatchInlineSnapshot(`
      {
        "codeActionProvider": {
          "codeActionKinds": [
            "quickfix",
          ],
        },
        "codeLensProvider": {
          "resolveProvider": false,
        },
        "completionProvider": {
          "triggerCharacters": [
            """,
          ],
        },
        "definitionProvider": true,
        "documentSymbolProvider": {
          "label": "kpa",
        },
        "executeCommandProvider": {
          "commands": [
            "kpa.build",
            "kpa.runShellCommand",
            "kpa.compatMatrix",
          ],
        },
        "hoverProvider": true,
        "inlayHintProvider": {
          "resolveProvider": false,
        },
        "referencesProvider": true,
        "renameProvider": {
          "prepareProvider": true,
        },
        "textDocumentSync": {
          "change": 2,
          "openClose": true,
          "save": {
            "includeText": false,
          },
        },
      }
    `);
  });
});

describe('settings', () => {
  test('.kpa.json rule severities apply to published findings', async () => {
    const published = pair.published.filter((p) => p.uri === uri('plugins/broken/main.go')).at(-1) ?? (await pair.diagnostics(uri('plugins/broken/main.go')));
    const pointer = published.diagnostics.find((d) => d.code === 'KPA101');
    expect(pointer?.severity).toBe(2);
  });
});

/** Asks for the finding's quick fixes, applies the first that edits this file, sends the result as version 2, closes. */
async function applyFix(rel: string, text: string, finding: Diagnostic, languageId: string): Promise<{ fixed: string; after: Diagnostic[] }> {
  const actions = (await pair.client.sendRequest('textDocument/codeAction', {
    textDocument: { uri: uri(rel) },
    range: finding.range,
    context: { diagnostics: [finding] },
  })) as CodeAction[];
  const action = actions.find((a) => a.edit?.changes?.[uri(rel)]);
  expect(action, JSON.stringify(actions)).toBeDefined();
  const fixed = TextDocument.applyEdits(TextDocument.create(uri(rel), languageId, 1, text), action!.edit!.changes![uri(rel)]);
  await pair.client.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: 2 }, contentChanges: [{ text: fixed }] });
  const after = (await pair.diagnostics(uri(rel), 2)).diagnostics;
  await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri(rel) } });
  return { fixed, after };
}

describe('quick fixes', () => {
  const variants: [string, string, string][] = [
    ['pointer', 'KPA101', AUTH.replace('registerer("auth")', '&registerer{}')],
    ['new', 'KPA101', AUTH.replace('registerer("auth")', 'new(registerer)')],
    ['signature', 'KPA105', AUTH.replace('handler func(context.Context, map', 'handler func(map')],
    ['misspelled', 'KPA107', AUTH.replace('var HandlerRegisterer', 'var HandlerRegistrer')],
    ['near-miss', 'KPA106', AUTH.replace('func main() {}', 'func (r registerer) RegisterLogger(v string) {}\n\nfunc main() {}')],
  ];
  test.each(variants)('%s: applying the fix removes the %s finding', async (name, rule, text) => {
    const rel = `plugins/fix-${name}/main.go`;
    const { diagnostics } = await open(rel, text);
    const finding = diagnostics.find((d) => d.code === rule);
    expect(finding, JSON.stringify(diagnostics)).toBeDefined();
    const { after } = await applyFix(rel, text, finding!, 'go');
    expect(after.filter((d) => d.code === rule)).toEqual([]);
  });
});

describe('go.mod quick fixes', () => {
  test('aligning a module version with the target removes the mismatch', async () => {
    const resolved = resolveTarget({});
    if (!('target' in resolved)) throw new Error(resolved.error);
    const [path, version] = Object.entries(resolved.target.manifest.modules).find(([p]) => p.includes('lura'))!;
    const text = `module example.com/mismatch\n\ngo ${resolved.target.manifest.go.split('.').slice(0, 2).join('.')}\n\nrequire ${path} v0.0.1\n`;
    const rel = 'mods/mismatch/go.mod';
    const { diagnostics } = await open(rel, text, 'go.mod');
    const finding = diagnostics.find((d) => d.range.start.line === 4);
    expect(finding, JSON.stringify(diagnostics)).toBeDefined();
    const { fixed, after } = await applyFix(rel, text, finding!, 'go.mod');
    expect(fixed).toContain(`${path} ${version}`);
    expect(after.filter((d) => d.code === finding!.code)).toEqual([]);
  });
});

describe('kpa:ignore', () => {
  test('a suppression comment typed in the editor hides the finding, as kpa lint does', async () => {
    const suppressed = BROKEN.replace('var HandlerRegisterer', '// kpa:ignore KPA101 loaded by a custom loader\nvar HandlerRegisterer');
    const first = await open('plugins/broken/main.go', suppressed);
    expect(first.diagnostics.map((d) => d.code)).not.toContain('KPA101');
    await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri('plugins/broken/main.go') } });
  });
});

describe('.kpa.json ignore', () => {
  test('ignored files are not scanned, and an ignored file opened in the editor gets no findings', async () => {
    expect(pair.published.some((p) => p.uri === uri('plugins/generated/main.go'))).toBe(false);
    expect((await open('plugins/generated/main.go', BROKEN)).diagnostics).toEqual([]);
    await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri('plugins/generated/main.go') } });
  });
});

describe('krakend.json ↔ Go navigation', () => {
  test('completes registered names inside a name value', async () => {
    const text = CONFIG.replace('["auth"]', '["au"]');
    await open('krakend.json', text, 'json');
    const items = (await pair.client.sendRequest('textDocument/completion', {
      textDocument: { uri: uri('krakend.json') },
      position: positionOf(text, '"au"', 3),
    })) as CompletionItem[];
    expect(items.map((i) => i.label)).toContain('auth');
    const auth = items.find((i) => i.label === 'auth')!;
    expect(auth.textEdit).toMatchObject({ newText: '"auth"' });
    expect(auth.detail).toBe('server plugin in plugins/auth');
    await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri('krakend.json') } });
  });

  test('goes from a config name to the Go call that registers it', async () => {
    const locations = (await pair.client.sendRequest('textDocument/definition', {
      textDocument: { uri: uri('krakend.json') },
      position: positionOf(CONFIG, '["auth"]', 3),
    })) as Location[];
    expect(locations).toEqual([{ uri: uri('plugins/auth/main.go'), range: { start: positionOf(AUTH, 'f("auth"', 2), end: positionOf(AUTH, 'f("auth"', 8) } }]);
  });

  test('finds config uses from the Go name, and renames across Go and config', async () => {
    const at = positionOf(AUTH, 'f("auth"', 4);
    const refs = (await pair.client.sendRequest('textDocument/references', {
      textDocument: { uri: uri('plugins/auth/main.go') },
      position: at,
      context: { includeDeclaration: false },
    })) as Location[];
    expect(refs.map((r) => [r.uri, r.range.start.line])).toEqual([[uri('krakend.json'), 3]]);

    const prepared = (await pair.client.sendRequest('textDocument/prepareRename', { textDocument: { uri: uri('plugins/auth/main.go') }, position: at })) as {
      placeholder: string;
    };
    expect(prepared.placeholder).toBe('auth');
    const edit = (await pair.client.sendRequest('textDocument/rename', {
      textDocument: { uri: uri('plugins/auth/main.go') },
      position: at,
      newName: 'authn',
    })) as WorkspaceEdit;
    const config = TextDocument.applyEdits(TextDocument.create(uri('krakend.json'), 'json', 1, CONFIG), edit.changes![uri('krakend.json')]);
    const go = TextDocument.applyEdits(TextDocument.create(uri('plugins/auth/main.go'), 'go', 1, AUTH), edit.changes![uri('plugins/auth/main.go')]);
    expect(config).toContain('"name": ["authn"], "authn": {}');
    expect(go).toContain('f("authn", r.registerHandlers)');
  });

  test('answers empty outside plugin names', async () => {
    const none = await pair.client.sendRequest('textDocument/definition', { textDocument: { uri: uri('krakend.json') }, position: { line: 1, character: 4 } });
    expect(none).toEqual([]);
  });

  const hoverText = async (rel: string, text: string, needle: string) => {
    const hover = (await pair.client.sendRequest('textDocument/hover', { textDocument: { uri: uri(rel) }, position: positionOf(text, needle, 2) })) as Hover | null;
    return hover && { text: (hover.contents as { value: string }).value, range: hover.range };
  };

  test('hover on a config plugin name says which plugin registers it: kind, symbol and file:line, package, verdict, optional methods', async () => {
    const hover = (await hoverText('krakend.json', CONFIG, '["auth"]'))!;
    const symbolLine = positionOf(AUTH, 'var HandlerRegisterer').line + 1;
    const callLine = positionOf(AUTH, 'f("auth"').line + 1;
    expect(hover.text).toBe(
      [
        '**`auth`** · server plugin name under `plugin/http-server`',
        '',
        'Registered by:',
        '',
        `- **HandlerRegisterer** (server plugin) at \`plugins/auth/main.go:${symbolLine}\`, package \`plugins/auth\`; register call at \`plugins/auth/main.go:${callLine}\``,
        '- ✅ KrakenD loads this symbol.',
        '- Optional methods KrakenD calls: none',
      ].join('\n'),
    );
    expect(hover.range).toEqual({ start: positionOf(CONFIG, '"auth"'), end: positionOf(CONFIG, '"auth"', 6) });
    // Outside a name (the namespace key) the hover answers nothing.
    expect(await hoverText('krakend.json', CONFIG, 'plugin/http-server')).toBeNull();
  });

  test('hover on a name nobody registers says so, and names a KrakenD Enterprise built-in of this kind or of another', async () => {
    const text = CONFIG.replace('["auth"]', '["auth", "nope", "geoip", "no-redirect"]');
    await open('krakend.json', text, 'json');
    const nope = (await hoverText('krakend.json', text, '"nope"'))!.text;
    expect(nope).toContain('❌ No plugin of the workspace registers the server name `nope`: KrakenD looks it up among server plugins and skips it without an error.');
    expect(nope).not.toContain('Enterprise');
    const geoip = (await hoverText('krakend.json', text, '"geoip"'))!.text;
    expect(geoip).toContain('No plugin of the workspace registers the server name `geoip`');
    expect(geoip).toContain('`geoip` is a KrakenD Enterprise built-in server plugin: Enterprise loads it from its own plugin folder; KrakenD Community Edition has no such plugin');
    const noRedirect = (await hoverText('krakend.json', text, '"no-redirect"'))!.text;
    expect(noRedirect).toMatch(/`no-redirect` is a KrakenD Enterprise built-in client plugin \(deprecated from EE 2\.3 .*\), read under `plugin\/http-client`: under `plugin\/http-server` it is skipped\./);
    await pair.client.sendNotification('textDocument/didClose', { textDocument: { uri: uri('krakend.json') } });
  });
});

describe('Go features', () => {
  test('document symbols list the plugin symbol, its method and registered names', async () => {
    const symbols = (await pair.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri('plugins/auth/main.go') } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['HandlerRegisterer', 'auth']);
    expect(symbols[0].children?.map((c) => c.name)).toEqual(['RegisterHandlers']);
  });

  test('a build code lens sits on the plugin symbol', async () => {
    const lenses = (await pair.client.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('plugins/auth/main.go') } })) as CodeLens[];
    expect(lenses).toHaveLength(1);
    expect(lenses[0].command).toMatchObject({ command: 'kpa.build', arguments: [join(root, 'plugins/auth')] });
    expect(lenses[0].command!.title).toMatch(/^Build for KrakenD \d+\.\d+\.\d+ \(alpine, amd64\)$/);
  });

  test('the build lens command runs kpa build and reports its outcome; the server keeps serving', async () => {
    const code = await pair.client.sendRequest('workspace/executeCommand', { command: 'kpa.build', arguments: [join(root, 'plugins/auth')] });
    expect(code).not.toBe(0);
    expect(pair.logs.join('\n')).toMatch(/docker was not found on PATH/);
    await expect(pair.client.sendRequest('workspace/executeCommand', { command: 'kpa.runShellCommand', arguments: ['echo not offered'] })).rejects.toMatchObject({
      message: expect.stringContaining('only runs shell commands that one of its fixes offered'),
    });
  });

  test('hover on a loading symbol names what it registers', async () => {
    const hover = (await pair.client.sendRequest('textDocument/hover', {
      textDocument: { uri: uri('plugins/auth/main.go') },
      position: positionOf(AUTH, 'HandlerRegisterer', 2),
    })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain('✅ KrakenD loads this symbol.');
    expect(text).toContain('Registers: `auth`');
  });

  test('an unknown document gets the empty answer', async () => {
    const hover = await pair.client.sendRequest('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } });
    expect(hover).toBeNull();
  });

  test('a non-file document still gets one publish per version', async () => {
    await pair.client.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-2', languageId: 'go', version: 4, text: 'package' } });
    expect((await pair.diagnostics('untitled:Untitled-2', 4)).diagnostics).toEqual([]);
  });
});
