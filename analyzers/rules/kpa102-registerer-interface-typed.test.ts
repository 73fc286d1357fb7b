import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa102-registerer-interface-typed.js';

const PRELUDE = `package main

type modifier struct{}

func (modifier) RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool)) {
}
`;

describe('KPA102 registerer-interface-typed', () => {
  it('reports the symbol declared with an interface type (fixtures/go/kpa102-interface-typed)', async () => {
    await expectFixture('kpa102-interface-typed');
  });

  it('drops the interface type, and the plugin then loads', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa102-interface-typed', rule.id);
    expect(remaining).toEqual([]);
  });

  it.each([
    ['interface{}', 'var ModifierRegisterer interface{} = modifier{}'],
    ['any', 'var ModifierRegisterer any = modifier{}'],
    ['an alias of an interface', 'type R = interface{ RegisterModifiers() }\n\nvar ModifierRegisterer R = modifier{}'],
    ['a defined type over a local interface', 'type I interface{}\n\ntype R I\n\nvar ModifierRegisterer R = modifier{}'],
  ])('reports %s', async (_, decl) => {
    const run = await runGoSource(`${PRELUDE}\n${decl}\n`, { only: [rule.id] });
    expect(run.diagnostics).toHaveLength(1);
    expect(run.facts.plugins.get('/ws/p')?.[0].failures.map((f) => f.code)).toEqual(['interface-typed']);
  });

  it('offers no fix for an interface-typed variable without a value', async () => {
    const run = await runGoSource(`${PRELUDE}\nvar ModifierRegisterer interface{}\n`, { only: [rule.id] });
    expect(run.diagnostics).toHaveLength(1);
    expect(run.diagnostics[0].fixes).toBeUndefined();
  });

  it('stays silent for the blank-identifier assertion idiom next to a concrete symbol', async () => {
    const run = await runGoSource(`${PRELUDE}\ntype R interface{}\n\nvar _ R = modifier{}\n\nvar ModifierRegisterer = modifier{}\n`);
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
