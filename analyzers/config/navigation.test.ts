import { describe, expect, it } from 'vitest';
import { completionsForName, configReferencesOf, pluginNameAt, registeredNameAt, registrationsOf, renameEdits } from './navigation.js';
import { extractConfigFacts } from './extract-config-facts.js';
import { pluginRegistry } from './plugin-registry.js';
import { handFacts, STANDARD_PLUGINS } from './testing.js';
import { applyEdits } from '../../fixtures/config/run-config-fixture.js';

const TEXT = `{
  "plugin": { "folder": "./plugins/", "pattern": ".so" },
  "extra_config": { "plugin/http-server": { "name": ["auth", "logger"], "auth": {} } },
  "endpoints": [ { "endpoint": "/a",
    "extra_config": { "plugin/req-resp-modifier": { "name": ["geo-request", ] } },
    "backend": [ { "extra_config": { "plugin/http-client": { "name": "s3-client", "s3-client": {} } } } ] } ]
}`;
const config = extractConfigFacts('/w/krakend.jsonc', TEXT);
const registered = pluginRegistry(handFacts({ plugins: STANDARD_PLUGINS })).names;
const at = (needle: string, delta = 1) => TEXT.indexOf(needle) + delta;

describe('pluginNameAt', () => {
  it('finds the name under the cursor, from its opening to its closing quote', () => {
    expect(pluginNameAt(config, at('"logger"', 0))?.name.value).toBe('logger');
    expect(pluginNameAt(config, at('"logger"', 8))?.name.value).toBe('logger');
    expect(pluginNameAt(config, at('"s3-client"', 3))).toMatchObject({ reference: { kind: 'client', level: 'backend' }, name: { index: null } });
    expect(pluginNameAt(config, at('"folder"'))).toBeNull();
  });
});

describe('completionsForName', () => {
  it('offers registered names inside a name string, same kind first, replacing the whole string', () => {
    const items = completionsForName(config, at('"auth"', 2), registered)!;
    expect(items.map((i) => [i.label, i.sameKind])).toEqual([
      ['auth', true],
      ['geo-request', false],
      ['geo-response', false],
      ['s3-client', false],
    ]);
    expect(items[0]).toMatchObject({ offset: at('"auth"', 0), length: 6, newText: '"auth"' });
  });

  it('offers names at an empty place in a list, leaving out those already listed', () => {
    const offset = at('"geo-request", ', 15);
    const items = completionsForName(config, offset, registered)!;
    expect(items.filter((i) => i.sameKind).map((i) => i.label)).toEqual(['geo-response']);
    expect(items[0]).toMatchObject({ offset, length: 0, range: { start: { line: 4, character: TEXT.split('\n')[4].indexOf('", ]') + 3 } } });
  });

  it('completes inside a list the parser could not finish', () => {
    const broken = '{"extra_config": {"plugin/http-server": {"name": ["auth", ';
    const facts = extractConfigFacts('/w/krakend.json', broken);
    expect(completionsForName(facts, broken.length, registered)?.map((i) => i.label)[0]).toBe('logger');
  });

  it('answers null outside name positions', () => {
    expect(completionsForName(config, at('"pattern"'), registered)).toBeNull();
    expect(completionsForName(config, at('"auth"', 0), registered)).toBeNull();
  });
});

describe('references, definitions and rename', () => {
  it('lists config uses of a name with their settings keys, per kind', () => {
    expect(configReferencesOf([config], 's3-client').map((r) => r.role)).toEqual(['name', 'settings']);
    expect(configReferencesOf([config], 's3-client', 'server')).toEqual([]);
  });

  it('finds the register call of a config name, and the name at a Go position', () => {
    const [def] = registrationsOf(registered, 'auth', 'server');
    expect(def.file).toBe('/w/plugins/auth/plugin.go');
    expect(registeredNameAt(registered, def.file, def.range.start)?.name).toBe('auth');
  });

  it('renames across configs and literal register calls, and refuses computed names', () => {
    const plan = renameEdits([config], registered, 'server', 'auth', 'authn');
    const configEdits = plan.edits.filter((e) => e.file === '/w/krakend.jsonc');
    const renamed = applyEdits(TEXT, configEdits);
    expect(renamed).toContain('"name": ["authn", "logger"], "authn": {}');
    expect(plan.edits.filter((e) => e.file.endsWith('.go')).map((e) => e.newText)).toEqual(['"authn"']);
    const computed = registered.map((r) => (r.name === 'auth' ? { ...r, registration: { ...r.registration!, nameText: 'prefix + "auth"', nameExpr: { kind: 'concat' as const, parts: [] } } } : r));
    expect(renameEdits([config], computed, 'server', 'auth', 'x').blocked).toHaveLength(1);
    expect(renameEdits([config], registered, 'server', 'auth', 'logger').conflicts.map((c) => c.name)).toEqual(['logger']);
  });

  it('keeps raw-string quoting in Go', () => {
    const raw = registered.map((r) => ({ ...r, registration: { ...r.registration!, nameText: '`auth`' } }));
    expect(renameEdits([], raw, 'server', 'auth', 'b').edits.map((e) => e.newText)).toEqual(['`b`']);
  });
});
