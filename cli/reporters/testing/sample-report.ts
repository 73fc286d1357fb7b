/** Hand-made findings for the reporter tests and goldens (independent of the rules that exist today). */
import type { Diagnostic } from '../../../analyzers/diagnostics.js';
import { ZERO_RANGE } from '../../../analyzers/diagnostics.js';
import { defineRule, type Rule } from '../../../analyzers/rules/define-rule.js';
import type { SuppressedDiagnostic } from '../../../analyzers/suppressions.js';
import type { LintReport, ReporterOptions } from '../report.js';

export const ROOT = '/work/project';

const rule = (id: string, name: string, severity: Rule['meta']['severity'], summary: string, tags?: string[]): Rule =>
  defineRule({ id, name, meta: { severity, summary, messages: { m: '{text}' }, tags }, needs: [], check() {} });

export const SAMPLE_RULES: Rule[] = [
  rule('KPA001', 'unreadable-file', 'error', 'a source file could not be read as text', ['input']),
  rule('KPA002', 'unused-suppression', 'warning', 'a kpa:ignore comment suppresses no finding', ['input']),
  rule('KPA101', 'registerer-holds-pointer', 'error', 'the registerer variable holds a pointer', ['go']),
  rule('KPA205', 'module-version-mismatch', 'warning', 'a dependency differs from the version KrakenD links', ['modules']),
];

export const MAIN_GO = `package main

// Handler for café 🚀
var s = "é🚀"; var HandlerRegisterer = &registerer{}

// kpa:ignore KPA101 patched loader
var ClientRegisterer = &registerer{}
`;

export const GO_MOD = `module example.com/plugin

go 1.22

require github.com/luraproject/lura/v2 v2.0.0
`;

export const TEXTS: Record<string, string> = {
  [`${ROOT}/plugins/main.go`]: MAIN_GO,
  [`${ROOT}/plugins/go.mod`]: GO_MOD,
  [`${ROOT}/plugins/dir with space/é.go`]: 'package main\n',
};

const d = (rule: string, severity: Diagnostic['severity'], file: string, line: number, start: number, end: number, message: string, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  rule,
  severity,
  message,
  file,
  range: { start: { line, character: start }, end: { line, character: end } },
  ...extra,
});

/** `é🚀` is 3 UTF-16 units and 6 UTF-8 bytes, so the finding on line 4 is at UTF-16 column 20 and byte column 23 (1-based). */
const HOLDS_POINTER = d('KPA101', 'error', `${ROOT}/plugins/main.go`, 3, 19, 36, 'HandlerRegisterer holds a pointer, so KrakenD cannot use it. Declare `var HandlerRegisterer = registerer{}`.', {
  fixes: [{ title: 'Declare the registerer as a value', edits: [{ file: `${ROOT}/plugins/main.go`, range: { start: { line: 3, character: 39 }, end: { line: 3, character: 40 } }, newText: '' }] }],
  related: [{ file: `${ROOT}/plugins/main.go`, range: { start: { line: 6, character: 4 }, end: { line: 6, character: 20 } }, message: 'ClientRegisterer has the same problem' }],
  data: { messageId: 'holdsPointer', symbol: 'HandlerRegisterer' },
});

export const SAMPLE_DIAGNOSTICS: Diagnostic[] = [
  d('KPA001', 'error', `${ROOT}/plugins/bin.go`, 0, 0, 0, 'kpa could not analyse this file: binary file (NUL byte at offset 3). Fix or remove it; the rest of the tree was still analysed.'),
  d('KPA205', 'warning', `${ROOT}/plugins/go.mod`, 4, 8, 37, 'github.com/luraproject/lura/v2 is v2.0.0 here but KrakenD 2.13.8 links v2.10.2. Run the command below.', {
    fixes: [{ title: 'Align lura with KrakenD', edits: [], command: 'go get github.com/luraproject/lura/v2@v2.10.2' }],
  }),
  HOLDS_POINTER,
  d('KPA002', 'note', `${ROOT}/plugins/dir with space/é.go`, 0, 0, 12, 'This comment suppresses KPA101, but the next line has no KPA101 finding. Remove the comment, or move it to the line just above the finding.'),
];

export const SAMPLE_SUPPRESSED: SuppressedDiagnostic[] = [
  {
    diagnostic: d('KPA101', 'error', `${ROOT}/plugins/main.go`, 6, 4, 20, 'ClientRegisterer holds a pointer, so KrakenD cannot use it.'),
    suppression: { file: `${ROOT}/plugins/main.go`, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 35 } }, rules: ['KPA101'], reason: 'patched loader', targetLine: 6 },
  },
];

export function sampleReport(overrides: Partial<LintReport> = {}): LintReport {
  return {
    diagnostics: SAMPLE_DIAGNOSTICS,
    suppressed: SAMPLE_SUPPRESSED,
    rules: SAMPLE_RULES,
    fileCount: 4,
    target: { krakend: '2.13.8', flavour: 'alpine', arch: 'amd64', go: '1.25.12' },
    ...overrides,
  };
}

export function sampleOptions(overrides: Partial<ReporterOptions> = {}): ReporterOptions {
  return { cwd: ROOT, readText: (f) => TEXTS[f], toolVersion: '0.1.0', ...overrides };
}

export { ZERO_RANGE };
