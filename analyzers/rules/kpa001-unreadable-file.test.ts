import { describe, expect, it } from 'vitest';
import { runRules } from '../engine.js';
import type { EngineFacts } from '../facts.js';
import rule from './kpa001-unreadable-file.js';

const facts = (inputProblems: EngineFacts['inputProblems']): EngineFacts => ({
  root: '/w',
  go: [],
  plugins: new Map(),
  modules: [],
  configs: [],
  binaries: [],
  recipes: [],
  inputProblems,
});

describe('KPA001 unreadable-file', () => {
  it('reports every input problem at the start of its file, with the reason', () => {
    const out = runRules(
      facts([
        { file: '/w/b.go', kind: 'encoding', message: 'not valid UTF-8 (first bad byte at offset 19)' },
        { file: '/w/a.go', kind: 'binary', message: 'binary file (NUL byte at offset 4)' },
      ]),
      { target: null },
      [rule],
    );
    expect(out.map((d) => [d.file, d.severity, d.range.start, d.data])).toEqual([
      ['/w/a.go', 'error', { line: 0, character: 0 }, { messageId: 'unreadable', kind: 'binary' }],
      ['/w/b.go', 'error', { line: 0, character: 0 }, { messageId: 'unreadable', kind: 'encoding' }],
    ]);
    expect(out[0].message).toBe('kpa could not analyse this file: binary file (NUL byte at offset 4). Fix or remove it; the rest of the tree was still analysed.');
  });

  it('is silent when everything was readable, and obeys a severity override', () => {
    expect(runRules(facts([]), { target: null }, [rule])).toEqual([]);
    const warned = runRules(facts([{ file: '/w/a.go', kind: 'too-large', message: 'too large' }]), { target: null, rules: { KPA001: 'warning' } }, [rule]);
    expect(warned[0].severity).toBe('warning');
  });
});
