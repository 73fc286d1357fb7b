import { describe, expect, it } from 'vitest';
import type { GoFileFacts, StringExpr } from './facts.js';
import { extractFileFacts } from './file-facts.js';
import { buildPackageFacts, constMap, evalStringExpr } from './package-facts.js';
import { loadGoParser } from './parser.js';

const AMD64 = { goos: 'linux', goarch: 'amd64' };

async function pkg(files: Record<string, string>, ctx = AMD64) {
  const parser = await loadGoParser('native');
  const facts: GoFileFacts[] = Object.entries(files).map(([name, text]) => extractFileFacts(parser.parse(text), text, `/ws/p/${name}`));
  return buildPackageFacts('/ws/p', facts, ctx);
}

describe('buildPackageFacts', () => {
  it('keeps included files sorted and lists excluded ones with the reason', async () => {
    const p = await pkg({
      'z.go': 'package main\n',
      'a.go': 'package main\n',
      'a_test.go': 'package main\n',
      'b_windows.go': 'package main\n',
      'c.go': '//go:build ignore\n\npackage main\n',
    });
    expect(p.files).toEqual(['/ws/p/a.go', '/ws/p/z.go']);
    expect(p.excluded.map((e) => [e.file, e.reason])).toEqual([
      ['/ws/p/a_test.go', 'test files (_test.go) are not part of the plugin build'],
      ['/ws/p/b_windows.go', 'the file name restricts it to GOOS=windows'],
      ['/ws/p/c.go', 'the build constraint "ignore" excludes it for linux/amd64'],
    ]);
    expect(p.parsed).toBe(true);
  });

  it('records plugin symbols declared only in excluded files, and nothing else from them', async () => {
    const p = await pkg({
      'main.go': 'package main\n',
      'x_darwin.go': 'package main\n\ntype ClientRegisterer struct{}\n\nvar HandlerRegisterer = 1\n\nvar other = 2\n',
    });
    expect(p.excludedDeclarations.map((d) => [d.name, d.file])).toEqual([
      ['HandlerRegisterer', '/ws/p/x_darwin.go'],
      ['ClientRegisterer', '/ws/p/x_darwin.go'],
    ]);
    expect(p.values).toEqual([]);
  });

  it('picks the most common package name, and main on a tie, and lists the others as conflicts', async () => {
    const p = await pkg({ 'a.go': 'package lib\n', 'b.go': 'package main\n', 'c.go': 'package lib\n' });
    expect(p.name).toBe('lib');
    expect(p.nameConflicts.map((c) => [c.file, c.name])).toEqual([['/ws/p/b.go', 'main']]);
    const tie = await pkg({ 'a.go': 'package lib\n', 'b.go': 'package main\n' });
    expect(tie.name).toBe('main');
    expect(tie.nameConflicts.map((c) => c.name)).toEqual(['lib']);
  });

  it('merges declarations of all included files', async () => {
    const p = await pkg({
      'a.go': 'package main\n\nimport "context"\n\ntype r struct{}\n\nvar _ context.Context\n',
      'b.go': 'package main\n\nfunc (r) RegisterClients(f func(string)) { f(prefix + "-b") }\n\nvar ClientRegisterer = r{}\n',
      'c.go': 'package main\n\nconst prefix = "from-c"\n',
    });
    expect(p.imports.map((i) => i.path)).toEqual(['context']);
    expect(p.types.map((t) => t.name)).toEqual(['r']);
    expect(p.methods.map((m) => m.name)).toEqual(['RegisterClients']);
    expect(p.values.map((v) => v.name)).toEqual(['ClientRegisterer', 'prefix']);
    // Registered names are evaluated through constants of other files.
    expect(p.registrations.map((r) => r.name)).toEqual(['from-c-b']);
  });

  it('leaves receiver-based names for the symbol verdict to evaluate', async () => {
    const p = await pkg({ 'main.go': 'package main\n\ntype r string\n\nfunc (x r) RegisterHandlers(f func(string)) { f(string(x)) }\n' });
    expect(p.registrations.map((r) => [r.name, r.nameExpr?.kind])).toEqual([[null, 'receiver']]);
  });

  it('has no package name when no included file has one', async () => {
    const p = await pkg({ 'a.go': '' });
    expect(p.name).toBeNull();
    expect(p.nameConflicts).toEqual([]);
  });
});

describe('evalStringExpr', () => {
  const lit = (value: string): StringExpr => ({ kind: 'lit', value });
  const ref = (name: string): StringExpr => ({ kind: 'ref', name });

  it('follows references and concatenations', () => {
    const consts = constMap([
      { name: 'a', expr: lit('x') },
      { name: 'b', expr: { kind: 'concat', parts: [ref('a'), lit('-y')] } },
    ]);
    expect(evalStringExpr(ref('b'), consts)).toBe('x-y');
    expect(evalStringExpr({ kind: 'concat', parts: [{ kind: 'receiver' }, ref('b')] }, consts, lit('r-'))).toBe('r-x-y');
  });

  it('gives null for unknown references, a missing receiver and reference cycles', () => {
    const cyclic = constMap([
      { name: 'a', expr: ref('b') },
      { name: 'b', expr: ref('a') },
    ]);
    expect(evalStringExpr(ref('nope'), cyclic)).toBeNull();
    expect(evalStringExpr({ kind: 'receiver' }, cyclic)).toBeNull();
    expect(evalStringExpr(ref('a'), cyclic)).toBeNull();
    expect(evalStringExpr(null, cyclic)).toBeNull();
  });
});
