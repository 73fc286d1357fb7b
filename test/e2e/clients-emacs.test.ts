/**
 * The Emacs client (clients/emacs/kpa.el) in the real `emacs --batch` installed here (Debian 12: Emacs 28
 * with elpa-eglot 1.9): eglot starts kpa, and kpa's findings arrive as flymake diagnostics, with the
 * kpa-* settings applied. Fails — never skips — when `emacs` or eglot is missing.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDist, REPO } from '../../server/stdio-client.js';
import { makePluginWorkspace, requireEditor, runEditor } from './clients-helpers.js';

const EMACS_DIR = join(REPO, 'clients/emacs');
let root: string;

beforeAll(() => {
  requireEditor('emacs', 'emacs-nox elpa-eglot');
  buildDist();
  ({ root } = makePluginWorkspace('kpa-emacs-'));
  // A config KrakenD would refuse (KPA301), to see kpa's JSON side in kpa-krakend-json-mode.
  writeFileSync(join(root, 'krakend.json'), '{\n  "version": 3,\n  "endpoints": [\n');
  // One repository, so project.el (and eglot) sees one project for both files.
  execFileSync('git', ['init', '-q'], { cwd: root });
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Seen {
  file: string;
  mode: string;
  managed: boolean;
  server: string;
  waited: boolean;
  findings: { line: number; type: string; text: string }[];
}

describe('Emacs (batch, eglot + flymake, the real editor)', () => {
  test('kpa findings arrive through eglot as flymake diagnostics for the plugin and for krakend.json', async () => {
    const run = await runEditor('emacs', ['--batch', '-Q', '-l', join(EMACS_DIR, 'test/flymake-diagnostics.el')], {
      cwd: root,
      timeoutMs: 55_000,
      env: {
        KPA_EMACS_DIR: EMACS_DIR,
        KPA_ROOT: root,
        KPA_CMD: JSON.stringify([process.execPath, join(REPO, 'bin/kpa.js'), 'lsp', '--stdio']),
        HOME: join(root, '.home'),
      },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.timedOut, `emacs was killed after ${run.ms} ms:\n${output}`).toBe(false);
    const line = output.split('\n').find((l) => l.startsWith('KPA-RESULT '));
    expect(line, output).toBeDefined();
    const result = JSON.parse(line!.slice('KPA-RESULT '.length)) as { error?: string; emacs: string; go: Seen; config: Seen; servers: number };
    expect(result.error, output).toBeUndefined();
    expect(result.emacs).toMatch(/^\d+\.\d+/);

    expect(result.go).toMatchObject({ mode: 'go-mode', managed: true, server: 'kpa', waited: true });
    expect(result.go.findings).toEqual([{ line: 10, type: 'eglot-error', text: expect.stringMatching(/^kpa \[KPA101\]: HandlerRegisterer holds a pointer/) }]);

    // kpa-rules lowered KPA301 to a note: the settings reached the server as initializationOptions.
    expect(result.config).toMatchObject({ mode: 'kpa-krakend-json-mode', managed: true, server: 'kpa', waited: true });
    expect(result.config.findings).toEqual([{ line: 3, type: 'eglot-note', text: expect.stringMatching(/^kpa \[KPA301\]: .*not valid JSON/) }]);
    expect(result.servers).toBe(1);
  });

  test('kpa.el byte-compiles without warnings', async () => {
    const out = join(root, 'kpa.elc');
    const run = await runEditor(
      'emacs',
      ['--batch', '-Q', '-L', EMACS_DIR, '--eval', `(progn (setq byte-compile-dest-file-function (lambda (_) ${JSON.stringify(out)})) (setq byte-compile-error-on-warn t) (kill-emacs (if (byte-compile-file ${JSON.stringify(join(EMACS_DIR, 'kpa.el'))}) 0 1)))`],
      { cwd: root, timeoutMs: 30_000, env: { HOME: join(root, '.home') } },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  });
});
