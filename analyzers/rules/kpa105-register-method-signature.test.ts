import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, fixAndRerun, gofmtErrors, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa105-register-method-signature.js';

const PRELUDE = 'package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\ntype r struct{}\n\nvar HandlerRegisterer = r{}\n\n';

describe('KPA105 register-method-signature', () => {
  it.each(['kpa105-defined-func-type', 'kpa105-missing-imports'])('fixtures/go/%s reports exactly its wants', async (name) => {
    await expectFixture(name);
  });

  it('writes the signature with the file’s own import aliases', async () => {
    const { remaining, fixed } = await expectFixesMatchGoldens('kpa105-defined-func-type', rule.id);
    expect(remaining).toEqual([]);
    expect(fixed.get('/ws/kpa105-defined-func-type/main.go')).toContain('register func(string, func(ctx.Context, map[string]interface{}, nethttp.Handler) (nethttp.Handler, error))');
  });

  it('adds the imports the signature needs', async () => {
    const { remaining, fixed } = await expectFixesMatchGoldens('kpa105-missing-imports', rule.id);
    expect(remaining).toEqual([]);
    expect(fixed.get('/ws/kpa105-missing-imports/main.go')).toMatch(/import "net\/http"[\s\S]*import "context"/);
  });

  it.each([
    ['any for interface{}', 'func(name string, h func(context.Context, map[string]any, http.Handler) (http.Handler, error))'],
    ['interface{ any }', 'func(string, func(context.Context, map[string]interface{ any }, http.Handler) (http.Handler, error))'],
    ['an alias of the factory type', 'func(string, F)', 'type F = func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)'],
    ['an alias of the whole register function', 'Reg', 'type Reg = func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))'],
    ['an alias of context.Context', 'func(string, func(Ctx, map[string]interface{}, http.Handler) (http.Handler, error))', 'type Ctx = context.Context'],
  ])('accepts %s', async (_, param, prelude = '') => {
    const run = await runGoSource(`${PRELUDE}${prelude}\n\nfunc (r) RegisterHandlers(f ${param}) {}\n`);
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.plugins.get('/ws/p')?.[0].loads).toBe(true);
  });

  it.each([
    ['a defined factory type', 'func(string, F)', 'type F func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)'],
    ['a local Handler type', 'func(string, func(context.Context, map[string]interface{}, Handler) (Handler, error))', 'type Handler http.Handler'],
    ['a missing error result', 'func(string, func(context.Context, map[string]interface{}, http.Handler) http.Handler)'],
    ['swapped parameters', 'func(func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error), string)'],
    ['a variadic parameter', 'func(string, ...func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))'],
    ['map[string]string', 'func(string, func(context.Context, map[string]string, http.Handler) (http.Handler, error))'],
  ])('reports %s, and its fix parses and loads', async (_, param, prelude = '') => {
    const run = await runGoSource(`${PRELUDE}${prelude}\n\nfunc (r) RegisterHandlers(f ${param}) {}\n`);
    expect(run.diagnostics.map((d) => d.rule)).toEqual([rule.id]);
    const { fixed, remaining, newErrors, syntaxErrors, rerun } = await fixAndRerun(run, rule.id);
    expect([remaining, newErrors, syntaxErrors]).toEqual([[], [], []]);
    expect(gofmtErrors(fixed.get('/ws/p/main.go')!)).toBe('');
    expect(rerun.facts.plugins.get('/ws/p')?.[0].loads).toBe(true);
  });

  it('reports a result on the register method and fixes it away', async () => {
    const run = await runGoSource(`${PRELUDE}func (r) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) error {\n\treturn nil\n}\n`);
    expect(run.diagnostics.map((d) => d.rule)).toEqual([rule.id]);
    const { fixed, syntaxErrors } = await fixAndRerun(run, rule.id);
    expect(syntaxErrors).toEqual([]);
    expect(fixed.get('/ws/p/main.go')).toContain('(http.Handler, error))) {\n');
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
