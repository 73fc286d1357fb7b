import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa110-modifier-both-directions.js';

const modifier = (calls: string) => `package main

type m struct{}

func (m) RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool)) {
	${calls}
}

var ModifierRegisterer = m{}
`;

describe('KPA110 modifier-both-directions', () => {
  it('reports a name registered with both flags true (fixtures/go/kpa110-modifier-both)', async () => {
    const run = await expectFixture('kpa110-modifier-both');
    expect(run.diagnostics[0].severity).toBe('warning');
    expect(run.diagnostics[0].data?.name).toBe('both-ways');
  });

  it('names a dynamic registration by its expression', async () => {
    const run = await runGoSource(modifier('for _, n := range []string{"a"} {\n\t\tf(n, nil, true, true)\n\t}'), { only: [rule.id] });
    expect(run.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^n is registered for both/)]);
  });

  it('is silent when the flags are not both literal true', async () => {
    const run = await runGoSource(modifier('req, resp := true, true\n\tf("x", nil, req, resp)\n\tf("y", nil, false, false)'), { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
