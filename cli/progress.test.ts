import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';
import { captureIO } from './testing/capture-io.js';

function io(stderrIsTTY: boolean) {
  const value = captureIO('/', {}, undefined, { stderrIsTTY });
  return { io: value, lines: value.err };
}

describe('progress', () => {
  it('draws a bar on a terminal after the first 300 ms, and clears it at the end', () => {
    let t = 0;
    const { io: tty, lines } = io(true);
    const p = createProgress(tty, { now: () => t });
    p.update(1, 4);
    expect(lines).toEqual([]);
    t = 400;
    p.update(2, 4);
    t = 420;
    p.update(3, 4); // throttled: less than 80 ms since the last frame
    t = 600;
    p.update(4, 4);
    p.end();
    expect(lines).toEqual([
      `\r[${'█'.repeat(15)}${'░'.repeat(15)}] 2/4 files`,
      `\r[${'█'.repeat(30)}] 4/4 files`,
      '\r\x1b[2K',
    ]);
  });

  it('prints nothing when stderr is not a terminal', () => {
    const { io: log, lines } = io(false);
    const p = createProgress(log, { now: () => 10_000, delayMs: 0 });
    for (let i = 1; i <= 100; i++) p.update(i, 100);
    p.end();
    expect(lines).toEqual([]);
  });

  it('prints a line every 10% in logs when asked (--progress)', () => {
    const { io: log, lines } = io(false);
    let t = 0;
    const p = createProgress(log, { force: true, now: () => t, delayMs: 0 });
    for (let i = 1; i <= 20; i++) {
      t += 1;
      p.update(i, 20);
    }
    p.end();
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('kpa: 1/20 files (0%)\n');
    expect(lines[10]).toBe('kpa: 20/20 files (100%)\n');
  });
});
