/**
 * Prints the architecture numbers of a checkout: files in import cycles, the cycles, the upward
 * imports, and the size of the big front-end files. For before/after notes on issue #13:
 *
 *   git archive 897df44 | (mkdir -p /tmp/kpa-before && tar -x -C /tmp/kpa-before)
 *   npx tsc --outDir /tmp/kpa-arch --module nodenext --moduleResolution nodenext --target es2022 \
 *     --skipLibCheck --types node test/architecture/report.ts
 *   ln -sfn "$PWD/node_modules" /tmp/kpa-arch/node_modules
 *   node /tmp/kpa-arch/report.js /tmp/kpa-before     # or . for the working tree
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildImportGraph, cyclicComponents, cycles, formatCycle, formatUpward, upwardImports } from './import-graph.js';

export const SIZED_FILES = ['cli/commands/lint.ts', 'cli/commands/build.ts', 'server/server.ts'];

export function architectureReport(root: string, sized: string[] = SIZED_FILES): string {
  const graph = buildImportGraph(root);
  const lines: string[] = [];
  const say = (s = ''): void => void lines.push(s);
  say(`production source files: ${graph.files.length}, relative imports: ${graph.edges.length} (${graph.edges.filter((e) => e.typeOnly).length} type-only)`);

  for (const typeOnly of [true, false]) {
    const comps = cyclicComponents(graph, { typeOnly });
    const label = typeOnly ? 'counting type-only imports' : 'runtime imports only';
    say();
    say(`files in import cycles (${label}): ${comps.reduce((n, c) => n + c.length, 0)} in ${comps.length} strongly connected component(s)`);
    comps.forEach((c, i) => say(`  component ${i + 1} (${c.length} files): ${c.join(', ')}`));
    const list = cycles(graph, { typeOnly });
    say(`  cycles (shortest through each file): ${list.length}`);
    for (const c of list) say(`    ${formatCycle(c)}`);
  }

  const up = upwardImports(graph);
  say();
  say(`upward imports: ${up.length}`);
  for (const u of up) say(`  ${formatUpward(u)}`);

  if (graph.opaque.length) {
    say();
    say(`dynamic imports of an unknown module: ${graph.opaque.length}`);
    for (const o of graph.opaque) say(`  ${o.file}:${o.line} ${o.text}`);
  }
  const hidden = graph.edges.filter((e) => e.kind === 'dynamic-const');
  if (hidden.length) {
    say();
    say(`dynamic imports through a string constant (resolved, counted above): ${hidden.length}`);
    for (const e of hidden) say(`  ${e.from}:${e.line} import(${e.via}) → ${e.to}`);
  }
  if (graph.missing.length) {
    say();
    say(`relative imports naming no file: ${graph.missing.length}`);
    for (const m of graph.missing) say(`  ${m.file}:${m.line} '${m.specifier}'`);
  }

  say();
  say('lines (wc -l):');
  for (const f of sized) {
    const p = posix.join(root, f);
    say(`  ${existsSync(p) ? String(readFileSync(p, 'utf8').split('\n').length - 1).padStart(5) : '    -'} ${f}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${architectureReport(process.argv[2] ?? '.')}\n`);
}
