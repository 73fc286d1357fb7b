import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa111-registerer-type-unknown.js';

describe('KPA111 registerer-type-unknown', () => {
  it('says it cannot decide, as a note, with loads null (fixtures/go/kpa111-type-unknown)', async () => {
    const run = await expectFixture('kpa111-type-unknown');
    expect(run.diagnostics.every((d) => d.severity === 'note')).toBe(true);
    expect(run.facts.plugins.get('/ws/kpa111-type-unknown')?.map((s) => s.loads)).toEqual([null, null, null]);
  });

  it('lets a decisive failure win over an unknown: a pointer from another package does not load', async () => {
    const run = await runGoSource('package main\n\nimport "example.com/x"\n\nvar HandlerRegisterer = &x.Registerer{}\n');
    expect(run.diagnostics.map((d) => d.rule)).toEqual(['KPA101']);
    expect(run.facts.plugins.get('/ws/p')?.[0].loads).toBe(false);
  });

  it('follows a local constructor, so it needs no note', async () => {
    const text = 'package main\n\ntype r struct{}\n\nfunc (r) RegisterModifiers(f func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)) {}\n\nfunc newR() r { return r{} }\n\nvar ModifierRegisterer = newR()\n';
    const run = await runGoSource(text);
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.plugins.get('/ws/p')?.[0].loads).toBe(true);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
