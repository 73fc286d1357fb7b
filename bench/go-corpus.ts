/**
 * Deterministic corpus of generated plugin packages for benchmarks: the same seed writes the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A seeded generator (an LCG): the same seed gives the same corpus, run after run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KINDS = [
  { symbol: 'HandlerRegisterer', method: 'RegisterHandlers', param: 'func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))' },
  { symbol: 'ClientRegisterer', method: 'RegisterClients', param: 'func(string, func(context.Context, map[string]interface{}) (http.Handler, error))' },
  { symbol: 'ModifierRegisterer', method: 'RegisterModifiers', param: 'func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool)' },
];

/** One plugin package of roughly `helpers` extra functions; some variants are broken on purpose. */
export function pluginSource(index: number, helpers: number, random: () => number): string {
  const kind = KINDS[index % KINDS.length];
  const pointer = random() < 0.2 ? '&' : '';
  const lines = [
    'package main',
    '',
    'import (',
    '\t"context"',
    '\t"fmt"',
    '\t"net/http"',
    ')',
    '',
    `const pluginName = "plugin-${index}"`,
    '',
    `var ${kind.symbol} = ${pointer}registerer{}`,
    '',
    'type registerer struct{}',
    '',
    `func (r registerer) ${kind.method}(f ${kind.param}) {`,
    '\t_ = fmt.Sprint(pluginName)',
    '}',
    '',
    'func (registerer) RegisterLogger(v interface{}) {}',
    '',
    'var _ = context.Background',
    'var _ = http.StatusOK',
    '',
  ];
  for (let h = 0; h < helpers; h++) {
    lines.push(`func helper${h}(ctx context.Context, in map[string]interface{}) (map[string]interface{}, error) {`);
    lines.push(`\tout := make(map[string]interface{}, len(in)+${h})`);
    lines.push('\tfor k, v := range in {');
    lines.push(`\t\tif k == "skip-${h}" {`);
    lines.push('\t\t\tcontinue');
    lines.push('\t\t}');
    lines.push('\t\tout[k] = v');
    lines.push('\t}');
    lines.push(`\treturn out, ctx.Err()`);
    lines.push('}');
    lines.push('');
  }
  lines.push('func main() {}', '');
  return lines.join('\n');
}

/** Writes `count` plugin packages under `root`, each with a go.mod; returns their directories. */
export function writePluginCorpus(root: string, count: number, seed = 1, helpers = 10): string[] {
  const random = rng(seed);
  const dirs: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `plugin-${String(i).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), `module example.com/plugin-${i}\n\ngo 1.19\n`);
    writeFileSync(join(dir, 'main.go'), pluginSource(i, helpers, random));
    dirs.push(dir);
  }
  return dirs;
}
