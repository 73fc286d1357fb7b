/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colours, progress bars). */
  isTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: guardedStdout(),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

export { UsageError } from '../host/usage-error.js';

/**
 * stdout may be a full disk (`> /dev/full`) or a pipe closed early (`kpa lint | head -1`). Node reports that as
 * an 'error' event, a stack trace when nobody listens: say it in one line and exit 2 (the output is incomplete,
 * so it is no verdict). A failing stderr leaves nothing to tell on: exit 2 quietly.
 */
function guardedStdout(): (text: string) => void {
  let failed = false;
  let guarded = false;
  // Attached on the first write: `kpa lsp` speaks on process.stdout itself and handles its own stream errors.
  const guard = () => {
    guarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = true;
      const why = err.code === 'EPIPE' ? 'the reading end was closed (EPIPE)' : err.code === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : err.message;
      process.stderr.write(`kpa: the output could not be written: ${why}\n`);
      process.exit(2);
    });
    process.stderr.on('error', () => process.exit(2));
  };
  return (t) => {
    if (!guarded) guard();
    if (!failed) process.stdout.write(t);
  };
}

/** Colours only on a TTY, never with NO_COLOR; FORCE_COLOR forces them. */
export function useColour(io: CliIO, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return stream === 'stdout' ? io.isTTY : io.stderrIsTTY;
}
