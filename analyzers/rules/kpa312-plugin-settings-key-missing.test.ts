import { describe, expect, it } from 'vitest';
import rule from './kpa312-plugin-settings-key-missing.js';
import { checkConfig, configWith, type HandPlugin } from '../config/testing.js';
import { runGo } from '../../fixtures/go/harness.js';

/** A server plugin `auth` whose factory reads `reads`, a logger whose factory kpa cannot follow, a client reading "s3". */
const plugins = (reads: string[] | null | undefined): HandPlugin[] => [
  { dir: '/w/plugins/auth', kind: 'server', names: [{ name: 'auth', reads }, { name: 'opaque', reads: null }] },
  { dir: '/w/plugins/client', kind: 'client', names: [{ name: 's3-client', reads: ['s3'] }] },
];

describe('KPA312 plugin-settings-key-missing', () => {
  it('notes a plugin whose code reads a key the config does not have, saying where the code reads it', () => {
    const found = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'] }), { plugins: plugins(['auth']) });
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      ['note', 'The server plugin "auth" reads its settings from the "auth" key (plugins/auth/plugin.go:12), and there is no such key next to "name", so it runs without settings.'],
    ]);
  });

  it('warns when the settings sit under a key no plugin named here reads, and offers to rename it', () => {
    const [d, ...rest] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'], atuh: { realm: 'x' } }), { plugins: plugins(['auth']) });
    expect(rest).toEqual([]);
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      'The server plugin "auth" reads its settings from the "auth" key (plugins/auth/plugin.go:12), but here they are under "atuh", a key no plugin named here reads, so the plugin runs without them. Rename "atuh" to "auth".',
    );
    expect(d.fixes?.[0].edits[0].newText).toBe('"auth"');
    expect(d.related?.map((r) => r.message)).toEqual(['"auth" reads "auth" here', '"atuh" is read by no plugin named here']);
  });

  it('says nothing when the code reads the key, one of its keys, or no key at all', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'], auth: {} }), { plugins: plugins(['auth']) })).toEqual([]);
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'], legacy: {} }), { plugins: plugins(['auth', 'legacy']) })).toEqual([]);
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'], atuh: {} }), { plugins: plugins([]) })).toEqual([]);
    // `name` itself is KrakenD's key, not a setting.
    expect(checkConfig(rule, configWith('backend', 'plugin/http-client', { name: 's3-client', s3: {} }), { plugins: plugins([]) })).toEqual([]);
  });

  it('does not guess from the naming convention: no code fact, or code kpa cannot follow, means silence', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'opaque'], atuh: {} }), { plugins: plugins(undefined) })).toEqual([]);
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'] }), { plugins: plugins(null) })).toEqual([]);
  });

  it('says nothing about names no plugin registers (KPA305 reports them)', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auht'], atuh: {} }), { plugins: plugins(['auth']) })).toEqual([]);
  });

  it('gives an ignored key to the plugin whose key it nearly is; another plugin missing its settings gets a note', () => {
    const workspace = { plugins: [{ dir: '/w/plugins/auth', kind: 'server' as const, names: [{ name: 'auth', reads: ['auth'] }, { name: 'logger', reads: ['logger'] }] }] };
    const found = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'logger'], atuh: {} }), workspace);
    expect(found.map((d) => [d.data?.name, d.severity, d.data?.messageId])).toEqual([
      ['auth', 'warning', 'ignored'],
      ['logger', 'note', 'missing'],
    ]);
    // One ignored key, one plugin without its settings: they go together whatever the spelling.
    const [one] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth'], credentials: {} }), workspace);
    expect([one.severity, one.data?.unread]).toEqual(['warning', 'credentials']);
  });

  it('stays a note when another plugin named beside it may read the unknown key', () => {
    const found = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'opaque'], atuh: {} }), { plugins: plugins(['auth']) });
    expect(found.map((d) => [d.severity, d.data?.messageId])).toEqual([['note', 'missing']]);
  });

  it('counts an Enterprise built-in as reading the key named like it, and never reports the built-in itself', () => {
    const config = configWith('service', 'plugin/http-server', { name: ['ip-filter', 'auth'], 'ip-filter': { CIDR: [] }, atuh: {} });
    const found = checkConfig(rule, config, { plugins: plugins(['auth']) });
    expect(found.map((d) => [d.severity, d.data?.name, d.data?.unread])).toEqual([['warning', 'auth', 'atuh']]);
  });
});

/** The shapes of the precision corpus (issue #14 class 5), through real Go code. */
describe('KPA312 over Go code', () => {
  const plugin = (body: string) => `package main

import (
	"context"
	"encoding/json"
	"net/http"
)

const pluginName = "body-logger"

var HandlerRegisterer = registerer(pluginName)

type registerer string

func (r registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f(string(r), r.registerHandlers)
}

${body}

var _ = json.Marshal

func main() {}
`;
  const lint = async (body: string, settings: Record<string, unknown>) => {
    const config = JSON.stringify({ version: 3, plugin: { folder: './plugins/', pattern: '.so' }, extra_config: { 'plugin/http-server': { name: ['body-logger'], ...settings } } }, null, 2);
    const run = await runGo({ '/ws/main.go': plugin(body), '/ws/krakend.json': config }, { only: [rule.id] });
    return run.diagnostics.map((d) => `${d.severity} ${d.message}`);
  };
  const viaHelper = (key: string) => `func parseConfig(extra map[string]interface{}) map[string]interface{} {
	raw, _ := extra[${key}].(map[string]interface{})
	return raw
}

func (r registerer) registerHandlers(_ context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	_ = parseConfig(extra)
	return next, nil
}`;

  it('follows the factory into the helper it hands the map to: a string-literal key (body_logger_config) the config has is right', async () => {
    expect(await lint(viaHelper('"body_logger_config"'), { body_logger_config: { max_bytes: 1 } })).toEqual([]);
  });

  it('evaluates extra[pluginName] and extra[string(r)] to the registered name, and warns about a misspelt key', async () => {
    expect(await lint(viaHelper('pluginName'), { 'body-logger': {} })).toEqual([]);
    expect(await lint(viaHelper('pluginName'), { body_logger: { max_bytes: 65536 } })).toEqual([
      'warning The server plugin "body-logger" reads its settings from the "body-logger" key (main.go:20), but here they are under "body_logger", a key no plugin named here reads, so the plugin runs without them. Rename "body_logger" to "body-logger".',
    ]);
    const receiverKey = `func (r registerer) registerHandlers(_ context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	_, _ = extra[string(r)].(map[string]interface{})
	return next, nil
}`;
    expect(await lint(receiverKey, {})).toEqual([expect.stringMatching(/^note The server plugin "body-logger" reads its settings from the "body-logger" key \(main\.go:20\)/)]);
  });

  it('is silent when the factory ignores its map, or hands it to code kpa does not follow', async () => {
    const ignores = `func (r registerer) registerHandlers(_ context.Context, _ map[string]interface{}, next http.Handler) (http.Handler, error) {
	return next, nil
}`;
    const marshals = `func (r registerer) registerHandlers(_ context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	b, _ := json.Marshal(extra)
	_ = b
	return next, nil
}`;
    expect(await lint(ignores, {})).toEqual([]);
    expect(await lint(marshals, { other: {} })).toEqual([]);
  });
});
