import { describe, expect, it } from 'vitest';
import { applyFirstFixes, gofmtErrors, runGo } from '../../fixtures/go/harness.js';
import { PLUGIN_KIND_SPECS, PLUGIN_KINDS } from '../go/plugin-kinds.js';
import { FACTORY_TYPES } from './helpers/plugin-attempts.js';
import rule from './kpa313-plugin-attempt-without-symbol.js';

const ONLY = { only: [rule.id, 'KPA305'] };

const GTFSRT = `package main

import (
	"context"
	"net/http"
)

// Plugin wraps KrakenD's handler.
var Plugin = func(ctx context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	return next, nil
}

func main() {}
`;

const config = (names: string[], namespace = 'plugin/http-server', folder = '../plugins/') =>
  JSON.stringify({ version: 3, plugin: { pattern: '.so', folder }, extra_config: { [namespace]: { name: names } } }, null, 2);

const MAKEFILE = 'plugin:\n\tgo build -buildmode=plugin -o plugins/gtfsrt.so ./plugin\n';

const where = (d: { file: string; range: { start: { line: number } }; rule: string; severity: string }) => `${d.rule} ${d.severity} ${d.file}:${d.range.start.line + 1}`;

describe('KPA313 plugin-attempt-without-symbol', () => {
  it('explains a main package exporting a handler factory as Plugin, built as a plugin, while a config names an unregistered plugin', async () => {
    const run = await runGo({ '/ws/plugin/gtfsrt.go': GTFSRT, '/ws/config/krakend.json': config(['gtfsrt']), '/ws/Makefile': MAKEFILE }, ONLY);
    const found = run.diagnostics.filter((d) => d.rule === rule.id);
    expect(found.map(where)).toEqual(['KPA313 error /ws/plugin/gtfsrt.go:9']);
    expect(found[0].message).toBe(
      'The main package in plugin looks like a KrakenD plugin (Makefile:2 builds it with -buildmode=plugin and it exports Plugin, a var shaped like an HTTP server plugin\'s handler factory), but it declares none of the symbols KrakenD looks up in a plugin: HandlerRegisterer, ClientRegisterer, ModifierRegisterer (MiddlewareRegisterer in Enterprise). So nothing registers "gtfsrt", which config/krakend.json names. KrakenD looks up HandlerRegisterer for plugin/http-server names: declare `var HandlerRegisterer = registerer("gtfsrt")`, whose type has `RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)))`, and call f("gtfsrt", Plugin) there.',
    );
    expect(found[0].related?.map((r) => `${r.file}:${r.range.start.line + 1} ${r.message}`)).toEqual(['/ws/config/krakend.json:10 names "gtfsrt" under plugin/http-server']);
    // KPA305 no longer takes the workspace for one without plugin code.
    const kpa305 = run.diagnostics.filter((d) => d.rule === 'KPA305');
    expect(kpa305.map(where)).toEqual(['KPA305 warning /ws/config/krakend.json:10']);
    expect(kpa305[0].message).toContain('The main package in plugin looks like a plugin but declares no HandlerRegisterer, the symbol KrakenD looks up for plugin/http-server names.');
  });

  it('fixes it with a registerer for the factory: the plugin then registers the name', async () => {
    const run = await runGo({ '/ws/plugin/gtfsrt.go': GTFSRT, '/ws/config/krakend.json': config(['gtfsrt']) }, ONLY);
    const fixed = applyFirstFixes(run.files, run.diagnostics.filter((d) => d.rule === rule.id));
    const text = fixed.get('/ws/plugin/gtfsrt.go')!;
    expect(text).toContain(
      '}\n\n// registerer hands Plugin to KrakenD under the name it holds.\ntype registerer string\n\nfunc (r registerer) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {\n\tf(string(r), Plugin)\n}\n\n// HandlerRegisterer is the symbol KrakenD looks up in the plugin.\nvar HandlerRegisterer = registerer("gtfsrt")\n\nfunc main() {}\n',
    );
    expect(gofmtErrors(text)).toBe('');
    const rerun = await runGo(fixed, { only: ['KPA305', rule.id, 'KPA104', 'KPA105'] });
    expect(rerun.diagnostics.map(where)).toEqual([]);
    expect(rerun.facts.plugins.get('/ws/plugin')?.map((s) => [s.symbol, s.loads, s.names])).toEqual([['HandlerRegisterer', true, ['gtfsrt']]]);
  });

  it('warns for a loosely shaped export without a recipe, taking the kind from the config', async () => {
    const text = 'package main\n\nimport "net/http"\n\nfunc NewHandler(cfg map[string]interface{}) (http.Handler, error) { return nil, nil }\n\nfunc main() {}\n';
    const run = await runGo({ '/ws/p/main.go': text, '/ws/krakend.json': config(['my-client'], 'plugin/http-client', './plugins/') }, ONLY);
    const found = run.diagnostics.filter((d) => d.rule === rule.id);
    expect(found.map(where)).toEqual(['KPA313 warning /ws/p/main.go:5']);
    expect(found[0].message).toContain('(it exports NewHandler, a func taking or returning what a plugin factory does)');
    expect(found[0].message).toContain('KrakenD looks up ClientRegisterer for plugin/http-client names');
    expect(found[0].fixes ?? []).toEqual([]);
  });

  it('points at the package of a recipe-built main package that exports nothing', async () => {
    const run = await runGo({ '/ws/plugin/main.go': 'package main\n\nfunc main() {}\n', '/ws/config/krakend.json': config(['a', 'b'], 'plugin/req-resp-modifier'), '/ws/Makefile': MAKEFILE }, ONLY);
    const found = run.diagnostics.filter((d) => d.rule === rule.id);
    expect(found.map(where)).toEqual(['KPA313 error /ws/plugin/main.go:1']);
    expect(found[0].message).toContain('(Makefile:2 builds it with -buildmode=plugin)');
    expect(found[0].message).toContain('nothing registers "a" and "b"');
    expect(found[0].message).toContain('call f("a", factory, true, false) there');
  });

  it.each([
    ['the config names only registered plugins', { '/ws/plugin/gtfsrt.go': GTFSRT, '/ws/real/main.go': 'package main\n\nimport "context"\n\ntype r string\n\nfunc (r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, interface{}) (interface{}, error))) { f("x", nil) }\n\nvar HandlerRegisterer = r("x")\n\nfunc main() {}\n', '/ws/config/krakend.json': config(['x']) }],
    ['no config names a plugin', { '/ws/plugin/gtfsrt.go': GTFSRT, '/ws/Makefile': MAKEFILE }],
    ['the config names only KrakenD Enterprise built-ins', { '/ws/plugin/gtfsrt.go': GTFSRT, '/ws/Makefile': MAKEFILE, '/ws/config/krakend.json': config(['ip-filter', 'url-rewrite']) }],
    ['a main package exporting what no plugin factory takes', { '/ws/cmd/main.go': 'package main\n\nvar Version = "1.0"\n\nfunc Run(args []string) error { return nil }\n\nfunc main() {}\n', '/ws/krakend.json': config(['x']) }],
    ['a library package exporting a factory', { '/ws/lib/lib.go': GTFSRT.replace('package main', 'package lib'), '/ws/krakend.json': config(['gtfsrt']) }],
    ['an example of a monorepo whose own config names nothing unregistered', { '/ws/01/plugin/gtfsrt.go': GTFSRT, '/ws/01/krakend.json': config([]), '/ws/02/krakend.json': config(['gtfsrt']) }],
  ])('is silent when %s', async (_, files) => {
    const run = await runGo(files, { only: [rule.id] });
    expect(run.diagnostics.map(where)).toEqual([]);
  });

  it("knows each kind's factory type as the Register… method's signature spells it", () => {
    for (const kind of PLUGIN_KINDS) expect(PLUGIN_KIND_SPECS[kind].signature).toContain(`, ${FACTORY_TYPES[kind]}`);
  });
});
