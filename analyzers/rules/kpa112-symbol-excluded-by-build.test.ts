import { describe, expect, it } from 'vitest';
import { expectDocExamples, expectFixture, runGo } from '../../fixtures/go/harness.js';
import rule from './kpa112-symbol-excluded-by-build.js';
import { resolveTarget } from '../manifests/resolve-target.js';
import type { Target } from '../target.js';

function krakend(version: string): Target {
  const resolved = resolveTarget({ krakend: version });
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved.target;
}

const SYMBOL = 'type r struct{}\n\nfunc (r) RegisterModifiers(f func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)) {}\n\nvar ModifierRegisterer = r{}\n';

describe('KPA112 symbol-excluded-by-build', () => {
  it('reports symbols only declared in excluded files (fixtures/go/kpa112-excluded-by-build)', async () => {
    const run = await expectFixture('kpa112-excluded-by-build');
    expect(run.facts.go[0].files).toEqual(['/ws/kpa112-excluded-by-build/main.go']);
    expect(run.facts.plugins.get('/ws/kpa112-excluded-by-build')?.every((s) => s.loads === false)).toBe(true);
  });

  it('uses the target architecture: an _arm64 file is excluded for amd64, included for arm64', async () => {
    const files = { '/ws/p/main.go': 'package main\n\nfunc main() {}\n', '/ws/p/plugin_arm64.go': `package main\n\n${SYMBOL}` };
    const amd64 = await runGo(files, { only: [rule.id] });
    expect(amd64.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/GOARCH=arm64\), .*linux\/amd64\.$/)]);
    const arm64 = await runGo(files, { only: [rule.id], target: { goarch: 'arm64', goos: 'linux' } as never });
    expect(arm64.diagnostics).toEqual([]);
    expect(arm64.facts.plugins.get('/ws/p')?.[0].loads).toBe(true);
  });

  it('evaluates go1.N tags against the target\'s Go: go1.21 holds for KrakenD 2.7 (Go 1.22), not for 2.4 (Go 1.20)', async () => {
    const files = { '/ws/p/main.go': 'package main\n\nfunc main() {}\n', '/ws/p/plugin.go': `//go:build go1.21\n\npackage main\n\n${SYMBOL}` };
    const old = await runGo(files, { only: [rule.id], target: krakend('2.4') });
    expect(old.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('(the build constraint "go1.21" excludes it for linux/amd64 with Go 1.20)')]);
    const recent = await runGo(files, { only: [rule.id], target: krakend('2.7') });
    expect(recent.diagnostics).toEqual([]);
    const future = await runGo({ ...files, '/ws/p/plugin.go': `//go:build go1.99\n\npackage main\n\n${SYMBOL}` }, { only: [rule.id], target: krakend('2.13.8') });
    expect(future.diagnostics.map((d) => d.rule)).toEqual(['KPA112']);
  });

  it('is silent when another, included file declares the symbol', async () => {
    const run = await runGo({ '/ws/p/main.go': `package main\n\n${SYMBOL}`, '/ws/p/old_windows.go': `package main\n\n${SYMBOL}` });
    expect(run.diagnostics).toEqual([]);
  });

  it('has a doc whose ❌ example triggers it and whose ✅ example is clean', () => expectDocExamples(rule.id));
});
