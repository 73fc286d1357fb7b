/**
 * Rule.needs is checked, not trusted: every rule runs over every fixture workspace of the repo with facts
 * that record which of their fields it reads (directly, through helpers, or through what the analysis
 * context derives for it). A rule may read only the kinds it declares, and must read each of them on
 * some fixture.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFacts, runRules } from '../engine.js';
import type { EngineFacts } from '../facts.js';
import { loadGoParser } from '../go/parser.js';
import { resolveTarget } from '../manifests/resolve-target.js';
import type { Target } from '../target.js';
import { BytesFileSource, Workspace } from '../workspace.js';
import { buildFixture, PLUGIN_FIXTURES } from '../../fixtures/binaries/build-fixtures.js';
import type { RuleNeed } from './define-rule.js';
import { ALL_RULES } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));

/** Which kind each field of the facts belongs to; a new field fails to compile until it is listed. */
const KIND_OF_FIELD: Record<keyof EngineFacts, RuleNeed | null> = {
  root: null,
  go: 'go',
  plugins: 'go',
  modules: 'modules',
  configs: 'config',
  binaries: 'binary',
  recipes: 'recipes',
  inputProblems: 'input',
};

/** Every case folder of the fixture groups whose folders are workspaces (the rest hold test code only). */
const GROUPS = ['go', 'modules', 'config', 'workspaces', 'bad-input', 'build', 'binaries', 'recipes'];

function caseFolders(): string[] {
  const folders = GROUPS.flatMap((group) =>
    readdirSync(join(FIXTURES, group))
      .filter((name) => statSync(join(FIXTURES, group, name)).isDirectory())
      .map((name) => join(FIXTURES, group, name)),
  );
  return [...folders, join(FIXTURES, 'example-plugin')];
}

function readFolder(folder: string, root: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(`${root}/${relative(folder, path)}`, readFileSync(path));
    }
  };
  walk(folder);
  return files;
}

/** Facts whose reads are recorded, by kind. */
function recording(facts: EngineFacts, reads: Set<RuleNeed>): EngineFacts {
  return new Proxy(facts, {
    get(target, field, receiver) {
      const kind = KIND_OF_FIELD[field as keyof EngineFacts];
      if (kind) reads.add(kind);
      return Reflect.get(target, field, receiver);
    },
  });
}

describe('rule needs', () => {
  const workspaces: { name: string; facts: EngineFacts }[] = [];
  let target: Target;

  beforeAll(async () => {
    const resolved = resolveTarget({});
    if ('error' in resolved) throw new Error(resolved.error);
    target = resolved.target;
    const parser = await loadGoParser('native');
    for (const folder of caseFolders()) {
      const ws = new Workspace('/ws', new BytesFileSource(readFolder(folder, '/ws')));
      workspaces.push({ name: relative(FIXTURES, folder), facts: computeFacts(ws, { parser, target }) });
    }
    // Built plugins beside a .so that is not one, for the binary rules, and a Go file that is not text (KPA001).
    const built = new Map<string, Uint8Array>(PLUGIN_FIXTURES.map((name) => [`/ws/plugins/${name}.so`, readFileSync(buildFixture(name))]));
    built.set('/ws/plugins/junk.so', new TextEncoder().encode('not an ELF file'));
    built.set('/ws/bad/main.go', new Uint8Array([0x70, 0x61, 0x63, 0x6b, 0, 0x61, 0x67, 0x65]));
    workspaces.push({ name: 'built plugins', facts: computeFacts(new Workspace('/ws', new BytesFileSource(built)), { parser, target }) });
  }, 300_000);

  function readsOf(rule: (typeof ALL_RULES)[number]): Map<RuleNeed, string> {
    const firstReadIn = new Map<RuleNeed, string>();
    for (const { name, facts } of workspaces) {
      const reads = new Set<RuleNeed>();
      // A fresh analysis context per run, so what the rule derives is derived from the recording facts.
      runRules(recording(facts, reads), { target }, [rule]);
      for (const kind of reads) if (!firstReadIn.has(kind)) firstReadIn.set(kind, name);
    }
    return firstReadIn;
  }

  it('found the fixture workspaces, with facts of every kind', () => {
    expect(workspaces.length).toBeGreaterThan(50);
    expect(workspaces.some((w) => w.facts.go.length && w.facts.modules.length && w.facts.configs.length)).toBe(true);
    expect(workspaces.some((w) => w.facts.binaries.some((b) => b.kind === 'plugin'))).toBe(true);
    expect(workspaces.some((w) => w.facts.inputProblems.length)).toBe(true);
  });

  it.each(ALL_RULES.map((r) => [r.id, r] as const))('%s reads exactly the facts it declares in needs', (_id, rule) => {
    const reads = readsOf(rule);
    const undeclared = [...reads].filter(([kind]) => !rule.needs.includes(kind)).map(([kind, where]) => `${kind} (read on ${where})`);
    expect(undeclared, `${rule.id} reads facts its needs do not declare`).toEqual([]);
    const unread = rule.needs.filter((kind) => !reads.has(kind));
    expect(unread, `${rule.id} declares needs it never reads over the fixtures`).toEqual([]);
  });
});
