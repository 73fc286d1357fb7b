/** A CliIO that keeps what a command prints, for in-process tests of any command. */
import type { CliIO } from '../io.js';

export interface CapturedIO extends CliIO {
  out: string[];
  err: string[];
  stdoutText(): string;
  stderrText(): string;
}

/** What a test may pretend about the terminal; neither stream is one unless asked. */
export interface CaptureOptions {
  isTTY?: boolean;
  stderrIsTTY?: boolean;
}

export function captureIO(
  cwd: string,
  env: Record<string, string | undefined>,
  onStderr?: (text: string) => void,
  { isTTY = false, stderrIsTTY = false }: CaptureOptions = {},
): CapturedIO {
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
    isTTY,
    stderrIsTTY,
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}
