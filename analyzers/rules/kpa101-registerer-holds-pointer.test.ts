import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, fixAndRerun, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa101-registerer-holds-pointer.js';

const PRELUDE = `package main

type modifier struct{}

func (*modifier) RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool)) {
	f("m-request", nil, true, false)
}

type named string

func (named) RegisterHandlers(f func(string, func(map[string]interface{}) error)) {}
`;

describe('KPA101 registerer-holds-pointer', () => {
  it.each(['kpa101-holds-pointer', 'kpa101-nil-pointer-var'])('fixtures/go/%s reports exactly its wants', async (name) => {
    await expectFixture(name);
  });

  it('rewrites &T{} and new(T) to values, and the plugin then loads', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa101-holds-pointer', rule.id);
    expect(remaining).toEqual([]);
  });

  it('rewrites var X *T to var X T', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa101-nil-pointer-var', rule.id);
    expect(remaining).toEqual([]);
  });

  // A dereference (`*newModifier()`) is right for Go, but kpa does not follow its type: loads is then null.
  it.each([
    ['a call returning a pointer', 'func newModifier() *modifier { return &modifier{} }\n\nvar ModifierRegisterer = newModifier()', 'var ModifierRegisterer = *newModifier()', null],
    ['a variable holding a pointer', 'var impl = &modifier{}\n\nvar ModifierRegisterer = impl', 'var ModifierRegisterer = *impl', null],
    ['a declared pointer type with &T{}', 'var ModifierRegisterer *modifier = &modifier{}', 'var ModifierRegisterer = modifier{}', true],
    ['a pointer in a var block', 'var (\n\tModifierRegisterer = &modifier{}\n)', '\tModifierRegisterer = modifier{}', true],
  ])('fixes %s and nothing new breaks', async (_, decl, expected, loads) => {
    const run = await runGoSource(`${PRELUDE}\n${decl}\n\nfunc main() {}\n`);
    expect(run.diagnostics.map((d) => d.rule)).toEqual([rule.id]);
    const { fixed, remaining, newErrors, syntaxErrors, rerun } = await fixAndRerun(run, rule.id);
    expect(fixed.get('/ws/p/main.go')).toContain(expected);
    expect([remaining, newErrors, syntaxErrors]).toEqual([[], [], []]);
    expect(rerun.facts.plugins.get('/ws/p')?.[0].loads).toBe(loads);
  });

  it('writes *new(T) for a type that has no composite literal', async () => {
    const run = await runGoSource(`${PRELUDE}\nvar HandlerRegisterer = new(named)\n`);
    const finding = run.diagnostics.find((d) => d.rule === rule.id)!;
    expect(finding.fixes?.[0].edits[0].newText).toBe('*new(named)');
    expect(finding.message).toContain('Declare `var HandlerRegisterer = *new(named)`');
  });

  it('offers no fix when a var spec declares several names', async () => {
    const run = await runGoSource(`${PRELUDE}\nvar ModifierRegisterer, other *modifier\n`);
    const finding = run.diagnostics.find((d) => d.rule === rule.id)!;
    expect(finding.fixes).toBeUndefined();
  });

  it('does not report value receivers, pointer receivers or a declared value type', async () => {
    for (const decl of ['var ModifierRegisterer = modifier{}', 'var ModifierRegisterer modifier', 'var ModifierRegisterer = *new(modifier)']) {
      const run = await runGoSource(`${PRELUDE}\n${decl}\n`, { only: [rule.id] });
      expect(run.diagnostics, decl).toEqual([]);
    }
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
