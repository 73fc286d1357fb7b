/**
 * `kpa inspect --no-prefilter` on a tree large enough for worker threads (compiled CLI, dist/ built by the
 * global setup) must report exactly what the in-process engine reports (vitest runs the TypeScript, which
 * never starts workers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { PARALLEL_MIN_FILES } from '../../host/parallel-go-facts.js';
import { writePluginCorpus } from '../../bench/go-corpus.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-parallel-'));
  const dirs = writePluginCorpus(root, PARALLEL_MIN_FILES + 10, 3, 2);
  // Input problems found on a worker must reach the report too.
  writeFileSync(join(dirs[0], 'junk.go'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('worker-thread parsing', () => {
  it('gives the in-process result', async () => {
    const io = captureIO(root, {});
    expect(await main(['inspect', '--no-prefilter', '--format', 'json'], io)).toBe(0);
    const [stdout, stderr] = [io.stdoutText(), io.stderrText()];
    const spawned = spawnSync(process.execPath, [resolve('bin/kpa.js'), 'inspect', '--no-prefilter', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    expect(spawned.status).toBe(0);
    expect(JSON.parse(spawned.stdout)).toEqual(JSON.parse(stdout));
    expect(JSON.parse(stdout).packages).toHaveLength(PARALLEL_MIN_FILES + 10);
    expect(spawned.stderr).toBe(stderr);
    expect(stderr).toMatch(/junk\.go: binary file/);
  });
});
