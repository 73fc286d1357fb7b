/** Commands the server runs for the editor: the plugin build (code lens) and shell fixes (`go get m@v`). */
import { spawn } from 'node:child_process';
import { atLeast } from '../analyzers/diagnostics.js';
import type { Target } from '../analyzers/target.js';
import { buildPlugin, displayPath, prepareBuild } from '../builder/build-plugin.js';
import { UsageError } from '../host/usage-error.js';

/**
 * Builds the plugin in `dir` for the target (builder/build-plugin.ts, the whole `kpa build`: prepare → lint →
 * run), streaming what a terminal would show to `onLine`. Returns kpa build's exit code.
 */
export async function runBuildCommand(
  dir: string,
  target: Target,
  env: Record<string, string | undefined>,
  onLine: (line: string) => void,
): Promise<number> {
  const { krakend, flavour, arch } = target.spec;
  const host = { cwd: dir, env };
  let prepared;
  try {
    prepared = prepareBuild(dir, { krakend, flavour, arch }, host);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    onLine(`kpa build: ${err.message}`);
    return err.exitCode;
  }
  const result = await buildPlugin(prepared, host, {
    onLint: (run) => {
      for (const d of run.diagnostics) if (atLeast(d.severity, 'warning')) onLine(`${displayPath(dir, d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.rule} ${d.message}`);
    },
    onWarning: (message) => onLine(`warning: ${message}`),
    onNote: (message) => onLine(`note: ${message}`),
    onStart: onLine,
    onLine: (line) => onLine(line.text),
  });
  if (result.kind === 'refused') {
    onLine(`kpa build: ${result.message}`);
    return result.exitCode;
  }
  const { outcome } = result;
  if (outcome.ok) onLine(`built ${displayPath(dir, outcome.output!)}`);
  else {
    for (const d of outcome.diagnostics) onLine(`${displayPath(dir, d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    onLine(`kpa build: ${outcome.message}`);
  }
  return outcome.exitCode;
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
