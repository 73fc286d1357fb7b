/**
 * The layers of kpa (issue #13), lowest first: analyzers/ ← host/ ← builder/ ← server/ ← cli/. A
 * production file imports its own layer or lower ones only, and no two files import each other,
 * directly or around a loop. import-graph.ts reads the imports (with the TypeScript parser) and says
 * what counts; this test holds the rules and the few allowed exceptions, each with its reason.
 * analyzers/purity.test.ts keeps the engine free of Node and LSP; this keeps the rest in order.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildImportGraph,
  cyclicComponents,
  cycles,
  formatCycle,
  formatUpward,
  productionSources,
  readImports,
  upwardImports,
  type ImportGraph,
} from './import-graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Cycles made only of type-only imports that may stay for a while. Type-only imports count for cycles
 * (import-graph.ts says why); an entry allows exactly that set of files, and only while no runtime
 * import closes a loop among them. None is needed: the last one, analyzers/config/facts.ts ↔
 * plugin-folder.ts, went when PluginFolderFact moved into facts.ts.
 */
const ALLOWED_TYPE_CYCLES: { files: string[]; reason: string }[] = [];

/**
 * Dynamic imports whose module is not a literal, e.g. `const m = '../builder/run.js'; import(m)` (how
 * server/commands.ts once probed for the builder, out of sight of tsc and of bundlers). `target` is
 * the string constant's value when the reader resolved it (the edge then counts for layers and cycles
 * like any other), else the argument as written. None is needed today.
 */
const ALLOWED_NON_LITERAL_IMPORTS: { file: string; target: string; reason: string }[] = [];

function cycleLines(graph: ImportGraph, allowed: typeof ALLOWED_TYPE_CYCLES): { files: number; lines: string[] } {
  const runtime = cyclicComponents(graph, { typeOnly: false }).flat();
  const runtimeSet = new Set(runtime);
  const offending = cyclicComponents(graph).filter((comp) => {
    const key = comp.join('\0');
    const listed = allowed.some((a) => [...a.files].sort().join('\0') === key);
    return !listed || comp.some((f) => runtimeSet.has(f));
  });
  const members = new Set(offending.flat());
  const runtimeEdges = new Set(graph.edges.filter((e) => !e.typeOnly).map((e) => `${e.from}\0${e.to}`));
  const lines = cycles(graph)
    .filter((c) => members.has(c[0]))
    .map((c) => {
      const typeOnly = c.slice(1).map((to, i) => [c[i], to]).filter(([a, b]) => !runtimeEdges.has(`${a}\0${b}`));
      return formatCycle(c) + (typeOnly.length ? `   (type-only: ${typeOnly.map(([a, b]) => `${a} → ${b}`).join(', ')})` : '');
    });
  return { files: members.size, lines };
}

function nonLiteralImports(graph: ImportGraph, allowed: typeof ALLOWED_NON_LITERAL_IMPORTS): string[] {
  const ok = (file: string, target: string): boolean => allowed.some((a) => a.file === file && a.target === target);
  return [
    ...graph.edges
      .filter((e) => e.kind === 'dynamic-const' && !ok(e.from, e.specifier))
      .map((e) => `${e.from}:${e.line} import(${e.via}) hides an import of ${e.to}`),
    ...graph.opaque.filter((o) => !ok(o.file, o.text)).map((o) => `${o.file}:${o.line} ${o.text} imports a module nobody can see`),
  ];
}

describe('layers and import cycles of the production source', () => {
  const graph = buildImportGraph(ROOT);

  it('finds the production sources and resolves every relative import', () => {
    expect(graph.files.length).toBeGreaterThan(100);
    expect(graph.edges.length).toBeGreaterThan(300);
    expect(graph.files.some((f) => f.endsWith('.test.ts') || f.includes('/testing/'))).toBe(false);
    expect(graph.missing.map((m) => `${m.file}:${m.line} '${m.specifier}'`), 'relative imports naming no file').toEqual([]);
  });

  it('has no import cycle between files', () => {
    const { files, lines } = cycleLines(graph, ALLOWED_TYPE_CYCLES);
    expect(lines, `${files} files are in import cycles; break each loop below (shortest cycle through each file)`).toEqual([]);
  });

  it('imports only from its own layer or a lower one (analyzers ← host ← builder ← server ← cli)', () => {
    const lines = upwardImports(graph).map(formatUpward);
    expect(lines, `${lines.length} upward imports`).toEqual([]);
  });

  it('names the module of every dynamic import, or says why not', () => {
    expect(nonLiteralImports(graph, ALLOWED_NON_LITERAL_IMPORTS), 'dynamic imports of a non-literal module').toEqual([]);
  });
});

describe('import-graph on a synthetic tree', () => {
  const write = (root: string, files: Record<string, string>): void => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };
  const withTree = (files: Record<string, string>, fn: (root: string) => void): void => {
    const root = mkdtempSync(join(tmpdir(), 'kpa-layers-'));
    try {
      write(root, files);
      fn(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it('reads every kind of import with the TypeScript parser', () => {
    const opaque: string[] = [];
    const text = [
      "import { a } from './a.js';",
      "import type { T } from './t.js';",
      "import { type U, type V } from './uv.js';",
      "import { type W, w } from './w.js';",
      "import './side-effect.js';",
      "export { x } from './x.js';",
      "export type { Y } from './y.js';",
      "export * from './star.js';",
      "import fs from 'node:fs';",
      "// import { fake } from './comment.js';",
      "const s = \"import { fake } from './string.js'\";",
      "type Z = import('./z.js').Z;",
      "async function f(name: string) {",
      "  const lazy = './lazy.js';",
      "  await import('./dyn.js');",
      "  await import(lazy);",
      "  await import(`./tpl.js`);",
      "  await import(name);",
      "  require('./req.js');",
      "  new Worker(new URL('./worker.js', import.meta.url));",
      "  new URL('./data.json', import.meta.url);",
      "}",
    ].join('\n');
    const got = readImports('m.ts', text, (line, t) => opaque.push(`${line} ${t}`)).map((i) => `${i.specifier} ${i.kind}${i.typeOnly ? ' typeOnly' : ''}`);
    expect(got).toEqual([
      './a.js static',
      './t.js type typeOnly',
      './uv.js type typeOnly',
      './w.js static',
      './side-effect.js static',
      './x.js reexport',
      './y.js type typeOnly',
      './star.js reexport',
      'node:fs static',
      './z.js type typeOnly',
      './dyn.js dynamic',
      './lazy.js dynamic-const',
      './tpl.js dynamic',
      './req.js require',
      './worker.js worker-url',
    ]);
    expect(opaque).toEqual(['18 import(name)']);
  });

  it('finds a → b → a, a three-file loop, and an upward import, and skips tests and helpers', () => {
    withTree(
      {
        'analyzers/a.ts': "import { b } from './b.js';\nexport const a = 1;\n",
        'analyzers/b.ts': "import type { A } from './a.js';\nexport const b = 2;\n",
        'analyzers/up.ts': "import { c } from '../cli/c.js';\nimport { h } from '../test/helper.js';\n",
        'analyzers/a.test.ts': "import { c } from '../cli/c.js';\n",
        'analyzers/config/testing.ts': "import { c } from '../../cli/c.js';\n",
        'builder/testing/fake.ts': "import { c } from '../../cli/c.js';\n",
        'host/h.ts': "const target = '../server/s.js';\nexport async function f() { return import(target); }\n",
        'server/s.ts': "import { c } from '../cli/c.js';\nexport async function g(n: string) { return import('../cli/' + n); }\n",
        'cli/c.ts': "import '../server/s.js';\nexport * from '../analyzers/a.js';\n",
        'builder/p.ts': "import { q } from './q.js';\n",
        'builder/q.ts': "import { r } from './r.js';\n",
        'builder/r.ts': "import { p } from './p.js';\n",
        'test/helper.ts': "import { c } from '../cli/c.js';\n",
      },
      (root) => {
        expect(productionSources(root)).toEqual([
          'analyzers/a.ts', 'analyzers/b.ts', 'analyzers/up.ts', 'builder/p.ts', 'builder/q.ts', 'builder/r.ts',
          'cli/c.ts', 'host/h.ts', 'server/s.ts',
        ]);
        const graph = buildImportGraph(root);
        expect(graph.missing).toEqual([]);
        expect(cyclicComponents(graph)).toEqual([
          ['builder/p.ts', 'builder/q.ts', 'builder/r.ts'],
          ['analyzers/a.ts', 'analyzers/b.ts'],
          ['cli/c.ts', 'server/s.ts'],
        ]);
        expect(cyclicComponents(graph, { typeOnly: false })).toEqual([
          ['builder/p.ts', 'builder/q.ts', 'builder/r.ts'],
          ['cli/c.ts', 'server/s.ts'],
        ]);
        expect(cycles(graph).map(formatCycle)).toEqual([
          'builder/p.ts → builder/q.ts → builder/r.ts → builder/p.ts',
          'analyzers/a.ts → analyzers/b.ts → analyzers/a.ts',
          'cli/c.ts → server/s.ts → cli/c.ts',
        ]);
        expect(upwardImports(graph).map(formatUpward)).toEqual([
          'analyzers/up.ts imports cli/c.ts (layer cli above layer analyzers) [line 1]',
          'analyzers/up.ts imports test/helper.ts (test or tooling code, above every layer) [line 2]',
          "host/h.ts imports server/s.ts (layer server above layer host) [line 2, import() of const target = '../server/s.js']",
          'server/s.ts imports cli/c.ts (layer cli above layer server) [line 1]',
        ]);
        expect(graph.opaque).toEqual([{ file: 'server/s.ts', line: 2, text: "import('../cli/' + n)" }]);

        // The checks the real tree gets: an allowed type cycle stays allowed only while it is type-only.
        const allowAB = [{ files: ['analyzers/b.ts', 'analyzers/a.ts'], reason: 'test' }];
        expect(cycleLines(graph, allowAB)).toEqual({
          files: 5,
          lines: ['builder/p.ts → builder/q.ts → builder/r.ts → builder/p.ts', 'cli/c.ts → server/s.ts → cli/c.ts'],
        });
        expect(cycleLines(graph, []).lines).toContain('analyzers/a.ts → analyzers/b.ts → analyzers/a.ts   (type-only: analyzers/b.ts → analyzers/a.ts)');
        expect(nonLiteralImports(graph, [])).toEqual([
          "host/h.ts:2 import(target = '../server/s.js') hides an import of server/s.ts",
          "server/s.ts:2 import('../cli/' + n) imports a module nobody can see",
        ]);
        expect(nonLiteralImports(graph, [{ file: 'host/h.ts', target: '../server/s.js', reason: 'test' }])).toHaveLength(1);
      },
    );
  });
});
