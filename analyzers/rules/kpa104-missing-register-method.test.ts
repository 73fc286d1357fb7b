import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa104-missing-register-method.js';

const SIG = 'func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))';
const PRELUDE = 'package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n';

describe('KPA104 missing-register-method', () => {
  it('reports near-misses, missing methods and ambiguous promotion (fixtures/go/kpa104-missing-method)', async () => {
    const run = await expectFixture('kpa104-missing-method');
    const nearMiss = run.diagnostics.find((d) => d.data?.symbol === 'HandlerRegisterer')!;
    expect(nearMiss.related?.[0].message).toBe('RegisterHandler is declared here');
  });

  it('renames the near-miss, which fixes that symbol only', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa104-missing-method', rule.id);
    expect(remaining.map((r) => r.replace(/ has type[\s\S]*/, ''))).toEqual([
      '/ws/kpa104-missing-method/main.go:21:5 KPA104 [error] ClientRegisterer',
      '/ws/kpa104-missing-method/main.go:37:5 KPA104 [error] ModifierRegisterer',
    ]);
  });

  it.each([
    ['case only', 'Registerhandlers'],
    ['one letter off', 'RegisterHandlerz'],
  ])('treats a name differing by %s as a near-miss', async (_, name) => {
    const run = await runGoSource(`${PRELUDE}type r struct{}\n\nfunc (r) ${name}(f ${SIG}) {}\n\nvar HandlerRegisterer = r{}\n`, { only: [rule.id] });
    expect(run.diagnostics.map((d) => d.data?.messageId)).toEqual(['nearMiss']);
  });

  it('reports the method of another kind as missing, not as a near-miss', async () => {
    const run = await runGoSource(`${PRELUDE}type r struct{}\n\nfunc (r) RegisterClients(f func(string, func(context.Context, map[string]interface{}) (http.Handler, error))) {}\n\nvar HandlerRegisterer = r{}\n`, { only: [rule.id] });
    expect(run.diagnostics.map((d) => d.data?.messageId)).toEqual(['missing']);
    expect(run.diagnostics[0].fixes).toBeUndefined();
  });

  it('counts the shallowest promoted method and ignores a deeper one of the same name', async () => {
    const text = `${PRELUDE}type deep struct{}\n\nfunc (deep) RegisterHandlers(f func(string)) {}\n\ntype a struct{ deep }\n\ntype b struct{}\n\nfunc (*b) RegisterHandlers(f ${SIG}) {}\n\ntype r struct {\n\ta\n\tb\n}\n\nvar HandlerRegisterer = r{}\n`;
    const run = await runGoSource(text);
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.plugins.get('/ws/p')?.[0].loads).toBe(true);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
