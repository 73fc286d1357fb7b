import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa109-dynamic-plugin-name.js';

const method = (body: string) => `package main

import (
	"context"
	"net/http"
)

type r string

func (x r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	${body}
}
`;

describe('KPA109 dynamic-plugin-name', () => {
  it('reports names computed at run time, not static ones (fixtures/go/kpa109-dynamic-name)', async () => {
    const run = await expectFixture('kpa109-dynamic-name');
    expect(run.diagnostics.every((d) => d.severity === 'note')).toBe(true);
    const [symbol] = run.facts.plugins.get('/ws/kpa109-dynamic-name')!;
    expect(symbol.names).toEqual(['dyn-receiver', 'dyn-static']);
    expect(symbol.dynamicNames).toBe(3);
  });

  it.each([
    ['a literal', 'f("lit", nil)', 'var HandlerRegisterer = r("")', ['lit']],
    ['a raw literal', 'f(`raw`, nil)', 'var HandlerRegisterer = r("")', ['raw']],
    ['a parenthesised constant concatenation', 'f((a + "-" + b), nil)', 'const a, b = "x", "y"\n\nvar HandlerRegisterer = r("")', ['x-y']],
    ['the receiver converted to string', 'f(string(x)+"-v2", nil)', 'var HandlerRegisterer = r("recv")', ['recv-v2']],
    ['a receiver built from a constant', 'f(string(x), nil)', 'const n = "from-const"\n\nvar HandlerRegisterer = r(n)', ['from-const']],
  ])('is silent for %s', async (_, body, decl, names) => {
    const run = await runGoSource(`${method(body)}\n${decl}\n`);
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.plugins.get('/ws/p')?.[0].names).toEqual(names);
  });

  it('says which package a name from another package comes from, instead of "computed at run time"', async () => {
    const source = `package main

import (
	"context"
	"net/http"

	names "example.com/plugin/internal"
)

type r string

func (x r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f(names.PluginName, nil)
}

var HandlerRegisterer = r("")
`;
    const run = await runGoSource(source);
    expect(run.diagnostics.map((d) => [d.severity, d.message, d.range.start.line])).toEqual([
      ['note', 'The name `names.PluginName` passed to RegisterHandlers comes from `PluginName` of package "example.com/plugin/internal", which kpa does not evaluate from here, so it cannot check krakend.json against it. Declare the name in this package (`const pluginName = "my-plugin"`) if you want those checks.', 12],
    ]);
  });

  it('does not report registrations of a Register… method no symbol uses', async () => {
    const run = await runGoSource(method('f(x.name(), nil)'), { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
