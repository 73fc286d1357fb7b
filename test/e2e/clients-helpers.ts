/**
 * What the editor-client tests (test/e2e/clients-*.test.ts) share: the fixture plugin, a workspace copy in a
 * temp dir, running a real editor with a hard timeout, and the VS Code extension's own dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../../server/stdio-client.js';
import { PLUGIN } from './lsp-fixtures.js';

/** A handler plugin whose registerer holds a pointer (KPA101, spec §2): KrakenD would not load it. */
export const PLUGIN_WITH_POINTER = PLUGIN;

/** A temp workspace: go.mod at the root and the fixture plugin in plugin/main.go. */
export function makePluginWorkspace(prefix: string): { root: string; pluginFile: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  mkdirSync(join(root, 'plugin'));
  writeFileSync(join(root, 'go.mod'), 'module example.com/hello\n\ngo 1.19\n');
  writeFileSync(join(root, 'plugin/main.go'), PLUGIN_WITH_POINTER);
  return { root, pluginFile: join(root, 'plugin/main.go') };
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Fails (never skips) when an editor the client tests need is not installed, naming the Debian package. */
export function requireEditor(command: string, debianPackages: string): void {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} is not installed (${r.error?.message ?? `exit ${r.status}`}); install it: apt-get install ${debianPackages}`);
  }
}

export interface EditorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs an editor in batch/headless mode; kills its whole process group (it and the kpa it started) on timeout. */
export function runEditor(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs: number }): Promise<EditorRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/**
 * clients/vscode has its own package.json and lock (vscode-languageclient, esbuild, @vscode/vsce); the root
 * install does not bring them. Installs them there with `npm ci` when they are missing or older than the lock.
 */
export function ensureVscodeClientDeps(): void {
  const dir = join(REPO, 'clients/vscode');
  const installed = join(dir, 'node_modules/.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(dir, 'package-lock.json')).mtimeMs) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm ci in clients/vscode failed:\n${r.stdout}\n${r.stderr}`);
}
