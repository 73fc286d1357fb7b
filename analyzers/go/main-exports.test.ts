import { describe, expect, it } from 'vitest';
import { exportsFromMain } from './main-exports.js';
import { mentionsPlugin } from './file-facts.js';

const main = (body: string) => `// Package doc.\npackage main\n\nimport "context"\n\n${body}\n`;

describe('exportsFromMain (the prefilter parses plugin attempts under another name)', () => {
  it('sees exported package-level vars and funcs of a main package', () => {
    expect(exportsFromMain(main('var Plugin = func(ctx context.Context, extra map[string]interface{}) {}'))).toBe(true);
    expect(exportsFromMain(main('func NewHandler(ctx context.Context) {}'))).toBe(true);
    expect(exportsFromMain(main('var (\n\tdebug = false\n\tPlugin = func() {}\n)'))).toBe(true);
    expect(exportsFromMain(main('var (\n\tA, b int\n)'))).toBe(true);
    expect(exportsFromMain(main('var Factory handlerFactory'))).toBe(true);
  });

  it('ignores what no plugin lookup sees: unexported names, methods, other packages, test functions, comments', () => {
    expect(exportsFromMain(main('var plugin = func() {}\nfunc main() {}\nfunc init() {}'))).toBe(false);
    expect(exportsFromMain(main('type T struct{}\n\nfunc (T) Serve() {}'))).toBe(false);
    expect(exportsFromMain('package handlers\n\nvar Plugin = func() {}\n')).toBe(false);
    expect(exportsFromMain('// This is not package main\npackage lib\n\nfunc Exported() {}\n')).toBe(false);
    expect(exportsFromMain(main('func TestMain(m *testing.M) {}\nfunc TestPlugin(t *testing.T) {}\nfunc BenchmarkX(b *testing.B) {}\nfunc Example() {}\nfunc FuzzY(f *testing.F) {}'))).toBe(false);
    expect(exportsFromMain(main('var (\n\tdebug = false\n\tname  = "x"\n)\n\nfunc main() {\n\tFoo()\n}'))).toBe(false);
  });

  it('ignores files no build compiles into a plugin: generators, tests, Go source held in a string', () => {
    expect(exportsFromMain('//go:build ignore\n\npackage main\n\nfunc Generate() {}\n')).toBe(false);
    expect(exportsFromMain('// +build ignore\n\npackage main\n\nfunc Generate() {}\n')).toBe(false);
    expect(exportsFromMain('package main\n\nimport (\n\t"os"\n\t"testing"\n)\n\nvar Exported = os.Args\n')).toBe(false);
    expect(exportsFromMain('package work\n\nconst src = `\npackage main\n\nfunc Exported() {}\n`\n\nfunc Run() {}\n')).toBe(false);
    expect(exportsFromMain('//go:build linux\n\npackage main\n\nfunc Exported() {}\n')).toBe(true);
  });

  it('feeds the prefilter: such a file counts as mentioning a plugin', () => {
    expect(mentionsPlugin(main('var Plugin = func() {}'))).toBe(true);
    expect(mentionsPlugin(main('func main() {}'))).toBe(false);
  });
});
