import { describe, expect, it } from 'vitest';
import { extractConfigFacts } from './extract-config-facts.js';
import { renderReference } from './facts.js';
import { computeConfigFacts } from './index.js';
import { MemoryFileSource, Workspace } from '../workspace.js';

const CONFIG = `{
  "version": 3,
  "plugin": { "folder": "./plugins/", "pattern": ".so" },
  "extra_config": {
    "plugin/http-server": { "name": ["auth", "log"], "auth": {} },
    "qos/ratelimit/router": { "max_rate": 10 }
  },
  "endpoints": [
    {
      "endpoint": "/a",
      "extra_config": { "github.com/devopsfaith/krakend/proxy/plugin": { "name": "mod" } },
      "backend": [
        { "url_pattern": "/x", "extra_config": { "plugin/http-client": { "name": ["cl", 3], "cl": 1, "other": 2 } } },
        { "url_pattern": "/y" }
      ]
    }
  ],
  "async_agent": [
    { "name": "agent", "extra_config": { "plugin/req-resp-modifier": { "name": ["m"] } },
      "backend": [ { "extra_config": { "plugin/middleware": { "name": ["mw"] } } } ] }
  ]
}`;

describe('extractConfigFacts', () => {
  const facts = extractConfigFacts('/w/krakend.json', CONFIG);

  it('finds every plugin reference with its level, names and settings keys', () => {
    expect(facts.status).toBe('ok');
    expect(facts.references.map(renderReference)).toEqual([
      'service plugin/http-server name:array[auth,log] settings:[auth] L5',
      'endpoint endpoints[0] github.com/devopsfaith/krakend/proxy/plugin name:string[mod] settings:[] L11',
      'backend endpoints[0].backend[0] plugin/http-client name:array[cl] settings:[cl,other] L13',
      'async_agent async_agent[0] plugin/req-resp-modifier name:array[m] settings:[] L19',
      'backend async_agent[0].backend[0] plugin/middleware name:array[mw] settings:[] L20',
    ]);
    const modifier = facts.references[1];
    expect(modifier).toMatchObject({ alias: 'plugin/req-resp-modifier', usesInternalKey: true, kind: 'modifier', owner: '/a' });
    expect(facts.references[2].nonStringItems).toMatchObject([{ type: 'number' }]);
  });

  it('gives names exact ranges and offsets (the quotes included)', () => {
    const auth = facts.references[0].names[0];
    expect(CONFIG.slice(auth.offset, auth.offset + auth.length)).toBe('"auth"');
    expect(auth.range).toEqual({ start: { line: 4, character: 37 }, end: { line: 4, character: 43 } });
    expect(auth.index).toBe(0);
  });

  it('reads the plugin block', () => {
    expect(facts.pluginBlock).toMatchObject({ type: 'object', folder: { type: 'string', value: './plugins/' }, pattern: { value: '.so' } });
  });

  it('reports a syntax error once, at its position, and keeps what it read before', () => {
    const broken = extractConfigFacts('/w/krakend.json', '{\n  "extra_config": { "plugin/http-server": { "name": ["a" "b"] } }\n}');
    expect(broken.status).toBe('invalid');
    expect(broken.problems).toMatchObject([{ kind: 'syntax', message: 'expected , or ] after an array item', range: { start: { line: 1, character: 57 } } }]);
    expect(broken.references[0].names.map((n) => n.value)).toEqual(['a']);
  });

  it('skips flexible-configuration templates with a note instead of a parse error', () => {
    const template = extractConfigFacts('/w/krakend.json', '{ "endpoints": [ {{ template "e.tmpl" . }} ] }');
    expect(template.status).toBe('template');
    expect(template.problems).toMatchObject([{ kind: 'template', range: { start: { line: 0, character: 17 } } }]);
    expect(template.references).toEqual([]);
  });

  it.each([
    ['[]', 'the root is an array'],
    ['"x"', 'the root is a string'],
    ['null', 'the root is a null'],
  ])('rejects the non-object root %s', (text, message) => {
    expect(extractConfigFacts('/w/krakend.json', text)).toMatchObject({ status: 'invalid', problems: [{ kind: 'root-not-object', message }] });
  });

  it('reports duplicate keys and uses the last one, as Go does', () => {
    const dup = extractConfigFacts('/w/krakend.json', '{"extra_config": {"plugin/http-server": {"name": "a"}, "plugin/http-server": {"name": "b"}}}');
    expect(dup.references.map((r) => r.names[0].value)).toEqual(['b']);
    expect(dup.problems).toMatchObject([{ kind: 'duplicate-key', message: 'plugin/http-server' }]);
  });

  it('allows trailing commas in .jsonc only; comments in both', () => {
    const text = '{ // c\n "plugin": {"folder": "./p", "pattern": ".so",},}';
    expect(extractConfigFacts('/w/krakend.jsonc', text).status).toBe('ok');
    expect(extractConfigFacts('/w/krakend.json', text).problems[0].message).toBe('a trailing comma is not allowed in JSON');
    expect(extractConfigFacts('/w/krakend.json', '/* c */ {}').comments).toBe(1);
  });

  it('ranges count UTF-16 code units after non-ASCII text', () => {
    const text = '{"x": "é🚀", "extra_config": {"plugin/http-server": {"name": "n"}}}';
    const f = extractConfigFacts('/w/krakend.json', text);
    // 🚀 is two UTF-16 code units (and four UTF-8 bytes): 61, not 60 code points or 64 bytes.
    expect(text.indexOf('"n"')).toBe(61);
    expect(f.references[0].names[0].range.start).toEqual({ line: 0, character: 61 });
  });
});

describe('deep nesting inside the parts kpa keeps', () => {
  it('builds nested lists under a plugin namespace without recursion, to the 10,000 levels Go reads', () => {
    const depth = 9_996;
    const text = `{"extra_config": {"plugin/http-server": {"name": ["a", ${'['.repeat(depth)}${']'.repeat(depth)}]}}}`;
    const facts = extractConfigFacts('/w/krakend.json', text);
    expect(facts.status).toBe('ok');
    expect(facts.maxDepth).toBe(depth + 4);
    expect(facts.references[0].nonStringItems).toMatchObject([{ type: 'array' }]);
    expect(() => structuredClone(facts)).not.toThrow();
    const deeper = extractConfigFacts('/w/krakend.json', text.replace('[[', '[[['));
    expect(deeper.status).toBe('invalid');
    expect(deeper.problems[0]).toMatchObject({ kind: 'syntax', message: expect.stringContaining('exceeded max depth'), range: { start: { line: 0, character: 10_051 } } });
  });
});

describe('computeConfigFacts', () => {
  it('reads workspace configs plus extra files once each, and turns unreadable ones into a problem', () => {
    const files = new Map([
      ['/w/krakend.json', '{}'],
      ['/w/conf/gateway.json', '{"plugin": {}}'],
    ]);
    const ws = new Workspace('/w', new MemoryFileSource(files));
    const facts = computeConfigFacts(ws, ['/w/conf/gateway.json', '/w/krakend.json', '/w/missing.json']);
    expect(facts.map((f) => [f.file, f.status])).toEqual([
      ['/w/conf/gateway.json', 'ok'],
      ['/w/krakend.json', 'ok'],
      ['/w/missing.json', 'invalid'],
    ]);
    expect(facts[2].problems).toMatchObject([{ kind: 'unreadable', message: 'no such file' }]);
  });
});

describe('resolvePath', () => {
  it('resolves relative, absolute, dotted and trailing-slash folders', async () => {
    const { resolvePath } = await import('./plugin-folder.js');
    expect(resolvePath('/w/conf', './plugins/')).toBe('/w/conf/plugins');
    expect(resolvePath('/w/conf', '../plugins')).toBe('/w/plugins');
    expect(resolvePath('/w/conf', '/opt/krakend/plugins/')).toBe('/opt/krakend/plugins');
    expect(resolvePath('/w', '.')).toBe('/w');
    expect(resolvePath('/w', '../../..')).toBe('/');
  });
});
