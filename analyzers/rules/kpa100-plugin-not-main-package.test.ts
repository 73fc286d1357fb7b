import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, runGo } from '../../fixtures/go/harness.js';
import rule from './kpa100-plugin-not-main-package.js';

describe('KPA100 plugin-not-main-package', () => {
  it('reports the package clause of the file declaring the symbol (fixtures/go/kpa100-not-main)', async () => {
    const run = await expectFixture('kpa100-not-main');
    const [finding] = run.diagnostics.filter((d) => d.rule === rule.id);
    expect(finding.severity).toBe('error');
    expect(finding.range).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 18 } });
    expect(run.facts.plugins.get('/ws/kpa100-not-main')?.[0].loads).toBe(false);
  });

  it('renames the package in every file of the directory, so it builds as one package', async () => {
    const { remaining, fixed } = await expectFixesMatchGoldens('kpa100-not-main', rule.id);
    expect(remaining).toEqual([]);
    expect([...fixed].filter(([file]) => file.endsWith('.go')).every(([, text]) => text.startsWith('package main'))).toBe(true);
  });

  it('stays silent on library packages that declare no plugin symbol', async () => {
    const run = await runGo({ '/ws/lib/lib.go': 'package lib\n\n// RegisterHandlers is a helper, not a plugin.\nfunc RegisterHandlers() {}\n' });
    expect(run.diagnostics).toEqual([]);
  });

  it('only notes a library package nothing builds as a plugin (a plugin kit other plugins import)', async () => {
    const kit = 'package kit\n\ntype ModifierRegisterer struct{ Name string }\n\nfunc (r ModifierRegisterer) RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool)) {\n}\n';
    const run = await runGo({ '/ws/kit/kit.go': kit });
    expect(run.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['KPA100', 'note']]);
    const built = await runGo({ '/ws/kit/kit.go': kit, '/ws/kit/Makefile': 'all:\n\tgo build -buildmode=plugin -o kit.so .\n' });
    expect(built.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toContain('KPA100');
  });

  it('reports once per symbol, at the file declaring it', async () => {
    const run = await runGo({
      '/ws/p/a.go': 'package lib\n\ntype r struct{}\n\nvar HandlerRegisterer = r{}\n',
      '/ws/p/b.go': 'package lib\n\nvar ClientRegisterer = r{}\n',
    }, { only: [rule.id] });
    expect(run.diagnostics.map((d) => [d.file, d.data?.symbol])).toEqual([
      ['/ws/p/a.go', 'HandlerRegisterer'],
      ['/ws/p/b.go', 'ClientRegisterer'],
    ]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
