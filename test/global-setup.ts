/**
 * Builds dist/ once before any test file runs: end-to-end tests spawn `node bin/kpa.js`, and test
 * files building it themselves in parallel would race on the same output files.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    encoding: 'utf8',
  });
  // tsc still emits when there are type errors (npm ci's `prepare` is where those fail); say so loudly.
  if (r.status !== 0) process.stderr.write(`warning: the TypeScript build reported errors:\n${r.stdout}${r.stderr}\n`);
  // Test helpers that would build dist/ themselves skip it when this is set.
  process.env.KPA_DIST_BUILT = '1';
}
