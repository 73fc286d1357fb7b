/**
 * Compatibility engine benchmarks (issue: compatibility engine). Corpus: a deterministic (seeded) plugin
 * module whose 10,000-line go.sum mixes KrakenD 2.13.8's modules (some at other versions) with synthetic
 * ones, and a go.mod requiring them. Measures, as medians:
 *   - read + split the go.sum (the floor any tool pays),
 *   - check-plugin's diff: describe the go.sum + compare with one manifest (target < 2 ms),
 *   - kpa's positioned go.sum parse + module view + diff against one manifest,
 *   - the full matrix over the 57 releases from an existing view (target < 50 ms).
 * Each line gives the median and the best run: the machine is shared, so compare the two across runs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDescriptors, describeGoSum, krakendDescriptor } from '../analyzers/manifests/check-plugin-compare.js';
import { compatMatrix, diffAgainst, pluginModuleView } from '../analyzers/manifests/compat.js';
import { allManifests, getManifest } from '../analyzers/manifests/resolve-target.js';
import type { ModuleFacts } from '../analyzers/modules/facts.js';
import { parseGoMod } from '../analyzers/modules/go-mod.js';
import { parseGoSum } from '../analyzers/modules/go-sum.js';
import { rng } from './go-corpus.js';

const SUM_LINES = 10_000;


/** go.mod + go.sum texts for the corpus; same seed, same bytes. */
export function generateCorpus(seed = 42): { goMod: string; goSum: string } {
  const random = rng(seed);
  const manifest = getManifest('2.13.8')!;
  const hash = () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let h = 'h1:';
    for (let i = 0; i < 43; i++) h += chars[Math.floor(random() * 64)];
    return h + '=';
  };
  const modules: [string, string][] = Object.entries(manifest.modules).map(([path, version]) => [path, random() < 0.2 ? bump(version) : version]);
  for (let i = 0; modules.length * 4 < SUM_LINES; i++) modules.push([`example.com/synthetic/m${i}`, `v1.${Math.floor(random() * 20)}.${i % 10}`]);
  const sum: string[] = [];
  for (const [path, version] of modules) {
    // Each module: an older /go.mod line (as MVS leaves behind), then the selected version's two lines.
    sum.push(`${path} v0.0.1/go.mod ${hash()}`, `${path} ${version} ${hash()}`, `${path} ${version}/go.mod ${hash()}`, `${path} v0.0.2/go.mod ${hash()}`);
  }
  const goSum = sum.slice(0, SUM_LINES).join('\n') + '\n';
  const requires = modules.slice(0, 400).map(([p, v], i) => `\t${p} ${v}${i % 3 ? ' // indirect' : ''}`);
  const goMod = `module example.com/bench\n\ngo 1.25\n\nrequire (\n${requires.join('\n')}\n)\n`;
  return { goMod, goSum };
}

function bump(version: string): string {
  return version.replace(/^(v\d+\.\d+\.)(\d+)/, (_, head: string, patch: string) => `${head}${Number(patch) + 1}`);
}

/** Median and best of `runs` timed calls. On a shared machine the best is the uncontended cost. */
function median(fn: () => unknown, runs: number): { median: number; best: number } {
  for (let i = 0; i < 20; i++) fn(); // warm up the JIT (5 calls left some runs unoptimised)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0] };
}

const ms = (t: { median: number; best: number }) => `${t.median.toFixed(3)} ms (best ${t.best.toFixed(3)})`;

export async function run(): Promise<string[]> {
  const { goMod, goSum } = generateCorpus();
  const dir = mkdtempSync(join(tmpdir(), 'kpa-bench-modules-'));
  try {
    const sumFile = join(dir, 'go.sum');
    writeFileSync(sumFile, goSum);
    const manifest = getManifest('2.13.8')!;
    const manifests = allManifests();
    const { descriptor } = krakendDescriptor(manifest, 'alpine');

    const readSplit = median(() => readFileSync(sumFile, 'utf8').split('\n'), 50);
    const checkPluginDiff = median(() => {
      const plugin = describeGoSum(goSum);
      if ('error' in plugin) throw new Error(plugin.error);
      return compareDescriptors(descriptor, { go: manifest.go, libc: descriptor.libc, deps: plugin.deps });
    }, 50);
    const module = (): ModuleFacts => ({
      goModFile: '/bench/go.mod',
      dir: '/bench',
      modulePath: 'example.com/bench',
      goMod: parseGoMod('/bench/go.mod', goMod),
      goSum: parseGoSum('/bench/go.sum', goSum),
      goSumFile: '/bench/go.sum',
      readErrors: [],
    });
    const parseAndDiff = median(() => diffAgainst(pluginModuleView(module(), []), manifest), 30);
    const view = pluginModuleView(module(), []);
    const matrix = median(() => compatMatrix(view, manifests), 30);
    const diffs = diffAgainst(view, manifest).length;

    return [
      `modules: go.sum of ${SUM_LINES} lines (${goSum.length} chars), go.mod of ${goMod.split('\n').length} lines, seed 42 (load average ${loadavg()[0].toFixed(1)})`,
      `  read + split go.sum:                              ${ms(readSplit)}`,
      `  check-plugin diff vs 2.13.8 (describe + compare):  ${ms(checkPluginDiff)}   target < 2 ms`,
      `  parse go.mod+go.sum, view, diff vs 2.13.8:         ${ms(parseAndDiff)}   (${diffs} findings)`,
      `  matrix over ${manifests.length} releases (from a view):          ${ms(matrix)}   target < 50 ms`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
