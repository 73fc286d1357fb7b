/**
 * The CI formats through `kpa lint` on a fixture copy: --format github on stdout, checkstyle, junit and gitlab
 * written with --output FORMAT=FILE in one run, each parsed and checked against the findings of --format json.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';

const root = mkdtempSync(join(tmpdir(), 'kpa-formats-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
cpSync(join(import.meta.dirname, '../../fixtures/repos/true-error-pointer-registerer'), root, { recursive: true });

async function lint(args: string[]) {
  const io = captureIO(root, {});
  const code = await main(['lint', '.', '--krakend', '2.7', ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('kpa lint CI formats', () => {
  it('github on stdout, checkstyle, junit and gitlab files from one run, all naming the same findings', async () => {
    const json = JSON.parse((await lint(['--format', 'json'])).stdout) as { diagnostics: { rule: string; file: string; line: number; severity: string }[] };
    const errors = json.diagnostics.filter((d) => d.severity !== 'note');
    expect(errors.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual(['plugin.go:17 KPA101']);

    const { code, stdout, stderr } = await lint(['--format', 'github', '--output', 'checkstyle=out/kpa.xml', '--output', 'junit=out/junit.xml', '--output', 'gitlab=out/gl-code-quality.json']);
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout.split('\n').filter((l) => l.startsWith('::error '))).toEqual([expect.stringMatching(/^::error file=plugin\.go,line=17,endLine=17,col=\d+,endColumn=\d+,title=KPA101::HandlerRegisterer holds a pointer/)]);
    expect(stdout.split('\n').filter(Boolean).every((l) => /^::(error|warning|notice) file=/.test(l))).toBe(true);

    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const checkstyleXml = readFileSync(join(root, 'out/kpa.xml'), 'utf8');
    expect(XMLValidator.validate(checkstyleXml)).toBe(true);
    expect(checkstyleXml).toMatch(/<file name="plugin\.go">\n {4}<error line="17" column="\d+" severity="error" message="HandlerRegisterer holds a pointer[^"]*" source="kpa\.KPA101"\/>/);

    const junitXml = readFileSync(join(root, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(junitXml)).toBe(true);
    expect(parser.parse(junitXml).testsuites.failures).toBe('1');

    const gitlab = JSON.parse(readFileSync(join(root, 'out/gl-code-quality.json'), 'utf8')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(gitlab.filter((i) => i.severity === 'critical').map((i) => `${i.location.path}:${i.location.lines.begin} ${i.check_name}`)).toEqual(['plugin.go:17 KPA101']);
    expect(gitlab).toHaveLength(json.diagnostics.length);
  });

  it('--output with an unknown format names the formats', async () => {
    const { code, stderr } = await lint(['--output', 'xml=out.xml']);
    expect([code, stderr]).toEqual([2, 'kpa: --output xml=out.xml: write FORMAT=FILE with FORMAT one of text, json, sarif, github, checkstyle, junit, gitlab, e.g. --output sarif=kpa.sarif\n']);
  });
});
