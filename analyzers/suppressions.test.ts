import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.js';
import { applySuppressions, findSuppressions } from './suppressions.js';

const finding = (file: string, line: number, rule = 'KPA101', character = 4): Diagnostic => ({
  rule,
  severity: 'error',
  message: `${rule} here`,
  file,
  range: { start: { line, character }, end: { line, character: character + 3 } },
});

const GO = `package main

// kpa:ignore KPA101 the loader is patched in our fork
var HandlerRegisterer = &registerer{}

//kpa:ignore kpa101,KPA102
// kpa:ignore KPA103 stacked
var ClientRegisterer = &registerer{}
var s = "// kpa:ignore KPA101 inside a string is not a comment"
`;

const ALL = new Set(['KPA001', 'KPA002', 'KPA101', 'KPA102', 'KPA103']);
const options = { knownRules: ALL, ranRules: ALL };

describe('findSuppressions', () => {
  it('reads ids, reasons and the line they apply to; stacked comments share the line below them', () => {
    const found = findSuppressions('/w/main.go', GO);
    expect(found.map((s) => [s.range.start.line, s.rules, s.reason, s.targetLine])).toEqual([
      [2, ['KPA101'], 'the loader is patched in our fork', 3],
      [5, ['KPA101', 'KPA102'], '', 7],
      [6, ['KPA103'], 'stacked', 7],
    ]);
    expect(found[0].range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 54 } });
  });

  it('handles CRLF and a comment on the last line', () => {
    const found = findSuppressions('/w/go.mod', 'module x\r\n  // kpa:ignore KPA201 pinned\r\nrequire y v1.0.0\r\n// kpa:ignore KPA202');
    expect(found.map((s) => [s.range.start.character, s.targetLine])).toEqual([[2, 2], [0, -1]]);
  });
});

describe('applySuppressions', () => {
  const read = (f: string) => (f === '/w/main.go' ? GO : undefined);

  it('drops exactly the findings of the named rule on the next line', () => {
    const input = [finding('/w/main.go', 3), finding('/w/main.go', 3, 'KPA102'), finding('/w/main.go', 7, 'KPA102'), finding('/w/main.go', 7, 'KPA103')];
    const { diagnostics, suppressed } = applySuppressions(input, ['/w/main.go'], read, options);
    expect(diagnostics.map((d) => `${d.range.start.line}:${d.rule}`)).toEqual(['3:KPA102']);
    expect(suppressed.map((s) => [s.diagnostic.rule, s.suppression.reason])).toEqual([
      ['KPA101', 'the loader is patched in our fork'],
      ['KPA102', ''],
      ['KPA103', 'stacked'],
    ]);
  });

  it('reports a comment that suppresses nothing, at the comment', () => {
    const { diagnostics } = applySuppressions([finding('/w/main.go', 7, 'KPA103')], ['/w/main.go'], read, options);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.range.start.line, d.message])).toEqual([
      ['KPA002', 'warning', 2, 'This comment suppresses KPA101, but the next line has no KPA101 finding. Remove the comment, or move it to the line just above the finding.'],
      ['KPA002', 'warning', 5, 'This comment suppresses KPA101, KPA102, but the next line has no KPA101, KPA102 finding. Remove the comment, or move it to the line just above the finding.'],
    ]);
  });

  it('does not judge comments for rules that did not run, and honours the KPA002 setting', () => {
    const ran = new Set(['KPA001', 'KPA002']);
    expect(applySuppressions([], ['/w/main.go'], read, { knownRules: ALL, ranRules: ran }).diagnostics).toEqual([]);
    const asError = applySuppressions([], ['/w/main.go'], read, { ...options, setting: 'error' }).diagnostics;
    expect(asError.map((d) => d.severity)).toEqual(['error', 'error', 'error']);
    expect(applySuppressions([], ['/w/main.go'], read, { ...options, setting: 'off' }).diagnostics).toEqual([]);
    expect(applySuppressions([], ['/w/main.go'], read, { knownRules: ALL, ranRules: new Set(['KPA101']) }).diagnostics).toEqual([]);
  });

  it('never reads files that cannot carry comments, and leaves other files alone', () => {
    const seen: string[] = [];
    const input = [finding('/w/go.sum', 0, 'KPA201'), finding('/w/other.go', 3)];
    const out = applySuppressions(input, ['/w/go.sum', '/w/krakend.json', '/w/other.go'], (f) => (seen.push(f), 'package main\n'), options);
    expect(seen).toEqual(['/w/other.go']);
    expect(out.diagnostics).toEqual(input);
  });
});
