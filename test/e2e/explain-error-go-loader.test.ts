/**
 * explain-error on texts the Go runtime itself wrote: fixture plugins built with `go build -buildmode=plugin`
 * and opened by the fixture host (fixtures/binaries: plugin.Open for each of KrakenD's loaders, in turn), their
 * errors wrapped as lura's loaders log them. The workspace holds the built .so files, so kpa can name them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { explainLog } from '../../analyzers/explain-log/explain-log.js';
import { buildFixture, loadWithHost } from '../../fixtures/binaries/build-fixtures.js';
import { runAnalysis } from '../../host/run-analysis.js';

const LOADERS: Record<string, string> = { client: 'Executor Plugin', server: 'Handler Plugin', modifier: 'Modifier Plugin', middleware: 'Middleware Plugin' };

/** The host's `<file> <kind>` → error lines, as KrakenD logs them (spec §7.4), in the order the host tried them. */
function krakendLog(files: string[]): string {
  const lines: string[] = [];
  for (const [key, outcome] of loadWithHost(files)) {
    if (outcome === 'OK' || outcome === 'MISSING') continue;
    const [file, kind] = key.split(' ');
    lines.push(`2024/09/23 10:00:00 KRAKEND DEBUG: [SERVICE: ${LOADERS[kind]}] plugin #${files.indexOf(file)} (${file}): ${outcome}`);
  }
  return lines.join('\n') + '\n';
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function pluginFolder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-explain-error-go-')));
  dirs.push(dir);
  mkdirSync(join(dir, 'plugins'));
  return dir;
}

describe('explain-error on the Go loader\'s own texts', () => {
  test('two copies of one plugin: already-loaded, naming both files of the workspace\'s plugin folder', async () => {
    const dir = pluginFolder();
    const first = join(dir, 'plugins/server.so');
    const second = join(dir, 'plugins/server-copy.so');
    copyFileSync(buildFixture('server'), first);
    copyFileSync(buildFixture('server'), second);
    const log = krakendLog([first, second]);
    const { facts, diagnostics } = await runAnalysis(['.'], { cwd: dir, env: process.env });
    const { errors } = explainLog(log, { chosen: null, facts, diagnostics });
    expect(errors.map((e) => [e.cause, e.plugin, e.repeats])).toEqual([['already-loaded', second, 4]]);
    expect(errors[0].explanation).toContain('plugins/server-copy.so and plugins/server.so share the plugin path example.com/kpa-fixtures/server');
  }, 180_000);

  test('a -trimpath build: the standard package the loader names, and -trimpath in the explanation', async () => {
    const dir = pluginFolder();
    const plugin = join(dir, 'plugins/server.so');
    copyFileSync(buildFixture('server', { flags: ['-trimpath'] }), plugin);
    const { errors } = explainLog(krakendLog([plugin]), { chosen: null, facts: null, diagnostics: [] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ cause: 'go-version', plugin, repeats: 4 });
    expect(errors[0].explanation).toContain('-trimpath');
  }, 180_000);
});
