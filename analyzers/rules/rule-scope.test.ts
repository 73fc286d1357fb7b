/**
 * Rule.scope 'package' is a promise the language server relies on: it re-runs such a rule only for the
 * packages that changed and keeps the other packages' findings. Checked here on every Go fixture at once.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDiagnostics } from '../diagnostics.js';
import { computeFacts, factsOfPackage, PACKAGE_RULES, runRules } from '../engine.js';
import { loadGoParser } from '../go/parser.js';
import { resolveTarget } from '../manifests/resolve-target.js';
import { dirname, MemoryFileSource, Workspace } from '../workspace.js';
import { GO_FIXTURES, readGoFixture } from '../../fixtures/go/harness.js';
import { GO_RULES } from './go-rules.js';

describe('package-scoped rules', () => {
  it('are the Go source rules, but KPA100, which weighs recipes and configs (is a non-main package meant to be a plugin?), and KPA113, which weighs the recipe that builds the plugin from its files', () => {
    expect(PACKAGE_RULES.map((r) => r.id)).toEqual(GO_RULES.map((r) => r.id).filter((id) => id !== 'KPA100' && id !== 'KPA113'));
  });

  it('report, package by package, exactly what they report over the whole workspace, each in its own package', async () => {
    const files = new Map<string, string>();
    for (const name of readdirSync(GO_FIXTURES).filter((n) => statSync(join(GO_FIXTURES, n)).isDirectory())) {
      for (const [file, text] of readGoFixture(name)) files.set(file, text);
    }
    const resolved = resolveTarget({});
    const target = 'target' in resolved ? resolved.target : null;
    const facts = computeFacts(new Workspace('/ws', new MemoryFileSource(files)), { parser: await loadGoParser('native'), target });
    expect(facts.go.length).toBeGreaterThanOrEqual(15);

    const whole = runRules(facts, { target }, PACKAGE_RULES);
    expect(new Set(whole.map((d) => d.rule)).size).toBeGreaterThanOrEqual(12);
    const split = facts.go.flatMap((pkg) => {
      const found = runRules(factsOfPackage(facts, pkg, facts.plugins.get(pkg.dir)), { target }, PACKAGE_RULES);
      for (const d of found) expect(dirname(d.file), `${d.rule} reported outside ${pkg.dir}`).toBe(pkg.dir);
      return found;
    });
    expect(split.sort(compareDiagnostics)).toEqual(whole);
  });
});
