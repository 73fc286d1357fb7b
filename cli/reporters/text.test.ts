import { describe, expect, it } from 'vitest';
import { formatText } from './text.js';
import { ROOT, sampleOptions, sampleReport } from './testing/sample-report.js';

describe('text reporter', () => {
  it('groups by file with path:line:col, fixes and related below, and a summary (golden)', async () => {
    await expect(formatText(sampleReport(), sampleOptions())).toMatchFileSnapshot('./__golden__/sample.txt');
  });

  it('prints UTF-8 byte columns after non-ASCII text', () => {
    const out = formatText(sampleReport(), sampleOptions());
    // 19 UTF-16 units precede `HandlerRegisterer` on that line, but 22 bytes (é is 2 bytes, 🚀 is 4): column 23.
    expect(out).toContain('plugins/main.go:4:23: error KPA101 HandlerRegisterer holds a pointer');
  });

  it('prints paths relative to the current directory', () => {
    const out = formatText(sampleReport(), sampleOptions({ cwd: `${ROOT}/plugins` }));
    expect(out).toContain('\ngo.mod:5:9: warning KPA205');
    expect(sampleReport().diagnostics.length).toBe(4);
    expect(formatText(sampleReport(), sampleOptions({ cwd: `${ROOT}/other` }))).toContain('../plugins/bin.go:1:1: error KPA001');
  });

  it('colours only when asked', () => {
    expect(formatText(sampleReport(), sampleOptions())).not.toMatch(/\x1b\[/);
    const coloured = formatText(sampleReport(), sampleOptions({ colour: true }));
    expect(coloured).toContain('\x1b[31merror\x1b[39m');
    expect(coloured).toContain('\x1b[33mwarning\x1b[39m');
  });

  it('with quiet, prints only findings at or above the threshold and nothing when there are none', () => {
    const quiet = formatText(sampleReport(), sampleOptions({ quiet: true, threshold: 'error' }));
    expect(quiet).not.toMatch(/warning KPA205|note KPA002/);
    expect(quiet).toContain('error KPA101');
    expect(formatText(sampleReport({ diagnostics: [] }), sampleOptions({ quiet: true }))).toBe('');
  });

  it('says so when the tree is clean', () => {
    expect(formatText(sampleReport({ diagnostics: [], suppressed: [] }), sampleOptions())).toBe('no problems, 4 files checked\n');
    expect(formatText(sampleReport({ diagnostics: [], fileCount: 1 }), sampleOptions())).toBe('no problems, 1 file checked, 1 suppressed\n');
  });
});
