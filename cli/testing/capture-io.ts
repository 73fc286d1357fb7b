/** A CliIO that keeps what a command prints, for in-process tests of any command. */
import type { CliIO } from '../io.js';

export interface CapturedIO extends CliIO {
  out: string[];
  err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function captureIO(cwd: string, env: Record<string, string | undefined>, onStderr?: (text: string) => void): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => {
      err.push(t);
      onStderr?.(t);
    },
    cwd,
    env,
    isTTY: false,
    stderrIsTTY: false,
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}
