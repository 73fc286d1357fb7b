#!/usr/bin/env node
/**
 * Precision report over the corpus of issue #14 (fixtures/repos/<name>/ with expect.json):
 * runs `kpa lint --format json` (plus the repository's expect.json `args`) at the root of each
 * repository, the way test/e2e/precision-corpus.test.ts does, and prints per repository and in total
 * the errors / warnings / notes kpa reports, how many of them are unexpected (not a `must` finding of
 * expect.json, nor a `may` one; notes count as unexpected only when expect.json lists them under `mustNot`), and how
 * many `must` findings are missing. `other` counts the remaining documented problems: a `textMustNot`
 * pattern the default text output shows (class 9) and a `kpa build` the lint blocks (class 3).
 *
 *   node scripts/precision-report.mjs            # table
 *   node scripts/precision-report.mjs --details  # table, then every unexpected or missing finding
 *   node scripts/precision-report.mjs --json     # the numbers as JSON
 *
 * Uses the built CLI (bin/kpa.js, dist/): run `npm run build` first when the sources changed; set
 * KPA_BIN to another checkout's bin/kpa.js to measure that one (before/after a fix).
 * Each repository is copied to a temporary directory, as in the test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'fixtures/repos');
// KPA_BIN=/path/to/other/checkout/bin/kpa.js compares another build (e.g. the commit before a fix).
const KPA = process.env.KPA_BIN ? resolve(process.env.KPA_BIN) : join(ROOT, 'bin/kpa.js');
const args = new Set(process.argv.slice(2));

const matches = (e, d, { anySeverity = false } = {}) =>
  (e.rule === undefined || e.rule === d.rule) && [e.file].flat().includes(d.file) && (e.line === undefined || e.line === d.line) && (anySeverity || e.severity === undefined || e.severity === d.severity) && (e.message === undefined || d.message.includes(e.message));

/** kpa's findings for one repository, plus the documented text-output and build problems. */
function run(name, expect) {
  const tmp = mkdtempSync(join(tmpdir(), 'kpa-precision-'));
  try {
    const dir = join(tmp, name);
    cpSync(join(CORPUS, name), dir, { recursive: true, filter: (src) => !src.endsWith('/expect.json') });
    const kpa = (cwd, argv, env = process.env) => spawnSync(process.execPath, [KPA, ...argv], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    const r = kpa(dir, ['lint', '--format', 'json', ...(expect.args ?? []), '.']);
    if (r.status !== 0 && r.status !== 1) throw new Error(`kpa lint exited ${r.status} in ${name}: ${r.stderr}`);
    const other = [];
    if (expect.textMustNot?.length) {
      const text = kpa(dir, ['lint', ...(expect.args ?? []), '.']).stdout;
      for (const t of expect.textMustNot) if (new RegExp(t.pattern, 'm').test(text)) other.push(`text output shows /${t.pattern}/ (class ${t.class})`);
    }
    if (expect.build) {
      // As in the test: no go on PATH, so a build the lint lets through stops with exit 5.
      const bin = join(tmp, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const b = kpa(join(dir, expect.build.dir), ['build', '--local', '-o', join(tmp, 'out.so'), '.'], { ...process.env, PATH: bin });
      if (b.status !== 5) other.push(`kpa build exited ${b.status} (class ${expect.build.class}): ${(b.stderr.match(/kpa build: .*/) ?? [''])[0]}`);
    }
    return { diagnostics: JSON.parse(r.stdout).diagnostics, other };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const repos = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CORPUS, e.name, 'expect.json')))
  .map((e) => e.name)
  .sort();

const rows = [];
for (const name of repos) {
  const expect = JSON.parse(readFileSync(join(CORPUS, name, 'expect.json'), 'utf8'));
  const { diagnostics, other } = run(name, expect);
  const row = { repo: name, class: expect.class, errors: 0, warnings: 0, notes: 0, unexpectedErrors: 0, unexpectedWarnings: 0, unexpectedNotes: 0, missing: 0, other: other.length, details: [...other] };
  for (const d of diagnostics) {
    row[`${d.severity}s`]++;
    if (expect.must.some((m) => matches(m, d)) || expect.may?.some((m) => matches(m, d))) continue;
    const listedFalse = expect.mustNot.some((n) => matches(n, d, { anySeverity: true }) && !(d.severity === 'note' && n.allowNote));
    if (d.severity === 'note' && !listedFalse) continue;
    row[`unexpected${d.severity[0].toUpperCase()}${d.severity.slice(1)}s`]++;
    row.details.push(`unexpected ${d.severity} ${d.rule} ${d.file}:${d.line}`);
  }
  for (const m of expect.must) {
    if (!diagnostics.some((d) => matches(m, d))) {
      row.missing++;
      row.details.push(`missing ${m.rule} ${[m.file].flat().join('|')}${m.line ? `:${m.line}` : ''}${m.why ? ` (${m.why})` : ''}`);
    }
  }
  rows.push(row);
}

const total = rows.reduce(
  (t, r) => {
    for (const k of ['errors', 'warnings', 'notes', 'unexpectedErrors', 'unexpectedWarnings', 'unexpectedNotes', 'missing', 'other']) t[k] += r[k];
    return t;
  },
  { repo: `TOTAL (${rows.length} repos)`, class: [], errors: 0, warnings: 0, notes: 0, unexpectedErrors: 0, unexpectedWarnings: 0, unexpectedNotes: 0, missing: 0, other: 0, details: [] },
);

if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify({ repos: rows.map(({ details, ...r }) => r), total: (({ details, ...t }) => t)(total) }, null, 2)}\n`);
} else {
  const header = ['repo', 'class', 'errors', 'warnings', 'notes', 'unexp. err', 'unexp. warn', 'unexp. note', 'missing', 'other'];
  const cells = (r) => [r.repo, r.class.join(',') || '-', r.errors, r.warnings, r.notes, r.unexpectedErrors, r.unexpectedWarnings, r.unexpectedNotes, r.missing, r.other].map(String);
  const table = [header, ...rows.map(cells), cells(total)];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`];
  for (const row of table.slice(1, -1)) out.push(line(row));
  out.push(line(table[table.length - 1]));
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write('\nunexpected = reported but not a `must` finding of expect.json (a note only when expect.json lists it under mustNot); missing = a `must` finding kpa did not report; other = default text output showing what it must hide (class 9), or kpa build blocked by the lint (class 3).\n');
  if (args.has('--details')) {
    for (const r of rows) if (r.details.length) process.stdout.write(`\n${r.repo}\n${r.details.map((d) => `  ${d}`).join('\n')}\n`);
  }
}
