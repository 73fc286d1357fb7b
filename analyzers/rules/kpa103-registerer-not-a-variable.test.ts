import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa103-registerer-not-a-variable.js';

describe('KPA103 registerer-not-a-variable', () => {
  it('reports functions, constants and types named like a symbol (fixtures/go/kpa103-not-a-variable)', async () => {
    const run = await expectFixture('kpa103-not-a-variable');
    expect(run.facts.plugins.get('/ws/kpa103-not-a-variable')?.map((s) => [s.symbol, s.declKind, s.loads])).toEqual([
      ['HandlerRegisterer', 'func', false],
      ['ClientRegisterer', 'const', false],
      ['ModifierRegisterer', 'type', false],
    ]);
  });

  it('reports a function for the Enterprise middleware symbol with the middleware loader text', async () => {
    const run = await runGoSource('package main\n\nfunc MiddlewareRegisterer() {}\n', { only: [rule.id] });
    expect(run.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('"middleware plugin loader: unknown type"')]);
  });

  it('does not report a method named like a symbol: only package-level names count', async () => {
    const run = await runGoSource('package main\n\ntype r struct{}\n\nfunc (r) HandlerRegisterer() {}\n', { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
