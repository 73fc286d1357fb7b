import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa107-misspelled-plugin-symbol.js';

const TYPE = 'type r struct{}\n';

describe('KPA107 misspelled-plugin-symbol', () => {
  it('reports misspelled and unexported symbols (fixtures/go/kpa107-misspelled-symbol)', async () => {
    const run = await expectFixture('kpa107-misspelled-symbol');
    // No symbol is declared, so the package has no plugin facts at all.
    expect(run.facts.plugins.get('/ws/kpa107-misspelled-symbol')).toBeUndefined();
  });

  it('renames them to the exact symbols, which then load', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa107-misspelled-symbol', rule.id);
    expect(remaining).toEqual([]);
  });

  it.each(['HandlersRegisterer', 'ModifiersRegisterer', 'middlewareRegisterer', 'CLIENTREGISTERER'])('reports %s', async (name) => {
    const run = await runGoSource(`package main\n\n${TYPE}\nvar ${name} = r{}\n`, { only: [rule.id] });
    expect(run.diagnostics).toHaveLength(1);
  });

  it.each([
    ['an unrelated name', 'package main\n\nvar registry = map[string]int{}\n'],
    ['a near-miss next to the exact symbol', `package main\n\n${TYPE}\nvar HandlerRegisterer = r{}\n\nvar handlerRegisterer = r{}\n`],
    ['a near-miss outside package main', `package lib\n\n${TYPE}\nvar HandlersRegisterer = r{}\n`],
    ['a function with a near-miss name', 'package main\n\nfunc HandlersRegisterer() {}\n'],
  ])('is silent for %s', async (_, text) => {
    const run = await runGoSource(text, { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
