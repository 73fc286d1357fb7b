/**
 * One lint pipeline: `kpa lint`, the lint before `kpa build` and the language server report the same
 * findings for the same workspace — every step of the pipeline exercised (.kpa.json target, rule setting
 * and ignore globs; kpa:ignore used and unused; findings of the Go, module and config families).
 * The server runs as a process over stdio, kpa lint as the CLI; the build's lint is the builder's own step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { decidingFindings, lintForBuild, prepareBuild } from '../../builder/build-plugin.js';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { LspTestClient } from '../../server/stdio-client.js';

const handler = (name: string, value: string) => `package main

import (
\t"context"
\t"net/http"
)

type registerer string

${value}

func (r registerer) RegisterHandlers(f func(
\tname string,
\thandler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error),
)) {
\tf(string(r), func(_ context.Context, _ map[string]interface{}, h http.Handler) (http.Handler, error) { return h, nil })
}

func main() {}
`;

const FILES: Record<string, string> = {
  '.kpa.json': JSON.stringify({ target: { krakend: '2.7.0' }, ignore: ['ignored/'], rules: { KPA305: 'error' } }),
  'go.mod': 'module example.com/plugins\n\ngo 1.19\n',
  // A line go would refuse: a module finding (KPA201).
  'go.sum': 'this is not a go.sum line\n',
  // Loads: its registerer is a value. The kpa:ignore above it suppresses nothing (KPA002).
  'plugins/auth/main.go': handler('auth', '// kpa:ignore KPA101 nothing to suppress here\nvar HandlerRegisterer = registerer("auth")'),
  // Holds a pointer: KPA101, an error.
  'plugins/pointer/main.go': handler('pointer', 'var HandlerRegisterer = &r\n\nvar r = registerer("pointer")'),
  // The same mistake, suppressed with a reason.
  'plugins/known/main.go': handler('known', '// kpa:ignore KPA101 loaded by our own fork\nvar HandlerRegisterer = &k\n\nvar k = registerer("known")'),
  // The same mistake in a folder .kpa.json ignores: nobody hears of it.
  'ignored/old/main.go': handler('old', 'var HandlerRegisterer = &o\n\nvar o = registerer("old")'),
  'krakend.json': JSON.stringify(
    { version: 3, plugin: { pattern: '.so', folder: './plugins/' }, extra_config: { 'plugin/http-server': { name: ['auth', 'nobody-registers-this'] } } },
    null,
    2,
  ),
};

interface Finding {
  file: string;
  rule: string;
  severity: string;
  line: number;
  character: number;
  message: string;
}

const LSP_SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

function sorted(list: Finding[]): Finding[] {
  return [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

let root: string;
let fromLint: Finding[];
let fromBuild: Finding[];
let decidingAuth: Finding[];
let fromServer: Finding[];

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-doors-')));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }

  const io = captureIO(root, { PATH: process.env.PATH });
  const code = await main(['lint', '--format', 'json', '--severity', 'note'], io);
  expect(code, io.stderrText()).toBe(1);
  const report = JSON.parse(io.stdoutText()) as { diagnostics: { file: string; rule: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] };
  fromLint = report.diagnostics.map((d) => ({ file: d.file, rule: d.rule, severity: d.severity, line: d.range.start.line, character: d.range.start.character, message: d.message }));

  const host = { cwd: root, env: { PATH: process.env.PATH } };
  const prepared = prepareBuild('plugins/auth', {}, host);
  const run = await lintForBuild(prepared, host);
  const toFinding = (d: (typeof run.diagnostics)[number]): Finding => ({
    file: d.file.slice(root.length + 1),
    rule: d.rule,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
    message: d.message,
  });
  decidingAuth = decidingFindings(run, prepared).diagnostics.map(toFinding);
  fromBuild = run.diagnostics.map((d) => ({
    file: d.file.slice(root.length + 1),
    rule: d.rule,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
    message: d.message,
  }));

  const client = LspTestClient.start(root);
  try {
    await client.initialize(pathToFileURL(root).href);
    const deadline = Date.now() + 60_000;
    while (!client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end')) {
      if (Date.now() > deadline) throw new Error(`the initial scan did not end; logs:\n${client.logs.join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    fromServer = [];
    for (const [uri] of client.published) {
      const file = new URL(uri).pathname.slice(root.length + 1);
      for (const d of client.latest(uri) as LspDiagnostic[]) {
        fromServer.push({ file, rule: String(d.code), severity: LSP_SEVERITY[d.severity!], line: d.range.start.line, character: d.range.start.character, message: d.message });
      }
    }
    await client.stop();
  } finally {
    client.kill();
  }
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kpa lint, the lint before kpa build and the language server', () => {
  it('find what each step of the pipeline decides', () => {
    const rules = fromLint.map((f) => `${f.file} ${f.rule} ${f.severity}`);
    expect(rules).toContain('plugins/pointer/main.go KPA101 error'); // the Go family
    expect(rules).toContain('plugins/auth/main.go KPA002 warning'); // an unused kpa:ignore
    expect(rules).toContain('krakend.json KPA305 error'); // the config family, at the severity .kpa.json sets
    expect(rules.some((r) => r.startsWith('go.sum KPA201 '))).toBe(true); // the module family
    expect(rules.filter((r) => r.startsWith('plugins/known/'))).toEqual([]); // suppressed
    expect(rules.filter((r) => r.startsWith('ignored/'))).toEqual([]); // ignored by .kpa.json
  });

  it('report the same findings', () => {
    expect(fromLint.length).toBeGreaterThan(3);
    expect(sorted(fromBuild)).toEqual(sorted(fromLint));
    expect(sorted(fromServer)).toEqual(sorted(fromLint));
  });

  it('of which the build refuses only on what decides whether its own plugin loads', () => {
    // plugins/auth: its package, its module's go.mod/go.sum, and krakend.json, which names "auth"; not plugins/pointer.
    const decides = (f: Finding) => f.file.startsWith('plugins/auth/') || f.file === 'go.sum' || f.file === 'go.mod' || f.file === 'krakend.json';
    expect(sorted(decidingAuth)).toEqual(sorted(fromLint.filter(decides)));
    expect(decidingAuth.some((f) => f.file === 'krakend.json')).toBe(true);
    expect(fromLint.some((f) => !decides(f))).toBe(true);
  });
});
