import { describe, expect, it } from 'vitest';
import type { TypeExpr } from './facts.js';
import { extractFileFacts } from './file-facts.js';
import { loadGoParser } from './parser.js';
import { renderSignature, renderType } from './type-expr.js';

const IMPORTS = 'import (\n\t"context"\n\tnethttp "net/http"\n\t"io"\n\t_ "embed"\n\t. "strings"\n\t"gopkg.in/yaml.v3"\n\t"github.com/luraproject/lura/v2/logging"\n)\n';

/** Parses `type T <expr>` in a file with a few imports and renders T's type canonically. */
async function canonical(expr: string, prelude = ''): Promise<string> {
  const text = `package main\n\n${IMPORTS}\n${prelude}\ntype T ${expr}\n`;
  const facts = extractFileFacts((await loadGoParser('native')).parse(text), text, '/ws/p/main.go');
  expect(facts.syntaxErrors).toEqual([]);
  const decl = facts.types.find((t) => t.name === 'T')!;
  const aliases = new Map(facts.types.filter((t) => t.alias).map((t) => [t.name, t.type]));
  return renderType(decl.type, (name) => aliases.get(name));
}

describe('canonical type strings', () => {
  it.each([
    ['string', 'string'],
    ['any', 'interface{}'],
    ['interface{}', 'interface{}'],
    ['interface{ any }', 'interface{}'],
    ['interface{ interface{} }', 'interface{}'],
    ['map[string]any', 'map[string]interface{}'],
    ['map[string]interface{}', 'map[string]interface{}'],
    ['[]byte', '[]byte'],
    ['[4]int', '[4]int'],
    ['*[]map[string]chan<- int', '*[]map[string]chan<- int'],
    ['<-chan error', '<-chan error'],
    ['chan struct{}', 'chan struct{}'],
    ['context.Context', 'context.Context'],
    ['nethttp.Handler', 'net/http.Handler'],
    ['yaml.Node', 'gopkg.in/yaml.v3.Node'],
    ['logging.Logger', 'github.com/luraproject/lura/v2/logging.Logger'],
    ['nohttp.Handler', '?nohttp.Handler'],
    ['Local', 'main.Local'],
    ['G[int, string]', 'main.G[int, string]'],
    ['(int)', 'int'],
    ['func()', 'func()'],
    ['func(a, b int, rest ...string) (n int, err error)', 'func(int, int, ...string) (int, error)'],
    ['func(context.Context, map[string]interface{}, nethttp.Handler) (nethttp.Handler, error)', 'func(context.Context, map[string]interface{}, net/http.Handler) (net/http.Handler, error)'],
    ['func(string) func(interface{}) (interface{}, error)', 'func(string) func(interface{}) (interface{}, error)'],
    ['interface{ B(); A(x int) string }', 'interface{ A(int) string; B() }'],
    ['interface{ io.Reader; Close() error }', 'interface{ Close() error; io.Reader }'],
    ['interface{ A(); interface{ B(); A() } }', 'interface{ A(); B() }'],
    ['interface{ M(interface{ X(); Y() }) }', 'interface{ M(interface{ X(); Y() }) }'],
    ['struct{ a, b int; *E; F; nethttp.Handler }', 'struct{a int; b int; *main.E; main.F; net/http.Handler}'],
  ])('%s → %s', async (expr, expected) => {
    expect(await canonical(expr)).toBe(expected);
  });

  it('resolves aliases, including aliases of aliases and any inside them', async () => {
    expect(await canonical('F', 'type F = func(Ctx, map[string]A)\ntype Ctx = context.Context\ntype A = any\n')).toBe('func(context.Context, map[string]interface{})');
  });

  it('keeps defined types distinct from their underlying type', async () => {
    expect(await canonical('F', 'type F func(context.Context)\n')).toBe('main.F');
  });

  it('writes unknown syntax in a form that never equals a real type', () => {
    expect(renderType({ kind: 'unknown', text: 'x y' })).toBe('?(x y)');
  });

  it('stops on alias cycles', () => {
    const cycle = (name: string): TypeExpr | undefined => (name === 'A' ? { kind: 'named', pkg: '', name: 'B' } : name === 'B' ? { kind: 'named', pkg: '', name: 'A' } : undefined);
    expect(renderType({ kind: 'named', pkg: '', name: 'A' }, cycle)).toContain('…');
  });

  it('renders signatures with a variadic last parameter and one or several results', () => {
    const s: TypeExpr = { kind: 'named', pkg: '', name: 'string' };
    const e: TypeExpr = { kind: 'named', pkg: '', name: 'error' };
    expect(renderSignature([s, s], [], true)).toBe('(string, ...string)');
    expect(renderSignature([], [e], false)).toBe('() error');
    expect(renderSignature([], [s, e], false)).toBe('() (string, error)');
  });
});
