/**
 * Progress on stderr for long runs: a redrawn bar on a terminal; in logs nothing, unless asked
 * (`--progress`), then a plain line every 10%. Nothing is drawn during the first 300 ms, so quick runs
 * stay silent. The engine is synchronous; TTY writes are too, so the bar moves while it works.
 */
import type { CliIO } from './io.js';
import { escapeControlCharacters } from '../host/display-text.js';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  /** Clears the bar. */
  end(): void;
}

const NONE: Progress = { update() {}, end() {} };
const WIDTH = 30;

export function createProgress(io: CliIO, options: { force?: boolean; now?: () => number; delayMs?: number } = {}): Progress {
  const tty = io.stderrIsTTY;
  if (!tty && !options.force) return NONE;
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 300;
  let lastDraw = 0;
  let lastDecile = -1;
  let drawn = false;
  return {
    update(done, total, label = 'files') {
      const t = now();
      if (t - started < delay || total <= 0) return;
      const fraction = Math.min(1, done / total);
      if (tty) {
        if (t - lastDraw < 80 && done < total) return;
        lastDraw = t;
        const filled = Math.round(fraction * WIDTH);
        io.stderr(`\r[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${total} ${escapeControlCharacters(label)}`);
        drawn = true;
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile === lastDecile) return;
        lastDecile = decile;
        io.stderr(`kpa: ${done}/${total} ${escapeControlCharacters(label)} (${decile * 10}%)\n`);
      }
    },
    end() {
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}
