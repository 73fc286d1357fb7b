import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import { docSummary, formatSarif } from './sarif.js';
import { errorsOf, sarifValidator } from './testing/validators.js';
import { MAIN_GO, ROOT, sampleOptions, sampleReport, TEXTS } from './testing/sample-report.js';

const parse = (s: string) => JSON.parse(s) as Sarif.Log;

describe('sarif reporter', () => {
  const validate = sarifValidator();
  const doc = (id: string) => (id === 'KPA101' ? '# KPA101: registerer-holds-pointer\n\nThe registerer variable holds a pointer, so\nKrakenD cannot load it.\n\n## Why\n…\n' : undefined);

  it('matches the golden and validates against the SARIF 2.1.0 schema', async () => {
    const out = formatSarif(sampleReport(), sampleOptions({ ruleDoc: doc }));
    await expect(out).toMatchFileSnapshot('./__golden__/sample.sarif');
    expect(validate(parse(out)), errorsOf(validate)).toBe(true);
  });

  it('the validator rejects what code scanning would reject', () => {
    const log = parse(formatSarif(sampleReport(), sampleOptions()));
    log.runs[0].results![0].level = 'fatal' as never;
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('has what GitHub code scanning reads: driver metadata, every rule, columnKind, automation id', () => {
    const run = parse(formatSarif(sampleReport(), sampleOptions({ ruleDoc: doc, automationId: 'kpa/plugins/' }))).runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'kpa', semanticVersion: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(['KPA001', 'KPA002', 'KPA101', 'KPA205']);
    const kpa101 = run.tool.driver.rules![2];
    expect(kpa101).toMatchObject({
      name: 'registerer-holds-pointer',
      shortDescription: { text: 'The registerer variable holds a pointer.' },
      fullDescription: { text: 'The registerer variable holds a pointer, so KrakenD cannot load it.' },
      help: { markdown: expect.stringContaining('## Why') },
      helpUri: expect.stringMatching(/docs\/rules\/KPA101\.md$/),
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['go']), precision: 'very-high' },
    });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails).toEqual({ id: 'kpa/plugins/' });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${ROOT}/` } });
    // Suppressed findings are left out.
    expect(run.results!.length).toBe(4);
    for (const r of run.results!) expect(run.tool.driver.rules![r.ruleIndex!].id).toBe(r.ruleId);
  });

  it('converts positions after non-ASCII text to 1-based UTF-16 columns', () => {
    const run = parse(formatSarif(sampleReport(), sampleOptions())).runs[0];
    const r = run.results!.find((x) => x.ruleId === 'KPA101')!;
    expect(r.locations![0].physicalLocation!.region).toEqual({ startLine: 4, startColumn: 20, endLine: 4, endColumn: 37 });
    // Check against the text itself: the region starts exactly at `HandlerRegisterer`.
    const line = MAIN_GO.split('\n')[3];
    expect(line.slice(19, 36)).toBe('HandlerRegisterer');
  });

  it('uses %SRCROOT%-relative, percent-encoded URIs; files outside the root get an absolute file URI', () => {
    const run = parse(formatSarif(sampleReport(), sampleOptions())).runs[0];
    const uris = run.results!.map((r) => r.locations![0].physicalLocation!.artifactLocation);
    expect(uris).toContainEqual({ uri: 'plugins/dir%20with%20space/%C3%A9.go', uriBaseId: '%SRCROOT%' });
    expect(uris).toContainEqual({ uri: 'plugins/main.go', uriBaseId: '%SRCROOT%' });
    const nested = parse(formatSarif(sampleReport(), sampleOptions({ srcRoot: `${ROOT}/plugins/sub` }))).runs[0];
    expect(nested.results![0].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: `file://${ROOT}/plugins/bin.go` });
  });

  describe('primaryLocationLineHash', () => {
    const file = `${ROOT}/p/main.go`;
    const finding = (line: number, rule = 'KPA101'): Diagnostic => ({
      rule,
      severity: 'error',
      message: 'm',
      file,
      range: { start: { line, character: 4 }, end: { line, character: 8 } },
    });
    const hashes = (text: string, diagnostics: Diagnostic[]) =>
      parse(formatSarif(sampleReport({ diagnostics, suppressed: [] }), sampleOptions({ readText: (f) => (f === file ? text : TEXTS[f]) }))).runs[0].results!.map(
        (r) => r.partialFingerprints!.primaryLocationLineHash,
      );
    const before = 'package main\n\nvar A = &r{}\nvar B = &r{}\nvar A = &r{}\n';
    const moved = 'package main\n\n// a new comment\nimport "fmt"\n\n\tvar A = &r{}\nvar B = &r{}\nvar A = &r{}\n';

    it('stays the same when unrelated lines move or the line is re-indented', () => {
      expect(hashes(moved, [finding(5), finding(6), finding(7)])).toEqual(hashes(before, [finding(2), finding(3), finding(4)]));
    });

    it('differs for different lines and rules, and counts identical lines', () => {
      const [a1, b, a2] = hashes(before, [finding(2), finding(3), finding(4)]);
      expect(a1).not.toBe(b);
      expect(a1.split(':')[0]).toBe(a2.split(':')[0]);
      expect([a1.split(':')[1], a2.split(':')[1]]).toEqual(['1', '2']);
      expect(hashes(before, [finding(2, 'KPA102')])[0]).not.toBe(a1);
      expect(a1).toMatch(/^[0-9a-f]{32}:1$/);
    });
  });

  it('docSummary reads the paragraph under the title', () => {
    expect(docSummary('# KPA001: unreadable-file\n\nA file\ncould not be read.\n\n## Why\n')).toBe('A file could not be read.');
    expect(docSummary('# KPA001: x\n## Why\n')).toBeUndefined();
  });
});
