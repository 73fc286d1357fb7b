import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, fixAndRerun, gofmtErrors, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa106-optional-method-near-miss.js';

const MODIFIER = `type m struct{}

func (m) RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool)) {
}

var ModifierRegisterer = m{}
`;

describe('KPA106 optional-method-near-miss', () => {
  it('reports wrong signatures and misspelled names (fixtures/go/kpa106-optional-near-miss)', async () => {
    const run = await expectFixture('kpa106-optional-near-miss');
    expect(run.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    // The plugin still loads: KrakenD just never calls the method.
    expect(run.facts.plugins.get('/ws/kpa106-optional-near-miss')?.map((s) => [s.loads, s.optional])).toEqual([
      [true, []],
      [true, []],
    ]);
  });

  it('fixes them into methods KrakenD calls', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa106-optional-near-miss', rule.id);
    expect(remaining).toEqual([]);
    const run = await expectFixesMatchGoldens('kpa106-optional-near-miss', rule.id);
    expect(run.fixed.size).toBe(1);
  });

  it.each([
    ['RegisterLogger(v interface{})', ['RegisterLogger']],
    ['RegisterLogger(any)', ['RegisterLogger']],
    ['RegisterContext(ctx context.Context)', ['RegisterContext']],
  ])('is silent for the exact %s, which KrakenD calls', async (method, optional) => {
    const run = await runGoSource(`package main\n\nimport "context"\n\nvar _ context.Context\n\n${MODIFIER}\nfunc (*m) ${method} {}\n`);
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.plugins.get('/ws/p')?.[0].optional).toEqual(optional);
  });

  it.each([
    ['a variadic logger', 'RegisterLogger(v ...interface{})'],
    ['a logger with a result', 'RegisterLogger(v interface{}) error'],
    ['a context of the wrong type', 'RegisterContext(ctx interface{})'],
    ['a context with two parameters', 'RegisterContext(ctx interface{}, cancel func())'],
  ])('reports %s, and the fix parses and is then called', async (_, method) => {
    const body = method.endsWith('error') ? '{ return nil }' : '{}';
    const run = await runGoSource(`package main\n\n${MODIFIER}\nfunc (m) ${method} ${body}\n`);
    expect(run.diagnostics.map((d) => d.rule)).toEqual([rule.id]);
    const { fixed, remaining, newErrors, syntaxErrors, rerun } = await fixAndRerun(run, rule.id);
    expect([remaining, newErrors, syntaxErrors]).toEqual([[], [], []]);
    expect(gofmtErrors(fixed.get('/ws/p/main.go')!)).toBe('');
    expect(rerun.facts.plugins.get('/ws/p')?.[0].optional).toHaveLength(1);
  });

  it('adds import "context" when the file lacks it', async () => {
    const run = await runGoSource(`package main\n\n${MODIFIER}\nfunc (m) RegisterContext(ctx interface{}) {}\n`);
    const { fixed } = await fixAndRerun(run, rule.id);
    expect(fixed.get('/ws/p/main.go')).toContain('package main\n\nimport "context"\n');
    expect(fixed.get('/ws/p/main.go')).toContain('func (m) RegisterContext(ctx context.Context) {}');
  });

  it('reports a method shared by two symbols once', async () => {
    const text = `package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\ntype r struct{}\n\nfunc (r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {}\n\nfunc (r) RegisterClients(f func(string, func(context.Context, map[string]interface{}) (http.Handler, error))) {}\n\nfunc (r) RegisterLogger(l string) {}\n\nvar HandlerRegisterer = r{}\n\nvar ClientRegisterer = r{}\n`;
    const run = await runGoSource(text);
    expect(run.diagnostics.map((d) => d.rule)).toEqual([rule.id]);
  });

  it('reports RegisterContext on a server plugin, which KrakenD never calls, but not on a modifier', async () => {
    const server = `package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\ntype r struct{}\n\nfunc (r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {}\n\nfunc (r) RegisterContext(ctx context.Context) {}\n\nvar HandlerRegisterer = r{}\n`;
    const run = await runGoSource(server);
    const found = run.diagnostics.filter((d) => d.rule === rule.id);
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/never calls RegisterContext on a server plugin/);
    const modifier = await runGoSource(`package main\n\nimport "context"\n\n${MODIFIER}\nfunc (m) RegisterContext(ctx context.Context) {}\n`);
    expect(modifier.diagnostics.filter((d) => d.rule === rule.id)).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
