/** The rule docs shipped with kpa (docs/rules/<ID>.md), found relative to the installed package. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let docsDir: string | null | undefined;

/** docs/rules of the package this file belongs to: works from cli/ (tests) and dist/cli/ (installed). */
export function ruleDocsDir(): string | null {
  if (docsDir !== undefined) return docsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  docsDir = null;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'docs', 'rules'))) {
      docsDir = join(dir, 'docs', 'rules');
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return docsDir;
}

export function readRuleDoc(id: string): string | undefined {
  const dir = ruleDocsDir();
  if (!dir || !/^KPA\d{3}$/.test(id)) return undefined;
  try {
    return readFileSync(join(dir, `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

export function listRuleDocs(): string[] {
  const dir = ruleDocsDir();
  if (!dir) return [];
  return readdirSync(dir).filter((f) => /^KPA\d{3}\.md$/.test(f)).map((f) => f.slice(0, -3)).sort();
}
