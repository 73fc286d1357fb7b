import { describe, expect, it } from 'vitest';
import type { GoFileFacts } from './facts.js';
import { extractFileFacts } from './file-facts.js';
import { buildPackageFacts } from './package-facts.js';
import { loadGoParser } from './parser.js';
import type { PluginKind } from './plugin-kinds.js';
import type { PluginSymbolFact } from './plugin-symbols.js';
import { computePluginSymbols, isNearMiss } from './plugin-verdicts.js';

const SERVER = 'func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))';
const CLIENT = 'func(string, func(context.Context, map[string]interface{}) (http.Handler, error))';
const MODIFIER = 'func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)';
const MIDDLEWARE = 'func(string, func(map[string]interface{}, func(context.Context, interface{}) (interface{}, error)) func(context.Context, interface{}) (interface{}, error))';
const IMPORTS = 'import (\n\t"context"\n\t"net/http"\n)\n\nvar _ context.Context\nvar _ http.Handler\n';

async function symbols(files: Record<string, string>): Promise<PluginSymbolFact[]> {
  const parser = await loadGoParser('native');
  const facts: GoFileFacts[] = Object.entries(files).map(([name, text]) => extractFileFacts(parser.parse(text), text, `/ws/p/${name}`));
  return computePluginSymbols(buildPackageFacts('/ws/p', facts, { goos: 'linux', goarch: 'amd64' }));
}

/** One server plugin file: `body` declares everything after the imports. */
const server = (body: string, pkg = 'main', imports = IMPORTS) => symbols({ 'main.go': `package ${pkg}\n\n${imports}\n${body}\n` });

const REG = `type registerer struct{}\n\nfunc (registerer) RegisterHandlers(f ${SERVER}) { f("x", nil) }\n`;
const PREG = `type registerer struct{}\n\nfunc (*registerer) RegisterHandlers(f ${SERVER}) { f("x", nil) }\n`;

/** `loads` and the failure codes of the one symbol a case declares. */
async function verdict(body: string, pkg?: string, imports?: string): Promise<[boolean | null, string[]]> {
  const list = await server(body, pkg, imports);
  expect(list).toHaveLength(1);
  return [list[0].loads, list[0].failures.map((f) => f.code)];
}

describe('Lookup returns a pointer to the variable', () => {
  it.each([
    ['a value with a value receiver', `${REG}var HandlerRegisterer = registerer{}`],
    ['a value with a pointer receiver', `${PREG}var HandlerRegisterer = registerer{}`],
    ['a declared value type without initialiser', `${PREG}var HandlerRegisterer registerer`],
    ['a value through a var block', `${REG}var (\n\tHandlerRegisterer = registerer{}\n)`],
    ['a value copied from another variable', `${REG}var impl = registerer{}\n\nvar HandlerRegisterer = impl`],
    ['the result of a local constructor', `${REG}func newR() registerer { return registerer{} }\n\nvar HandlerRegisterer = newR()`],
    ['a named string type converted from a literal', `type registerer string\n\nfunc (r registerer) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = registerer("x")`],
    ['a named map type', `type registerer map[string]int\n\nfunc (registerer) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = registerer{}`],
    ['a named func type with the method', `type registerer func()\n\nfunc (registerer) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = registerer(nil)`],
    ['an alias of the registerer type', `${REG}type R = registerer\n\nvar HandlerRegisterer = R{}`],
    ['an instantiated generic type (value receiver)', `type registerer[T any] struct{}\n\nfunc (registerer[T]) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = registerer[int]{}`],
    ['an instantiated generic type (pointer receiver)', `type registerer[T any] struct{ v T }\n\nfunc (*registerer[T]) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = registerer[string]{}`],
  ])('loads: %s', async (_, body) => {
    expect(await verdict(body)).toEqual([true, []]);
  });

  it.each([
    ['&T{}', `${REG}var HandlerRegisterer = &registerer{}`],
    ['&T{} with a pointer receiver', `${PREG}var HandlerRegisterer = &registerer{}`],
    ['new(T)', `${REG}var HandlerRegisterer = new(registerer)`],
    ['var X *T', `${PREG}var HandlerRegisterer *registerer`],
    ['a local constructor returning *T', `${PREG}func newR() *registerer { return &registerer{} }\n\nvar HandlerRegisterer = newR()`],
    ['a copy of a pointer variable', `${PREG}var impl = &registerer{}\n\nvar HandlerRegisterer = impl`],
    ['a pointer to a generic type', `type registerer[T any] struct{}\n\nfunc (registerer[T]) RegisterHandlers(f ${SERVER}) {}\n\nvar HandlerRegisterer = &registerer[int]{}`],
    ['an alias of a pointer type', `${PREG}type P = *registerer\n\nvar HandlerRegisterer P`],
  ])('does not load, holds a pointer: %s', async (_, body) => {
    expect(await verdict(body)).toEqual([false, ['holds-pointer']]);
  });

  it.each([
    ['a local interface', `${REG}type Registerer interface{ RegisterHandlers(f ${SERVER}) }\n\nvar HandlerRegisterer Registerer = registerer{}`],
    ['interface{}', `${REG}var HandlerRegisterer interface{} = registerer{}`],
    ['any', `${REG}var HandlerRegisterer any = registerer{}`],
  ])('does not load, interface-typed: %s', async (_, body) => {
    expect(await verdict(body)).toEqual([false, ['interface-typed']]);
  });

  it.each([
    ['a function', `func HandlerRegisterer(f ${SERVER}) {}`, 'func'],
    ['a constant', 'const HandlerRegisterer = "x"', 'const'],
    ['a type', `type HandlerRegisterer struct{}\n\nfunc (HandlerRegisterer) RegisterHandlers(f ${SERVER}) {}`, 'type'],
  ])('does not load, not a variable: %s', async (_, body, declKind) => {
    const [symbol] = await server(body);
    expect([symbol.loads, symbol.declKind, symbol.failures.map((f) => f.code)]).toEqual([false, declKind, ['not-a-variable']]);
  });
});

describe('method sets and promotion', () => {
  it.each([
    ['from an embedded value', `type base struct{}\n\nfunc (base) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ base }\n\nvar HandlerRegisterer = registerer{}`],
    ['from an embedded pointer', `type base struct{}\n\nfunc (*base) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ *base }\n\nvar HandlerRegisterer = registerer{&base{}}`],
    ['a pointer method of an embedded value', `type base struct{}\n\nfunc (*base) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ base }\n\nvar HandlerRegisterer = registerer{}`],
    ['from an embedded interface', `type I interface{ RegisterHandlers(f ${SERVER}) }\n\ntype registerer struct{ I }\n\nvar HandlerRegisterer = registerer{}`],
    ['through two levels', `type base struct{}\n\nfunc (base) RegisterHandlers(f ${SERVER}) {}\n\ntype mid struct{ base }\n\ntype registerer struct{ mid }\n\nvar HandlerRegisterer = registerer{}`],
    ['the shallower of two depths', `type deep struct{}\n\nfunc (deep) RegisterHandlers(f func()) {}\n\ntype a struct{ deep }\n\ntype b struct{}\n\nfunc (b) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ a; b }\n\nvar HandlerRegisterer = registerer{}`],
    ['a struct defined from a struct with an embedded field', `type base struct{}\n\nfunc (base) RegisterHandlers(f ${SERVER}) {}\n\ntype inner struct{ base }\n\ntype registerer inner\n\nvar HandlerRegisterer = registerer{}`],
  ])('promotes the method %s', async (_, body) => {
    expect(await verdict(body)).toEqual([true, []]);
  });

  it.each([
    ['two embedded fields at the same depth (ambiguous)', `type a struct{}\n\ntype b struct{}\n\nfunc (a) RegisterHandlers(f ${SERVER}) {}\n\nfunc (b) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ a; b }\n\nvar HandlerRegisterer = registerer{}`, 'missing-method'],
    ['a defined type: methods of the original type are not inherited', `${REG}type other registerer\n\nvar HandlerRegisterer = other{}`, 'missing-method'],
    ['the outer method hides a right promoted one', `type base struct{}\n\nfunc (base) RegisterHandlers(f ${SERVER}) {}\n\ntype registerer struct{ base }\n\nfunc (registerer) RegisterHandlers(f func(string)) {}\n\nvar HandlerRegisterer = registerer{}`, 'wrong-signature'],
  ])('does not load: %s', async (_, body, code) => {
    expect(await verdict(body)).toEqual([false, [code]]);
  });

  it('cannot decide when an embedded type from another package may provide the method', async () => {
    expect(await verdict('type registerer struct{ http.Server }\n\nvar HandlerRegisterer = registerer{}')).toEqual([null, ['unknown-type']]);
  });

  it('cannot decide for a type from another package, or an initialiser it does not follow', async () => {
    expect(await verdict('var HandlerRegisterer = http.Server{}')).toEqual([null, ['unknown-type']]);
    expect(await verdict('var registry = map[string]int{}\n\nvar HandlerRegisterer = registry["x"]')).toEqual([null, ['unknown-type']]);
  });

  it('types a called func literal by its result', async () => {
    expect(await verdict(`${REG}var HandlerRegisterer = func() registerer { return registerer{} }()`)).toEqual([true, []]);
    expect(await verdict('var HandlerRegisterer = func() int { return 1 }()')).toEqual([false, ['missing-method']]);
  });

  it('survives a self-embedding type', async () => {
    expect(await verdict('type registerer struct{ *registerer }\n\nvar HandlerRegisterer = registerer{}')).toEqual([false, ['missing-method']]);
  });
});

describe('type identity of the register method', () => {
  it.each([
    ['any for interface{}', 'func(string, func(context.Context, map[string]any, http.Handler) (http.Handler, error))'],
    ['interface{ any }', 'func(string, func(context.Context, map[string]interface{ any }, http.Handler) (http.Handler, error))'],
    ['an alias of the factory', 'func(string, F)', 'type F = func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)\n'],
    ['an alias of the register function', 'Reg', `type Reg = ${SERVER}\n`],
    ['aliases of context.Context and any', 'func(string, func(Ctx, map[string]A, http.Handler) (http.Handler, error))', 'type Ctx = context.Context\n\ntype A = any\n'],
  ])('accepts %s', async (_, param, prelude = '') => {
    expect(await verdict(`${prelude}type registerer struct{}\n\nfunc (registerer) RegisterHandlers(f ${param}) {}\n\nvar HandlerRegisterer = registerer{}`)).toEqual([true, []]);
  });

  it.each([
    ['a defined factory type', 'func(string, F)', 'type F func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)\n'],
    ['a defined register function type', 'Reg', `type Reg ${SERVER}\n`],
    ['a local Handler type', 'func(string, func(context.Context, map[string]interface{}, Handler) (Handler, error))', 'type Handler http.Handler\n'],
    ['a missing error', 'func(string, func(context.Context, map[string]interface{}, http.Handler) http.Handler)'],
    ['map[string]string', 'func(string, func(context.Context, map[string]string, http.Handler) (http.Handler, error))'],
  ])('rejects %s', async (_, param, prelude = '') => {
    const [symbol] = await server(`${prelude}type registerer struct{}\n\nfunc (registerer) RegisterHandlers(f ${param}) {}\n\nvar HandlerRegisterer = registerer{}`);
    expect([symbol.loads, symbol.failures.map((f) => f.code)]).toEqual([false, ['wrong-signature']]);
    expect(symbol.failures[0].methodSignatureRange).toBeDefined();
  });

  it('resolves import aliases and dot-imports', async () => {
    const aliased = 'import (\n\tctx "context"\n\tnethttp "net/http"\n)\n';
    expect(await verdict('type r struct{}\n\nfunc (r) RegisterHandlers(f func(string, func(ctx.Context, map[string]interface{}, nethttp.Handler) (nethttp.Handler, error))) {}\n\nvar HandlerRegisterer = r{}', 'main', aliased)).toEqual([true, []]);
    const dotted = 'import (\n\t"context"\n\t. "net/http"\n)\n';
    expect(await verdict('type r struct{}\n\nfunc (r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, Handler) (Handler, error))) {}\n\nvar HandlerRegisterer = r{}', 'main', dotted)).toEqual([true, []]);
  });

  it('checks each of the four kinds against its own signature', async () => {
    const body = `type r struct{}\n\nfunc (r) RegisterHandlers(f ${SERVER}) {}\nfunc (r) RegisterClients(f ${CLIENT}) {}\nfunc (r) RegisterModifiers(f ${MODIFIER}) {}\nfunc (r) RegisterMiddlewares(f ${MIDDLEWARE}) {}\n\nvar HandlerRegisterer, ClientRegisterer, ModifierRegisterer, MiddlewareRegisterer = r{}, r{}, r{}, r{}`;
    const list = await server(body);
    expect(list.map((s) => [s.kind, s.loads])).toEqual([['server', true], ['client', true], ['modifier', true], ['middleware', true]] satisfies [PluginKind, boolean][]);
  });

  it('does not accept the method of another kind', async () => {
    expect(await verdict(`type r struct{}\n\nfunc (r) RegisterClients(f ${CLIENT}) {}\n\nvar HandlerRegisterer = r{}`)).toEqual([false, ['missing-method']]);
  });
});

describe('package and build', () => {
  it('fails every symbol of a package that is not main', async () => {
    expect(await verdict(`${REG}var HandlerRegisterer = registerer{}`, 'plugin')).toEqual([false, ['not-main']]);
  });

  it('fails a symbol declared only in an excluded file', async () => {
    const list = await symbols({ 'main.go': 'package main\n', 'x_windows.go': `package main\n\n${IMPORTS}\n${REG}var HandlerRegisterer = registerer{}\n` });
    expect(list.map((s) => [s.loads, s.file, s.failures.map((f) => f.code)])).toEqual([[false, '/ws/p/x_windows.go', ['build-excluded']]]);
  });

  it('finds the symbol declared in a second file', async () => {
    const list = await symbols({ 'a.go': `package main\n\n${IMPORTS}\n${REG}`, 'b.go': 'package main\n\nvar HandlerRegisterer = registerer{}\n' });
    expect(list.map((s) => [s.loads, s.file])).toEqual([[true, '/ws/p/b.go']]);
  });

  it('declares no symbol for packages without one', async () => {
    expect(await server(REG)).toEqual([]);
  });
});

describe('names and optional methods', () => {
  it('collects static names, the receiver-based name and counts dynamic ones', async () => {
    const body = `const prefix = "p"\n\ntype r string\n\nfunc (x r) RegisterHandlers(f ${SERVER}) {\n\tf(string(x), nil)\n\tf(prefix+"-2", nil)\n\tf(prefix+"-2", nil)\n\tf(string(x)+"-3", nil)\n\tf(http.MethodGet, nil)\n}\n\nvar HandlerRegisterer = r(prefix + "-1")`;
    const [symbol] = await server(body);
    expect([symbol.names, symbol.dynamicNames]).toEqual([['p-1', 'p-2', 'p-1-3'], 1]);
  });

  it.each([
    ['RegisterLogger(v interface{})', 'server', ['RegisterLogger'], [true]],
    ['RegisterLogger(v any)', 'server', ['RegisterLogger'], [true]],
    ['RegisterLogger(l Logger)', 'server', [], [false]],
    ['RegisterLogger(v ...interface{})', 'server', [], [false]],
    ['RegisterLogger(v interface{}) error', 'server', [], [false]],
    ['Registerlogger(v interface{})', 'server', [], [false]],
    ['RegisterContext(ctx context.Context)', 'modifier', ['RegisterContext'], [true]],
    ['RegisterContext(ctx interface{})', 'modifier', [], [false]],
    ['RegisterContext(ctx context.Context)', 'middleware', ['RegisterContext'], [true]],
    // Servers have no RegisterContext in KrakenD: it is never called, and recorded as such (KPA106 says so).
    ['RegisterContext(ctx context.Context)', 'server', [], [false]],
  ])('%s on a %s plugin', async (method, kind, optional, matches) => {
    const register = { server: `RegisterHandlers(f ${SERVER})`, modifier: `RegisterModifiers(f ${MODIFIER})`, middleware: `RegisterMiddlewares(f ${MIDDLEWARE})` }[kind];
    const symbolName = { server: 'HandlerRegisterer', modifier: 'ModifierRegisterer', middleware: 'MiddlewareRegisterer' }[kind];
    const body = `type Logger interface{ Debug(v ...interface{}) }\n\ntype r struct{}\n\nfunc (r) ${register} {}\n\nfunc (*r) ${method} { ${method.endsWith('error') ? 'return nil ' : ''}}\n\nvar ${symbolName} = r{}`;
    const [symbol] = await server(body);
    expect(symbol.loads).toBe(true);
    expect(symbol.optional).toEqual(optional);
    expect(symbol.optionalMethods.map((m) => m.matches)).toEqual(matches);
  });
});

describe('isNearMiss', () => {
  it.each([
    ['HandlersRegisterer', 'HandlerRegisterer', true],
    ['handlerRegisterer', 'HandlerRegisterer', true],
    ['HandlerRegister', 'HandlerRegisterer', true],
    ['RegisterHandler', 'RegisterHandlers', true],
    ['HandlerRegisterer', 'HandlerRegisterer', false],
    ['ClientRegisterer', 'HandlerRegisterer', false],
    ['RegisterLogger', 'RegisterContext', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(isNearMiss(a, b)).toBe(expected);
  });
});
