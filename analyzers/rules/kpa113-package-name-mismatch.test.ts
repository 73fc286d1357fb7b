import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixesMatchGoldens, expectFixture, runGo } from '../../fixtures/go/harness.js';
import rule from './kpa113-package-name-mismatch.js';

describe('KPA113 package-name-mismatch', () => {
  it('reports the file whose package differs (fixtures/go/kpa113-package-mismatch)', async () => {
    const run = await expectFixture('kpa113-package-mismatch');
    expect(run.facts.go[0].name).toBe('main');
  });

  it('renames it to the package of the others', async () => {
    const { remaining } = await expectFixesMatchGoldens('kpa113-package-mismatch', rule.id);
    expect(remaining).toEqual([]);
  });

  it('ignores _test.go files and excluded files, which go build leaves out', async () => {
    const run = await runGo({
      '/ws/p/main.go': 'package main\n\ntype r struct{}\n\nvar HandlerRegisterer = r{}\n',
      '/ws/p/main_test.go': 'package main_test\n',
      '/ws/p/gen.go': '//go:build ignore\n\npackage gen\n',
    }, { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('is silent for directories without a plugin symbol', async () => {
    const run = await runGo({ '/ws/lib/a.go': 'package a\n\n// RegisterHandlers helper\n', '/ws/lib/b.go': 'package b\n' }, { only: [rule.id] });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
