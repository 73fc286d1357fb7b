/**
 * The Neovim client (clients/neovim) in the real Neovim installed here (Debian 12: 0.7.2), headless: kpa's
 * diagnostics arrive through Neovim's LSP client, the quick fix is applied through it, the file is written.
 * Fails — never skips — when `nvim` is missing.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDist, REPO } from '../../server/stdio-client.js';
import { makePluginWorkspace, PLUGIN_WITH_POINTER, requireEditor, runEditor } from './clients-helpers.js';

const PLUGIN_DIR = join(REPO, 'clients/neovim');
let root: string;
let pluginFile: string;

beforeAll(() => {
  requireEditor('nvim', 'neovim');
  buildDist();
  ({ root, pluginFile } = makePluginWorkspace('kpa-nvim-'));
  writeFileSync(join(root, 'go.sum'), '');
  writeFileSync(join(root, 'krakend.json'), '{"version": 3}\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs one Lua script of clients/neovim/test in `nvim --headless --clean` and returns the JSON it wrote. */
async function runNeovimScript(script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const resultFile = join(root, `${script}.json`);
  const xdg = join(root, '.xdg');
  const run = await runEditor('nvim', ['--headless', '--clean', '-c', `luafile ${join(PLUGIN_DIR, 'test', script)}`], {
    cwd: root,
    timeoutMs: 50_000,
    env: { KPA_NVIM_PLUGIN: PLUGIN_DIR, KPA_RESULT: resultFile, XDG_CACHE_HOME: xdg, XDG_STATE_HOME: xdg, XDG_DATA_HOME: xdg, ...env },
  });
  expect(run.timedOut, `nvim was killed after ${run.ms} ms:\n${run.stdout}\n${run.stderr}`).toBe(false);
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`nvim exited ${run.code} without a result:\n${run.stdout}\n${run.stderr}`);
  }
  expect(result.error, `${run.stdout}\n${run.stderr}`).toBeNull();
  return result;
}

describe('Neovim (headless, the real editor)', () => {
  test('diagnostics arrive, the quick fix applies through the client, the written file is fixed and the finding is gone', async () => {
    const result = await runNeovimScript('quick-fix.lua', {
      KPA_CMD: JSON.stringify([process.execPath, join(REPO, 'bin/kpa.js'), 'lsp', '--stdio']),
      KPA_FILE: pluginFile,
    });
    expect(result.nvim).toMatch(/^0\.\d+\.\d+$/);
    expect(result.attached).toEqual(['kpa']);
    expect(result.before).toEqual([expect.objectContaining({ code: 'KPA101', lnum: 9, message: expect.stringContaining('holds a pointer') })]);
    expect(result.fix).toMatch(/HandlerRegisterer/);
    const expected = PLUGIN_WITH_POINTER.replace('var HandlerRegisterer = &registerer{}', 'var HandlerRegisterer = registerer{}');
    expect(result.text).toBe(expected);
    expect(readFileSync(pluginFile, 'utf8')).toBe(expected);
    expect(result.after).toEqual([]);
    // The client attaches to go.mod (kpa's file) and not to an arbitrary JSON file.
    expect(result.gomod_attached).toEqual(['kpa']);
    expect(result.other_json_attached).toEqual([]);
  });

  test('Neovim >= 0.11 branch: setup() registers vim.lsp.config("kpa") with the settings and enables it; root_dir filters by file name', async () => {
    const result = await runNeovimScript('native-config.lua', { KPA_ROOT: root });
    expect(result.enabled).toEqual(['kpa']);
    expect(result.cmd).toEqual(['kpa-under-test', 'lsp', '--stdio']);
    expect(result.filetypes).toEqual(expect.arrayContaining(['go', 'gomod', 'gosum', 'json']));
    expect(result.settings).toEqual({ kpa: { arch: 'arm64' } });
    expect(result.init_options).toEqual({ kpa: { arch: 'arm64' } });
    expect(result.roots).toEqual({
      'plugin/main.go': { root, language_id: 'go' },
      'go.sum': { root, language_id: 'go.sum' },
      'krakend.json': { root, language_id: 'json' },
      'package.json': { root: null, language_id: 'json' },
    });
    expect(result.runtime_cmd).toEqual(['kpa', 'lsp', '--stdio']);
  });
});
