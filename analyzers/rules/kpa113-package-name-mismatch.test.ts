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

  describe('leveled by the repository\'s build recipe (issue #14 class 10)', () => {
    const dir = {
      '/ws/p/main.go': 'package main\n\ntype r struct{}\n\nfunc (r) RegisterHandlers(f func(string, func())) {}\n\nvar HandlerRegisterer = r{}\n\nfunc main() {}\n',
      '/ws/p/helper.go': 'package main\n\nconst x = 1\n',
      '/ws/p/lura_plugin.go': '// a reference copy\npackage proxy\n\ntype RequestWrapper interface{}\n',
    };
    const lint = async (recipe: Record<string, string>) =>
      (await runGo({ ...dir, ...recipe }, { only: [rule.id] })).diagnostics.map((d) => `${d.severity} ${d.file.slice(d.file.lastIndexOf('/') + 1)}:${d.range.start.line + 1} ${d.message}`);

    it('is a note when the recipe builds the plugin from files that all declare one package', async () => {
      expect(await lint({ '/ws/p/Makefile': 'all:\n\tgo build -buildmode=plugin -o x.so main.go helper.go\n' })).toEqual([
        'note lura_plugin.go:2 This file declares package proxy, but the other files of the directory declare package main, so building the directory (go build ., kpa build, go vet, gopls) fails with "found packages". The plugin itself builds: p/Makefile:2 compiles main.go helper.go alone. Move this file to its own directory if the directory is ever built as a whole.',
      ]);
    });

    it.each([
      ['builds the directory', { '/ws/p/Makefile': 'all:\n\tgo build -buildmode=plugin -o x.so .\n' }],
      ['builds the mixed files', { '/ws/build.sh': 'cd p && go build -buildmode=plugin -o x.so main.go lura_plugin.go\n' }],
      ['names a file through a variable', { '/ws/p/Makefile': 'all:\n\tgo build -buildmode=plugin -o x.so main.go $(EXTRA)\n' }],
      ['is missing', {}],
    ])('stays an error when the recipe %s', async (_what, recipe) => {
      expect((await lint(recipe)).map((l) => l.split(' ')[0])).toEqual(['error']);
    });
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
