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

  it('with hideNotes (kpa lint\'s default), leaves notes out, counts the rest and says how many notes and which flag shows them', () => {
    const out = formatText(sampleReport(), sampleOptions({ hideNotes: true }));
    expect(out).not.toContain('KPA002');
    expect(out).toContain('error KPA101');
    expect(out).toContain('warning KPA205');
    expect(out.endsWith('\n\n3 problems (2 errors, 1 warning), 4 files checked, 1 suppressed\n1 note not shown: it cannot change whether a plugin loads. Show it with --notes.\n')).toBe(true);
    // Without notes to hide, no count line: the output is the default one minus the note.
    const noNotes = sampleReport({ diagnostics: sampleReport().diagnostics.filter((d) => d.severity !== 'note') });
    expect(formatText(noNotes, sampleOptions({ hideNotes: true }))).toBe(formatText(noNotes, sampleOptions()));
  });

  it('with hideNotes and only notes: no problems, and the count line (plural)', () => {
    const note = sampleReport().diagnostics.find((d) => d.severity === 'note')!;
    const two = sampleReport({ diagnostics: [note, { ...note, file: `${note.file}x` }], suppressed: [] });
    expect(formatText(two, sampleOptions({ hideNotes: true }))).toBe(
      'no problems, 4 files checked\n2 notes not shown: they cannot change whether a plugin loads. Show them with --notes.\n',
    );
    expect(formatText(two, sampleOptions({ hideNotes: true, colour: true }))).toContain('\x1b[2m2 notes not shown');
  });

  it('with hideNotes and quiet, notes below the threshold are quiet\'s to drop: no count line, nothing when nothing fails', () => {
    const quiet = formatText(sampleReport(), sampleOptions({ hideNotes: true, quiet: true, threshold: 'warning' }));
    expect(quiet).not.toContain('not shown');
    expect(quiet).toContain('warning KPA205');
    const note = sampleReport().diagnostics.find((d) => d.severity === 'note')!;
    expect(formatText(sampleReport({ diagnostics: [note] }), sampleOptions({ hideNotes: true, quiet: true }))).toBe('');
  });

  it('says so when the tree is clean', () => {
    expect(formatText(sampleReport({ diagnostics: [], suppressed: [] }), sampleOptions())).toBe('no problems, 4 files checked\n');
    expect(formatText(sampleReport({ diagnostics: [], fileCount: 1 }), sampleOptions())).toBe('no problems, 1 file checked, 1 suppressed\n');
  });
});
