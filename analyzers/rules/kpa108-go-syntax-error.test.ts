import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGo, runGoSource } from '../../fixtures/go/harness.js';
import rule from './kpa108-go-syntax-error.js';

const HEADER = 'package main\n\n// HandlerRegisterer is declared below, so the package is parsed.\n';

describe('KPA108 go-syntax-error', () => {
  it('reports errors and missing tokens of half-typed code (fixtures/go/kpa108-half-typed)', async () => {
    const run = await expectFixture('kpa108-half-typed');
    // The rest of the file is still analysed (the symbol and its name survive the error), but a package
    // that does not build does not load.
    expect(run.facts.plugins.get('/ws/kpa108-half-typed')?.map((s) => [s.symbol, s.loads, s.names, s.failures.map((f) => f.code)])).toEqual([
      ['HandlerRegisterer', false, ['half-typed'], ['syntax-error']],
    ]);
  });

  it('reports a //go:build line go build refuses, as go build words it, on that line', async () => {
    const symbol = 'type r struct{}\n\nfunc (r) RegisterModifiers(f func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)) {}\n\nvar ModifierRegisterer = r{}\n';
    const run = await runGo({
      '/ws/p/main.go': `package main\n\n${symbol}`,
      '/ws/p/helper.go': '// Helpers.\n\n//go:build !!linux\n\npackage main\n\nfunc helper() {}\n',
    }, { only: [rule.id] });
    expect(run.diagnostics.map((d) => [d.file, d.range.start.line, d.range.start.character, d.range.end.character, d.message])).toEqual([
      ['/ws/p/helper.go', 2, 0, 18, 'go build refuses this file ("parsing //go:build line: double negation not allowed"), so the plugin does not build. Fix the build constraint.'],
    ]);
    expect(run.facts.plugins.get('/ws/p')?.[0].loads).toBe(false);
  });

  it('reports at most ten errors per file', async () => {
    const broken = Array.from({ length: 30 }, (_, i) => `func f${i}() { x := }\n`).join('\n');
    const run = await runGoSource(`${HEADER}${broken}`, { only: [rule.id] });
    expect(run.diagnostics).toHaveLength(10);
    expect(run.facts.go[0].syntaxErrors.length).toBeGreaterThan(10);
  });

  it('does not parse, so does not report, packages that mention no plugin', async () => {
    const run = await runGo({ '/ws/lib/lib.go': 'package lib\n\nfunc broken( {\n' });
    expect(run.diagnostics).toEqual([]);
    expect(run.facts.go[0].parsed).toBe(false);
  });

  it('survives weird input without throwing: only syntax findings, each with a position', async () => {
    const inputs = ['', '\uFEFF', '}}}{{{', 'package', `${HEADER}var HandlerRegisterer = `, `${HEADER}\u0001\u0002`, `${HEADER}type r struct{\n`.repeat(50), '🚀'.repeat(1000), `${HEADER}func (r) RegisterHandlers(`];
    for (const text of inputs) {
      const run = await runGoSource(text);
      for (const d of run.diagnostics) {
        expect(['KPA108', 'KPA103', 'KPA104', 'KPA111'], JSON.stringify(text.slice(0, 40))).toContain(d.rule);
        expect(d.range.start.line).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
