/**
 * What the adversarial language-server tests share: a broken plugin to type into, the findings `kpa lint`
 * reports for a workspace (the CLI in-process, or as a process for another user), the server's published
 * findings in the same shape, and a hover that must be answered.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { REPO, type LspTestClient } from '../../server/stdio-client.js';
import { SAMPLE_PLUGIN } from '../../server/warm-up.js';

/** A plugin KrakenD would refuse (KPA101: the registerer is a pointer): the server's own warm-up sample. */
export const BROKEN_PLUGIN = SAMPLE_PLUGIN;

/** One finding as both doors can say it: the rule, where, and the message shown. */
export type Finding = string;

interface LintReport {
  diagnostics: { file: string; rule: string; message: string; range: { start: { line: number; character: number } } }[];
}

function fromReport(report: LintReport, file: string): Finding[] {
  return report.diagnostics
    .filter((d) => d.file === file)
    .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.message}`)
    .sort();
}

/** `kpa lint --format json` over `root`, the findings of `file` (relative to root). */
export async function lintFindings(root: string, file: string): Promise<Finding[]> {
  const io = captureIO(root, { PATH: process.env.PATH });
  const code = await main(['lint', '--format', 'json', '--severity', 'note', '--exit-zero'], io);
  if (code !== 0) throw new Error(`kpa lint exited ${code}: ${io.stderrText()}`);
  return fromReport(JSON.parse(io.stdoutText()) as LintReport, file);
}

/** The same, as a process run by another user (permissions are not a root's). */
export function lintFindingsAs(root: string, file: string, as: { uid: number; gid: number }): Finding[] {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/kpa.js'), 'lint', '--format', 'json', '--severity', 'note', '--exit-zero'], { cwd: root, encoding: 'utf8', ...as });
  if (r.status !== 0) throw new Error(`kpa lint exited ${r.status}: ${r.stderr}`);
  return fromReport(JSON.parse(r.stdout) as LintReport, file);
}

export function serverFindings(diagnostics: readonly LspDiagnostic[] | undefined): Finding[] {
  return (diagnostics ?? []).map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`).sort();
}

/** A hover answered within `ms`, whatever it says: the server is serving. */
export async function hoverAnswered(client: LspTestClient, uri: string, ms = 20_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no hover answer within ${ms} ms; logs:\n${client.logs.join('\n').slice(-2000)}`)), ms);
  });
  try {
    await Promise.race([client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 6 } }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function waitForScan(client: LspTestClient, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end')) {
    if (Date.now() > deadline) throw new Error(`the initial scan did not end; logs:\n${client.logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An LSP frame around `body`, as the client library writes it. */
export function frame(body: unknown): string {
  const text = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}
