/**
 * `kpa inspect` over the Go standard library as a whole process, against `gofmt -l` on the same tree (issue #18
 * item 1: ≥ 20× faster, ≥ 10× the floor), with the floors beside it (`node -e 0`; reading every file kpa reads
 * without decoding) and a phase breakdown of one cold process (bench/inspect-phases.ts).
 *
 * The tree is $(go env GOROOT)/src with symbolic links resolved: on Debian it is a link, and `gofmt -l` does not
 * descend into a root that is one (it then reads nothing and returns at once). Each tool's file count is taken
 * apart from the tool (`find` for gofmt's, kpa's own walk for kpa's), and the bench fails when the reference read
 * fewer files than kpa.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDiskWorkspace } from '../host/disk-workspace.js';
import { describeSamples, KPA_BIN, loadLine, median, timeInterleaved } from './process-timing.js';

const ROUNDS = 5;
const here = dirname(fileURLToPath(import.meta.url));

function goSourceRoot(): string | null {
  try {
    return realpathSync(join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src'));
  } catch {
    return null;
  }
}

/** The files `gofmt -l <root>` reads: every `*.go` not named `.…`, in every directory (it skips none). */
function gofmtFileCount(root: string): number {
  const out = execFileSync('find', [root, '-name', '*.go', '!', '-name', '.*', '!', '-type', 'd'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).length;
}

/** The floor of any tool that looks at every byte: read each file into one reused buffer, decode nothing. */
function readWithoutDecoding(files: readonly string[]): number {
  let buffer = Buffer.allocUnsafe(1 << 20);
  const started = performance.now();
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        if (readSync(fd, buffer, 0, buffer.length, null) < buffer.length) break;
        buffer = Buffer.allocUnsafe(buffer.length * 2);
      }
    } finally {
      closeSync(fd);
    }
  }
  return performance.now() - started;
}

interface Phases {
  start: number;
  modules: number;
  walk: number;
  skim: number;
  fullReads: number;
  otherFacts: number;
  rules: number;
  output: number;
  total: number;
  files: number;
  packages: number;
  parsedPackages: number;
  parsedFiles: number;
}

function phasesOf(root: string): Phases {
  const run = spawnSync(process.execPath, [join(here, 'inspect-phases.js'), root], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`inspect-phases exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Phases;
}

export async function run(): Promise<string[]> {
  const root = goSourceRoot();
  if (!root) return ['go: not on PATH, skipped (the tree is $(go env GOROOT)/src)'];
  const out: string[] = [];
  const kpaFiles = [...loadDiskWorkspace([root], root).workspace.goPackages.values()].flat();
  const gofmtFiles = gofmtFileCount(root);
  out.push(`tree: ${root} (GOROOT/src, links resolved); gofmt -l reads ${gofmtFiles} .go files (find), kpa inspect ${kpaFiles.length} (its walk skips testdata/ and vendor/)`);
  if (gofmtFiles < kpaFiles.length) throw new Error(`the reference read fewer files than kpa: gofmt ${gofmtFiles}, kpa ${kpaFiles.length}; the comparison would be meaningless`);
  const gofmtMissing = spawnSync('gofmt', ['-l', root], { stdio: 'ignore' }).error;
  const commands = [
    { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
    { label: 'kpa inspect', command: process.execPath, args: [KPA_BIN, 'inspect', '--format', 'json', root] },
    // gofmt exits 2 over GOROOT/src: its testdata holds files that do not parse on purpose.
    ...(gofmtMissing ? [] : [{ label: 'gofmt -l', command: 'gofmt', args: ['-l', root], okCodes: [0, 2] }]),
  ];
  const floorRuns = [readWithoutDecoding(kpaFiles), readWithoutDecoding(kpaFiles), readWithoutDecoding(kpaFiles)];
  const times = timeInterleaved(commands, ROUNDS);
  const kpa = median(times.get('kpa inspect')!);
  out.push(`whole processes, median of ${ROUNDS} interleaved runs (${loadLine()}):`);
  out.push(`  node -e 0:                          ${describeSamples(times.get('node -e 0')!)}   floor: process start`);
  out.push(`  reading kpa's files, no decoding:   ${median(floorRuns).toFixed(0)} ms   floor: the bytes (in-process, page cache warm)`);
  out.push(`  kpa inspect --format json:          ${describeSamples(times.get('kpa inspect')!)}`);
  if (gofmtMissing) out.push('  gofmt: not on PATH, skipped');
  else {
    const gofmt = median(times.get('gofmt -l')!);
    out.push(`  gofmt -l:                           ${describeSamples(times.get('gofmt -l')!)}`);
    out.push(`  kpa inspect is ${(gofmt / kpa).toFixed(1)}x faster than gofmt -l (target >= 20x, floor >= 10x)`);
  }
  const runs = [phasesOf(root), phasesOf(root), phasesOf(root)];
  const p = (key: keyof Phases) => median(runs.map((r) => r[key])).toFixed(0).padStart(5);
  const r = runs[0];
  out.push(`phases of one cold process, median of ${runs.length} (bench/inspect-phases.ts):`);
  out.push(`  node start ${p('start')} ms | modules (commander, engine, rules, tree-sitter) ${p('modules')} ms | walk ${p('walk')} ms (${r.files} files, ${r.packages} packages)`);
  const prefilter = median(runs.map((r) => r.skim)) - median(floorRuns);
  out.push(`  read + prefilter ${p('skim')} ms (the read floor above, then ~${prefilter.toFixed(0)} ms of byte searches and head decoding) | full reads of the packages that mention a plugin ${p('fullReads')} ms`);
  out.push(`  parse + other facts (${r.parsedPackages} packages, ${r.parsedFiles} files parsed; modules, configs) ${p('otherFacts')} ms | rules ${p('rules')} ms | output ${p('output')} ms | total ${p('total')} ms`);
  return out;
}
