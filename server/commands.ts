/** Commands the server runs for the editor: the plugin build (code lens) and shell fixes (`go get m@v`). */
import { spawn } from 'node:child_process';
import type { Target } from '../analyzers/target.js';

/** Whether the builder is part of this build (builder/run.ts); without it the build lens is not offered. */
export async function buildAvailable(): Promise<boolean> {
  const builder = '../builder/run.js';
  try {
    const mod = (await import(builder)) as { runBuild?: unknown };
    return typeof mod.runBuild === 'function';
  } catch {
    return false;
  }
}

/** Runs `kpa build <dir>` for the target in-process (the CLI command owns the build), streaming its lines. */
export async function runBuildCommand(
  dir: string,
  target: Target,
  env: Record<string, string | undefined>,
  onLine: (line: string) => void,
): Promise<number> {
  const { main } = await import('../cli/main.js');
  const { krakend, flavour, arch } = target.spec;
  const lines = lineSplitter(onLine);
  const code = await main(['build', dir, '--krakend', krakend, '--flavour', flavour, '--arch', arch], {
    stdout: lines.push,
    stderr: lines.push,
    cwd: dir,
    env,
    isTTY: false,
    stderrIsTTY: false,
  });
  lines.flush();
  return code;
}

export function runShellCommand(command: string, cwd: string, env: Record<string, string | undefined>, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const lines = lineSplitter(onLine);
    onLine(`$ ${command}`);
    const child = spawn('sh', ['-c', command], { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => lines.push(b.toString()));
    child.stderr.on('data', (b: Buffer) => lines.push(b.toString()));
    child.on('error', (err) => {
      lines.push(`${err.message}\n`);
      lines.flush();
      resolve(127);
    });
    child.on('close', (code) => {
      lines.flush();
      resolve(code ?? 1);
    });
  });
}

function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; flush: () => void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const p of parts) onLine(p);
    },
    flush() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}
