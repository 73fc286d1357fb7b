import { describe, expect, it } from 'vitest';
import type { GoFileFacts } from './facts.js';
import { decodeStringLiteral } from './expression-readers.js';
import { emptyFileFacts, extractFileFacts, importScope, mentionsPlugin } from './file-facts.js';
import { constMap, evalStringExpr } from './package-facts.js';
import { loadGoParser } from './parser.js';
import { renderType } from './type-expr.js';

async function facts(text: string, file = '/ws/p/main.go'): Promise<GoFileFacts> {
  const parser = await loadGoParser('native');
  return extractFileFacts(parser.parse(text), text, file);
}

const PLUGIN = `//go:build linux

// Package main is a plugin.
package main

import (
	"context"
	h "net/http"
	_ "embed"
	. "strings"
)

const name = "my" + "-" + suffix
const suffix = \`plugin\`

type registerer string

type Alias = registerer

type generic[T any, U comparable] struct{ base; *other; v T }

func (r registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, h.Handler) (h.Handler, error))) {
	f(string(r), nil)
	f(name, nil)
	for _, n := range []string{"x"} {
		f(n, nil)
	}
}

func (g *generic[T, U]) RegisterModifiers(f func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)) {
	f("both", nil, true, true)
	f("flag", nil, cond(), false)
}

func (registerer) RegisterLogger(args ...interface{}) (ok bool) { return }

func newRegisterer() registerer { return "x" }

var HandlerRegisterer = registerer("server")

var (
	ClientRegisterer     = &generic[int, string]{}
	ModifierRegisterer   = new(registerer)
	MiddlewareRegisterer h.Handler
	a, b                 = newRegisterer(), 1.5
	fn                   = func(x int) error { return nil }
	ident                = HandlerRegisterer
	_                    = 1
)

func cond() bool { return true }
`;

describe('extractFileFacts', () => {
  it('reads the package clause, the build constraint and the imports with their aliases', async () => {
    const f = await facts(PLUGIN);
    expect(f.packageName).toBe('main');
    expect(f.packageRange).toEqual({ start: { line: 3, character: 8 }, end: { line: 3, character: 12 } });
    expect(f.buildConstraint).toBe('linux');
    expect(f.imports.map((i) => [i.path, i.alias])).toEqual([
      ['context', null],
      ['net/http', 'h'],
      ['embed', '_'],
      ['strings', '.'],
    ]);
    expect(f.mentionsPlugin).toBe(true);
    expect(f.syntaxErrors).toEqual([]);
  });

  it('reads type declarations: defined or alias, type parameters, embedded fields', async () => {
    const f = await facts(PLUGIN);
    expect(f.types.map((t) => [t.name, t.alias, t.typeParams])).toEqual([
      ['registerer', false, []],
      ['Alias', true, []],
      ['generic', false, ['T', 'U']],
    ]);
    expect(renderType(f.types[2].type)).toBe('struct{main.base; *main.other; v main.T}');
  });

  it('reads methods with value and pointer receivers (generic ones too), parameters, results and ranges', async () => {
    const f = await facts(PLUGIN);
    expect(f.methods.map((m) => [m.receiver, m.pointerReceiver, m.name, m.params.length, m.results.length, m.variadic])).toEqual([
      ['registerer', false, 'RegisterHandlers', 1, 0, false],
      ['generic', true, 'RegisterModifiers', 1, 0, false],
      ['registerer', false, 'RegisterLogger', 1, 1, true],
    ]);
    const logger = f.methods[2];
    const line = PLUGIN.split('\n')[logger.signatureRange.start.line];
    expect(line.slice(logger.signatureRange.start.character, logger.signatureRange.end.character)).toBe('(args ...interface{}) (ok bool)');
    expect(line.slice(logger.nameRange.start.character, logger.nameRange.end.character)).toBe('RegisterLogger');
    expect(f.methods[0].params[0].name).toBe('f');
  });

  it('reads package-level values: kind, declared or inferred type, initialiser shape', async () => {
    const f = await facts(PLUGIN);
    const row = (n: string) => {
      const v = f.values.find((x) => x.name === n)!;
      return [v.declKind, v.type ? renderType(v.type) : null, v.typeIsDeclared, v.shape, v.callee];
    };
    expect(row('HandlerRegisterer')).toEqual(['var', 'main.registerer', false, 'conversion-or-call', 'registerer']);
    expect(row('ClientRegisterer')).toEqual(['var', '*main.generic[int, string]', false, 'address-of', null]);
    expect(row('ModifierRegisterer')).toEqual(['var', '*main.registerer', false, 'new', 'new']);
    expect(row('MiddlewareRegisterer')).toEqual(['var', 'net/http.Handler', true, 'none', null]);
    expect(row('a')).toEqual(['var', 'main.newRegisterer', false, 'conversion-or-call', 'newRegisterer']);
    expect(row('b')).toEqual(['var', 'float64', false, 'literal', null]);
    expect(row('fn')).toEqual(['var', 'func(int) error', false, 'func-literal', null]);
    expect(row('ident')).toEqual(['var', null, false, 'identifier', null]);
    expect(row('name')).toEqual(['const', null, false, 'other', null]);
    expect(row('suffix')).toEqual(['const', 'string', false, 'literal', null]);
    expect(row('newRegisterer')).toEqual(['func', 'func() main.registerer', true, 'none', null]);
    expect(f.values.some((v) => v.name === '_')).toBe(false);
    expect(f.values.find((v) => v.name === 'HandlerRegisterer')?.initString).toEqual({ kind: 'lit', value: 'server' });
  });

  it('keeps static string constants for name evaluation', async () => {
    const f = await facts(PLUGIN);
    const consts = constMap(f.consts);
    expect(evalStringExpr(consts.get('name') ?? null, consts)).toBe('my-plugin');
    expect(consts.get('suffix')).toEqual({ kind: 'lit', value: 'plugin' });
    // Only string-valued declarations are kept.
    expect(consts.has('b')).toBe(false);
  });

  it('reads the calls of the register function: static, receiver-based and dynamic names, modifier flags', async () => {
    const f = await facts(PLUGIN);
    expect(f.registrations.map((r) => [r.method, r.receiver, r.nameText, r.name, r.nameExpr?.kind ?? null, r.appliesToRequest, r.appliesToResponse])).toEqual([
      ['RegisterHandlers', 'registerer', 'string(r)', null, 'receiver', undefined, undefined],
      ['RegisterHandlers', 'registerer', 'name', null, 'ref', undefined, undefined],
      ['RegisterHandlers', 'registerer', 'n', null, 'ref', undefined, undefined],
      ['RegisterModifiers', 'generic', '"both"', 'both', 'lit', true, true],
      ['RegisterModifiers', 'generic', '"flag"', 'flag', 'lit', null, false],
    ]);
  });

  it('finds no registrations when the register function parameter is unnamed', async () => {
    const f = await facts('package main\n\ntype r struct{}\n\nfunc (r) RegisterHandlers(func(string)) {}\n');
    expect(f.registrations).toEqual([]);
    expect(f.methods).toHaveLength(1);
  });
});

/** The settings reads of a function, rendered: keys as `lit:x` / `ref:x` / `receiver`, passes as `callee@arg`. */
function renderSettings(s: import('./facts.js').SettingsReadsFact | undefined): string | null {
  if (!s) return null;
  const keys = s.keys.map((k) => (k.expr.kind === 'lit' ? `lit:${k.expr.value}` : k.expr.kind === 'ref' ? `ref:${k.expr.name}` : k.expr.kind));
  const passes = s.passes.map((p) => `${p.method ? 'r.' : ''}${p.callee}@${p.arg}`);
  return `param ${s.param} ${s.name ?? '_'} keys [${keys.join(' ')}] passes [${passes.join(' ')}]${s.opaque ? ' opaque' : ''}`;
}

const FACTORIES = `package main

import (
	"context"
	"encoding/json"
	"net/http"
)

const pluginName = "body-logger"

type registerer string

func (r registerer) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f(string(r), r.handler)
	f("plain", newHandler)
	f("inline", func(_ context.Context, cfg map[string]any, next http.Handler) (http.Handler, error) {
		if cfg == nil || len(cfg) == 0 {
			return next, nil
		}
		_, _ = cfg["inline"].(map[string]interface{})
		return next, nil
	})
	f("made", makeHandler("x"))
}

func (r registerer) handler(_ context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	name, _ := extra["name"].(string)
	_ = name
	raw, _ := extra[string(r)].(map[string]interface{})
	_ = raw
	cfg := parseConfig(extra)
	_ = r.more(1, extra)
	_ = cfg
	return next, nil
}

func newHandler(ctx context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	b, _ := json.Marshal(extra)
	_ = b
	return next, nil
}

func parseConfig(extra map[string]interface{}) map[string]interface{} {
	m, _ := extra[pluginName].(map[string]interface{})
	return m
}

func (r registerer) more(n int, extra map[string]interface{}) error {
	for k := range extra {
		_ = extra[k]
	}
	return nil
}

func ignores(_ map[string]interface{}) {}

func notSettings(m map[string]string, n int) {}

func main() {}
`;

describe('settings reads (what a factory does with its map[string]interface{} parameter)', () => {
  it('records the static keys, the functions the map is handed to, and uses kpa cannot follow', async () => {
    const f = await facts(FACTORIES);
    const methods = Object.fromEntries(f.methods.map((m) => [m.name, renderSettings(m.settings)]));
    const funcs = Object.fromEntries(f.values.filter((v) => v.declKind === 'func').map((v) => [v.name, renderSettings(v.settings)]));
    expect(methods).toEqual({
      RegisterHandlers: null,
      handler: 'param 1 extra keys [lit:name receiver] passes [parseConfig@0 r.more@1]',
      // Ranging over the map makes it opaque at once (a look at the text): the keys are not read, nothing uses them then.
      more: 'param 1 extra keys [] passes [] opaque',
    });
    expect(funcs).toEqual({
      newHandler: 'param 1 extra keys [] passes [] opaque',
      parseConfig: 'param 0 extra keys [ref:pluginName] passes []',
      ignores: 'param 0 _ keys [] passes []',
      notSettings: null,
      main: null,
    });
  });

  it('points at each key read', async () => {
    const f = await facts(FACTORIES);
    const parse = f.values.find((v) => v.name === 'parseConfig')!;
    const at = parse.settings!.keys[0].range.start;
    expect(FACTORIES.split('\n')[at.line].slice(at.character)).toMatch(/^extra\[pluginName\]/);
  });

  it('records the factory of each register call: a literal with its reads, a function, a method of the receiver', async () => {
    const f = await facts(FACTORIES);
    const refs = f.registrations.map((r) => (r.factory?.kind === 'literal' ? `literal ${renderSettings(r.factory.settings ?? undefined)}` : r.factory?.kind === 'other' ? 'other' : `${r.factory?.kind} ${r.factory && 'name' in r.factory ? r.factory.name : ''}`));
    expect(refs).toEqual(['method handler', 'func newHandler', 'literal param 1 cfg keys [lit:inline] passes []', 'other']);
  });

  it('gives the same facts through the wasm binding', async () => {
    const wasm = await loadGoParser('wasm');
    const viaWasm = extractFileFacts(wasm.parse(FACTORIES), FACTORIES, '/ws/p/main.go');
    expect(viaWasm).toEqual(await facts(FACTORIES));
  });
});

describe('half-typed and broken Go', () => {
  it('keeps what it can read around a syntax error and records the error as a fact', async () => {
    const text = 'package main\n\ntype r struct{}\n\nfunc (r) RegisterHandlers(f func(string)) {\n\tf("x"\n}\n\nvar HandlerRegisterer = r{}\n';
    const f = await facts(text);
    expect(f.syntaxErrors.length).toBeGreaterThan(0);
    expect(f.syntaxErrors[0].range.start.line).toBe(5);
    expect(f.values.map((v) => v.name)).toContain('HandlerRegisterer');
  });

  it('reports a MISSING token with the expected text', async () => {
    const f = await facts('package main\n\nvar x = f(1\n');
    expect(f.syntaxErrors.some((e) => e.kind === 'missing' || e.kind === 'error')).toBe(true);
  });

  it('caps the syntax errors it records', async () => {
    const f = await facts(`package main\n\n${'func ( {\n'.repeat(500)}`);
    expect(f.syntaxErrors.length).toBeLessThanOrEqual(50);
    expect(f.syntaxErrors.length).toBeGreaterThan(0);
  });

  it.each([
    ['an empty file', ''],
    ['no package clause', 'var HandlerRegisterer = r{}\n'],
    ['a lone keyword', 'package'],
    ['control characters', 'package main\n\u0001\u0002\u0003 var x = 1\n'],
    ['unbalanced braces', '}}}}{{{{ package main'],
    ['deep nesting', `package main\n\nvar x = ${'('.repeat(2000)}1${')'.repeat(2000)}\n`],
    ['a 200 KiB line', `package main\n\nvar x = "${'a'.repeat(200 * 1024)}"\n`],
    ['astral characters in identifiers and strings', 'package main\n\nvar 𝑥 = "🚀"\nvar HandlerRegisterer = 𝑥\n'],
    ['CRLF line ends', 'package main\r\n\r\nvar HandlerRegisterer = r{}\r\n'],
    ['a lone surrogate in a comment', 'package main\n// \uD800\nvar x = 1\n'],
    ['a method without a receiver type', 'package main\n\nfunc () RegisterHandlers(f func(string)) { f("x") }\n'],
    ['a register call without arguments', 'package main\n\ntype r int\n\nfunc (r) RegisterHandlers(f func(string)) { f() }\n'],
  ])('does not throw on %s', async (_, text) => {
    const f = await facts(text);
    expect(f.file).toBe('/ws/p/main.go');
    for (const e of f.syntaxErrors) expect(e.range.start.line).toBeGreaterThanOrEqual(0);
  });

  it('reads CRLF files with the same lines and columns as LF files', async () => {
    const lf = await facts('package main\n\nvar HandlerRegisterer = r{}\n');
    const crlf = await facts('package main\r\n\r\nvar HandlerRegisterer = r{}\r\n');
    expect(crlf.values[0].nameRange).toEqual(lf.values[0].nameRange);
    expect(crlf.values[0].valueRange).toEqual(lf.values[0].valueRange);
  });
});

describe('helpers', () => {
  it.each([
    ['"plain"', 'plain'],
    ['"tab\\tnew\\nline"', 'tab\tnew\nline'],
    ['"\\x41\\u00e9\\U0001F680\\101"', 'Aé🚀A'],
    ['"quote\\"s"', 'quote"s'],
    ['`raw\\n`', 'raw\\n'],
  ])('decodes the literal %s', async (literal, value) => {
    const f = await facts(`package main\n\nconst c = ${literal}\n`);
    expect(f.consts[0].expr).toEqual({ kind: 'lit', value });
  });

  it('does not decode non-literals', () => {
    expect(decodeStringLiteral({ type: 'identifier', text: 'x' } as never)).toBeNull();
  });

  it('names imports after their last path element, without a /vN or .vN suffix', () => {
    const scope = importScope(['github.com/x/y/v2', 'gopkg.in/yaml.v3', 'github.com/go-redis/redis', 'github.com/go-chi/chi'].map((path) => ({ path, alias: null, file: 'f', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })));
    expect([...scope.byName.keys()]).toEqual(['y', 'yaml', 'redis', 'chi']);
  });

  it.each([
    ['var HandlerRegisterer = x', true],
    ['// a handlerregisterer', true],
    ['func (r) RegisterHandler()', true],
    ['RegisterMiddlewares', true],
    ['func Register()', false],
    ['package http // Handler', false],
  ])('prefilter: %s → %s', (text, expected) => {
    expect(mentionsPlugin(text)).toBe(expected);
  });

  it('gives an empty fact set for an unreadable file', () => {
    expect(emptyFileFacts('/x.go')).toMatchObject({ file: '/x.go', packageName: null, values: [], syntaxErrors: [] });
  });
});
