/**
 * Keeps the rule set honest as rules are added (typescript-eslint's index/docs tests): the family lists
 * equal the rule files, ids are unique and in their hundred, every messageId is defined and used, and
 * every rule has docs/rules/<ID>.md with the required headings. It checks whatever rules exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BINARY_RULES } from './binary-rules.js';
import { CONFIG_RULES } from './config-rules.js';
import type { Rule } from './define-rule.js';
import { GO_RULES } from './go-rules.js';
import { ALL_RULES } from './index.js';
import { INPUT_RULES } from './input-rules.js';
import { MODULE_RULES } from './module-rules.js';
import { RECIPE_RULES } from './recipe-rules.js';

const RULES_DIR = dirname(fileURLToPath(import.meta.url));
const ANALYZERS_DIR = dirname(RULES_DIR);
const DOCS_DIR = join(ANALYZERS_DIR, '..', 'docs', 'rules');

export const REQUIRED_HEADINGS = ['## Why', '## ❌ Incorrect', '## ✅ Correct', '## How to fix', '## Versions', '## When not to use it', '## Spec'];

const FAMILIES: { list: Rule[]; file: string; digit: string }[] = [
  { list: INPUT_RULES, file: 'input-rules.ts', digit: '0' },
  { list: GO_RULES, file: 'go-rules.ts', digit: '1' },
  { list: MODULE_RULES, file: 'module-rules.ts', digit: '2' },
  { list: CONFIG_RULES, file: 'config-rules.ts', digit: '3' },
  { list: BINARY_RULES, file: 'binary-rules.ts', digit: '4' },
  { list: RECIPE_RULES, file: 'recipe-rules.ts', digit: '5' },
];

const ruleFiles = readdirSync(RULES_DIR)
  .filter((f) => /^kpa\d{3}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
  .sort();

function tsFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFilesUnder(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('rule index', () => {
  it('lists exactly the rule files, each once, under the name its file carries', () => {
    expect(ALL_RULES.map((r) => `${r.id.toLowerCase()}-${r.name}.ts`).sort()).toEqual(ruleFiles);
  });

  it('has unique ids and names', () => {
    const ids = ALL_RULES.map((r) => r.id);
    const names = ALL_RULES.map((r) => r.name);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it.each(FAMILIES.map((f) => [f.file, f.digit, f.list] as const))('%s holds only KPA%s·· rules, in id order', (_file, digit, list) => {
    for (const rule of list) expect(rule.id, `${rule.id} is listed in the wrong family`).toMatch(new RegExp(`^KPA${digit}\\d\\d$`));
    expect(list.map((r) => r.id)).toEqual([...list].map((r) => r.id).sort());
  });

  it('every rule has a test beside it', () => {
    const missing = ruleFiles.filter((f) => !existsSync(join(RULES_DIR, f.replace(/\.ts$/, '.test.ts'))));
    expect(missing, 'write analyzers/rules/<file>.test.ts for these').toEqual([]);
  });
});

describe('rule messages', () => {
  const sources = tsFilesUnder(ANALYZERS_DIR).map((f) => readFileSync(f, 'utf8'));

  it.each(ALL_RULES.map((r) => [r.id, r] as const))('%s defines its messages in the user\'s words and uses each', (_id, rule) => {
    const ids = Object.keys(rule.meta.messages);
    expect(ids.length, 'a rule needs at least one message').toBeGreaterThan(0);
    for (const [messageId, template] of Object.entries(rule.meta.messages)) {
      expect(template.trim(), `${rule.id}.${messageId} is empty`).not.toBe('');
      expect(template, `${rule.id}.${messageId} must not contain its own rule id (the reporter adds it)`).not.toContain(rule.id);
      const quoted = new RegExp(`['"\`]${messageId}['"\`]`);
      expect(sources.some((s) => quoted.test(s)), `${rule.id} never reports messageId '${messageId}'`).toBe(true);
    }
  });
});

describe('rule docs', () => {
  const docFiles = existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => /^KPA\d{3}\.md$/.test(f)) : [];

  it('every doc belongs to a rule', () => {
    const ids = new Set(ALL_RULES.map((r) => `${r.id}.md`));
    expect(docFiles.filter((f) => !ids.has(f))).toEqual([]);
  });

  it.each(ALL_RULES.map((r) => [r.id, r] as const))('docs/rules/%s.md has the title, summary and required sections', (id, rule) => {
    const path = join(DOCS_DIR, `${id}.md`);
    expect(existsSync(path), `write docs/rules/${id}.md`).toBe(true);
    const text = readFileSync(path, 'utf8');
    const lines = text.split(/\r?\n/);
    expect(lines[0]).toBe(`# ${id}: ${rule.name}`);
    // The one-line summary: a single paragraph between the title and the first section.
    const firstSection = lines.findIndex((l) => l.startsWith('## '));
    const intro = lines.slice(1, firstSection).join('\n').trim();
    expect(intro, 'a summary paragraph must follow the title').not.toBe('');
    expect(intro.split(/\n\s*\n/).length, 'the summary is one paragraph').toBe(1);
    const headings = lines.filter((l) => /^##\s/.test(l)).map((l) => l.trim());
    expect(headings).toEqual(REQUIRED_HEADINGS);
    const spec = text.slice(text.indexOf('## Spec'));
    expect(spec, 'the Spec section cites the spec as `spec §x.y`').toMatch(/spec §\d+(\.\d+)*/);
    for (const section of ['## ❌ Incorrect', '## ✅ Correct']) {
      const body = text.slice(text.indexOf(section) + section.length).split(/\n## /)[0];
      expect(body, `${section} needs a code example`).toMatch(/```/);
    }
  });
});
