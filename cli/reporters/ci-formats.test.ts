/**
 * The CI formats on the sample report: github workflow commands (escaping per actions/toolkit's command.ts),
 * checkstyle and JUnit XML (parsed by a strict XML parser, structure checked), GitLab Code Quality (every field
 * GitLab reads, fingerprints unique).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import { formatCheckstyle } from './checkstyle.js';
import { escapeData, escapeProperty, formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJunit } from './junit.js';
import { ROOT, sampleOptions, sampleReport } from './testing/sample-report.js';

const HOSTILE: Diagnostic = {
  rule: 'KPA305',
  severity: 'error',
  message: 'name "a,b:c" 100% wrong\r\nsecond line <x> & "q" \u001b[31m \ud800 end',
  file: `${ROOT}/dir,with:odd%chars/krakend.json`,
  range: { start: { line: 2, character: 4 }, end: { line: 3, character: 1 } },
};

function parseXml(xml: string, arrays = ['file', 'error', 'testsuite', 'testcase']): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, jpath) => arrays.includes(name) && !String(jpath).endsWith('testcase.file') }).parse(xml);
}

describe('github workflow commands', () => {
  it('prints one command per finding with file, lines, columns and the rule as title; notes are notices', () => {
    const lines = formatGithub(sampleReport(), sampleOptions()).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '::error file=plugins/main.go,line=4,endLine=4,col=20,endColumn=37,title=KPA101::HandlerRegisterer holds a pointer, so KrakenD cannot use it. Declare `var HandlerRegisterer = registerer{}`.',
    );
    expect(lines[1]).toMatch(/^::warning file=plugins\/go.mod,line=5,/);
    expect(lines[3]).toMatch(/^::notice file=plugins\/dir with space\/é.go,line=1,endLine=1,col=1,endColumn=13,title=KPA002::/);
  });

  it('escapes %, CR and LF in the message and also : and , in properties, so nothing ends early', () => {
    expect(escapeData('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab:c,d');
    expect(escapeProperty('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab%3Ac%2Cd');
    const out = formatGithub(sampleReport({ diagnostics: [HOSTILE] }), sampleOptions());
    expect(out).toBe(
      '::error file=dir%2Cwith%3Aodd%25chars/krakend.json,line=3,endLine=4,col=5,endColumn=2,title=KPA305::name "a,b:c" 100%25 wrong%0D%0Asecond line <x> & "q" \\x1b[31m \ud800 end\n',
    );
    expect(out.split('\n')).toHaveLength(2);
  });

  it('paths are relative to the repository root, not the cwd', () => {
    const out = formatGithub(sampleReport(), sampleOptions({ cwd: `${ROOT}/plugins`, srcRoot: ROOT }));
    expect(out).toContain('file=plugins/main.go,');
  });
});

describe('checkstyle XML', () => {
  it('parses, with one <file> per file and one <error> per finding', () => {
    const doc = parseXml(formatCheckstyle(sampleReport(), sampleOptions())) as { checkstyle: { version: string; file: { name: string; error: Record<string, string>[] }[] } };
    expect(doc.checkstyle.version).toBe('4.3');
    expect(doc.checkstyle.file.map((f) => f.name)).toEqual(['plugins/bin.go', 'plugins/go.mod', 'plugins/main.go', 'plugins/dir with space/é.go']);
    expect(doc.checkstyle.file[2].error[0]).toEqual({
      line: '4',
      column: '23',
      severity: 'error',
      message: 'HandlerRegisterer holds a pointer, so KrakenD cannot use it. Declare `var HandlerRegisterer = registerer{}`.',
      source: 'kpa.KPA101',
    });
    expect(doc.checkstyle.file[3].error[0].severity).toBe('info');
  });

  it('keeps markup, control characters and lone surrogates from breaking the XML', () => {
    const xml = formatCheckstyle(sampleReport({ diagnostics: [HOSTILE] }), sampleOptions());
    const doc = parseXml(xml) as { checkstyle: { file: { error: Record<string, string>[] }[] } };
    expect(doc.checkstyle.file[0].error[0].message).toBe('name "a,b:c" 100% wrong\\x0d&#10;second line <x> & "q" \\x1b[31m \ufffd end');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('a clean run is an empty <checkstyle>', () => {
    const doc = parseXml(formatCheckstyle(sampleReport({ diagnostics: [] }), sampleOptions())) as { checkstyle: unknown };
    expect(doc.checkstyle).toEqual({ version: '4.3' });
  });
});

describe('JUnit XML', () => {
  it('parses, with a suite per file, a test case per finding, failures for findings at or above the threshold', () => {
    const doc = parseXml(formatJunit(sampleReport(), sampleOptions({ threshold: 'warning' }))) as {
      testsuites: { tests: string; failures: string; testsuite: { name: string; tests: string; failures: string; testcase: Record<string, unknown>[] }[] };
    };
    expect([doc.testsuites.tests, doc.testsuites.failures]).toEqual(['4', '3']);
    const main = doc.testsuites.testsuite.find((s) => s.name === 'plugins/main.go')!;
    expect(main.testcase[0]).toMatchObject({ name: 'KPA101 plugins/main.go:4:23', classname: 'plugins/main.go', file: 'plugins/main.go', line: '4', failure: { type: 'error', message: expect.stringContaining('HandlerRegisterer holds a pointer') } });
    const note = doc.testsuites.testsuite.find((s) => s.name === 'plugins/dir with space/é.go')!;
    expect(note.failures).toBe('0');
    expect(note.testcase[0].failure).toBeUndefined();
    expect(note.testcase[0]['system-out']).toMatch(/^note KPA002 at plugins\/dir with space\/é.go:1:1: /);
  });

  it('with the default threshold only errors fail', () => {
    const doc = parseXml(formatJunit(sampleReport(), sampleOptions())) as { testsuites: { failures: string } };
    expect(doc.testsuites.failures).toBe('2');
  });

  it('a clean run is one passing test case (CI systems reject a report without tests)', () => {
    const doc = parseXml(formatJunit(sampleReport({ diagnostics: [] }), sampleOptions())) as { testsuites: { tests: string; failures: string; testsuite: { testcase: { name: string }[] }[] } };
    expect([doc.testsuites.tests, doc.testsuites.failures, doc.testsuites.testsuite[0].testcase[0].name]).toEqual(['1', '0', 'no problems in 4 files']);
  });

  it('survives hostile messages', () => {
    parseXml(formatJunit(sampleReport({ diagnostics: [HOSTILE] }), sampleOptions()));
  });
});

describe('GitLab Code Quality', () => {
  it('gives every field GitLab reads, with unique fingerprints and repository-relative paths', () => {
    const issues = JSON.parse(formatGitlab(sampleReport(), sampleOptions({ cwd: `${ROOT}/plugins`, srcRoot: ROOT }))) as Record<string, unknown>[];
    expect(issues).toHaveLength(4);
    for (const issue of issues) {
      expect(issue).toMatchObject({ type: 'issue', description: expect.any(String), check_name: expect.stringMatching(/^KPA\d{3}$/), fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      const location = issue.location as { path: string; lines: { begin: number } };
      expect(location.path.startsWith('plugins/')).toBe(true);
      expect(Number.isInteger(location.lines.begin) && location.lines.begin >= 1).toBe(true);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(4);
    expect(issues[2]).toMatchObject({ check_name: 'KPA101', severity: 'critical', location: { path: 'plugins/main.go', lines: { begin: 4 } } });
    expect(issues.map((i) => i.severity)).toEqual(['critical', 'minor', 'critical', 'info']);
  });

  it('a fingerprint stays when lines above the finding move, and two equal lines get two', () => {
    const shifted = (d: Diagnostic, by: number): Diagnostic => ({ ...d, range: { start: { ...d.range.start, line: d.range.start.line + by }, end: { ...d.range.end, line: d.range.end.line + by } } });
    const text = 'x\nvar A = &r{}\n';
    const movedText = 'x\n\n\nvar A = &r{}\n';
    const d: Diagnostic = { rule: 'KPA101', severity: 'error', message: 'm', file: `${ROOT}/a.go`, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } };
    const before = JSON.parse(formatGitlab(sampleReport({ diagnostics: [d] }), sampleOptions({ readText: () => text })));
    const after = JSON.parse(formatGitlab(sampleReport({ diagnostics: [shifted(d, 2)] }), sampleOptions({ readText: () => movedText })));
    expect(after[0].fingerprint).toBe(before[0].fingerprint);
    const twice = JSON.parse(formatGitlab(sampleReport({ diagnostics: [d, { ...d, message: 'other' }] }), sampleOptions({ readText: () => text })));
    expect(twice[0].fingerprint).not.toBe(twice[1].fingerprint);
  });
});
