/**
 * The precision corpus of issue #14: real-shaped repositories under fixtures/repos/<name>/, each linted
 * the way a new user would (`kpa lint --format json .` at its root, through the built CLI), compared
 * with its hand-judged expect.json:
 *
 * - every `must` finding is reported (a true finding: a plugin of the repository will not load, or a
 *   config that uses it silently misbehaves);
 * - no error or warning outside `must` (and `may`: right but not required, e.g. a second place saying it);
 * - none of the `mustNot` findings (the false findings kpa gave when the corpus was written, each with
 *   its issue class and the severity it had then) is reported at all, or only as a note where the entry
 *   says `allowNote` (a module required but not linked, a helper library's symbol-shaped name);
 * - `textMustNot`: patterns the default text output must not show (class 9: findings that cannot change
 *   whether a plugin loads are hidden from text output). Fixed: `kpa lint` text leaves notes out unless
 *   `--notes`, so a pattern the text shows is a plain failure, not a known one;
 * - `build`: the lint that runs before `kpa build` must not block the build (class 3). Run as
 *   `kpa build --local -o <tmp>` with no go on PATH, so a build that passes the lint stops at once with
 *   exit 5 ("go was not found") instead of building anything.
 *
 * A repository for which kpa still gives a documented false finding (or misses a `must` marked
 * `"today": "missing"`) runs as `it.fails`, titled `known false findings (issue #14 class N): …`: the
 * test asserts that the bug exists and fails, asking to become a plain `it`, once it is fixed. A fix marks
 * the entry `"fixed": "<how>"` (a mustNot, a missing must, the build) instead of deleting it: the entry then
 * guards against the false finding's return, as a plain assertion.
 * Each repository is copied to a temporary directory first, so nothing around fixtures/ (a .kpa.json,
 * a go.mod of this checkout) takes part, and nothing is written into the fixtures.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = join(REPO, 'fixtures/repos');
const KPA = join(REPO, 'bin/kpa.js');

type Severity = 'error' | 'warning' | 'note';

interface Expected {
  rule: string;
  /** The file the finding is reported in; a list where more than one place is right (go.mod or go.sum). */
  file: string | string[];
  severity?: Severity;
  line?: number;
  /** A text the message must contain, where rule, file and line do not single the finding out. */
  message?: string;
  why?: string;
  class?: number;
  /** On a `must` entry: kpa does not report this true finding yet (issue #14, `class`). */
  today?: 'missing';
  /** On a `mustNot` entry: a note at this place is right (e.g. "required but not linked"); only a warning or error is false. */
  allowNote?: boolean;
  /** The false finding (or the miss) is fixed, saying how: the entry stays as a guard, no longer a known failure. */
  fixed?: string;
}

interface Expectation {
  description: string;
  class: number[];
  args?: string[];
  must: Expected[];
  mustNot: Expected[];
  /** Findings that are right but not required (e.g. a second way to say the same true thing); `rule` may be left out. */
  may?: Partial<Expected>[];
  textMustNot?: { pattern: string; class: number; why: string }[];
  build?: { dir: string; class: number; why: string; fixed?: string };
}

interface Diagnostic {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function matches(e: Partial<Expected>, d: Diagnostic): boolean {
  return (e.rule === undefined || e.rule === d.rule) && [e.file].flat().includes(d.file) && (e.line === undefined || e.line === d.line) && (e.severity === undefined || e.severity === d.severity) && (e.message === undefined || d.message.includes(e.message));
}

function show(d: Diagnostic): string {
  return `${d.severity} ${d.rule} ${d.file}:${d.line} ${d.message.slice(0, 160)}`;
}

function copyRepo(name: string): string {
  const root = mkdtempSync(join(tmpdir(), 'kpa-corpus-'));
  temps.push(root);
  const dir = join(root, name);
  cpSync(join(CORPUS, name), dir, { recursive: true, filter: (src) => !src.endsWith('/expect.json') });
  return dir;
}

function kpa(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [KPA, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Problem {
  text: string;
  /** Written down in expect.json as a false finding or a missed one kpa gives today (issue #14). */
  documented: boolean;
}

/** What is wrong with one repository's result; empty when it meets its expect.json. */
function problemsOf(name: string, expect: Expectation): Problem[] {
  const dir = copyRepo(name);
  const lint = kpa(dir, ['lint', '--format', 'json', ...(expect.args ?? []), '.']);
  if (lint.code !== 0 && lint.code !== 1) throw new Error(`kpa lint exited ${lint.code} in ${name}: ${lint.stderr}`);
  const diagnostics = (JSON.parse(lint.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  const problems: Problem[] = [];
  for (const m of expect.must) {
    if (!diagnostics.some((d) => matches(m, d))) {
      const where = `${m.rule} ${[m.file].flat().join('|')}${m.line ? `:${m.line}` : ''}`;
      problems.push({ text: `missing ${m.severity ?? ''} ${where}${m.why ? ` (${m.why})` : ''}`, documented: m.today === 'missing' });
    }
  }
  for (const d of diagnostics) {
    if (expect.must.some((m) => matches(m, d)) || expect.may?.some((m) => matches(m, d))) continue;
    // A mustNot entry matches whatever the severity (its `severity` says what kpa gave when it was written).
    const falseFinding = expect.mustNot.find((n) => matches({ ...n, severity: undefined }, d) && !(d.severity === 'note' && n.allowNote));
    if (falseFinding) problems.push({ text: `false finding (class ${falseFinding.class}) ${show(d)}`, documented: true });
    else if (d.severity !== 'note') problems.push({ text: `unexpected ${show(d)}`, documented: false });
  }
  if (expect.textMustNot?.length) {
    const text = kpa(dir, ['lint', ...(expect.args ?? []), '.']);
    for (const t of expect.textMustNot) {
      if (new RegExp(t.pattern, 'm').test(text.stdout)) problems.push({ text: `text output shows /${t.pattern}/ (class ${t.class}): ${t.why}`, documented: true });
    }
  }
  if (expect.build) {
    // A PATH with node and nothing else: once the lint lets the build through, `go` is missing (exit 5).
    const bin = join(dirname(dir), 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const out = join(dirname(dir), 'out.so');
    const build = kpa(join(dir, expect.build.dir), ['build', '--local', '-o', out, '.'], { ...process.env, PATH: bin });
    if (build.code !== 5) {
      const said = (build.stderr.match(/kpa build: .*/) ?? [build.stderr.trim()])[0];
      problems.push({ text: `kpa build exited ${build.code}, not 5 (class ${expect.build.class}): ${said}`, documented: build.code === 1 });
    }
  }
  return problems;
}

function knownClasses(expect: Expectation): number[] {
  const open = (entry: { fixed?: string }) => !entry.fixed;
  const classes = [
    ...expect.mustNot.filter(open).map((n) => n.class),
    ...expect.must.filter((m) => m.today === 'missing' && open(m)).map((m) => m.class),
    ...(expect.build && open(expect.build) ? [expect.build.class] : []),
  ].filter((c): c is number => typeof c === 'number');
  return [...new Set(classes)].sort((a, b) => a - b);
}

const repos = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(CORPUS, e.name, 'expect.json')))
  .map((e) => e.name)
  .sort();

describe('precision corpus (issue #14): kpa lint at the root of real-shaped repositories', () => {
  it('has repositories, each expect.json well formed', () => {
    expect(repos.length).toBeGreaterThan(10);
    for (const name of repos) {
      const e = JSON.parse(readFileSync(join(CORPUS, name, 'expect.json'), 'utf8')) as Expectation;
      expect(typeof e.description, name).toBe('string');
      expect(Array.isArray(e.class) && Array.isArray(e.must) && Array.isArray(e.mustNot), name).toBe(true);
      for (const m of [...e.must, ...e.mustNot]) expect(m.rule, name).toMatch(/^KPA\d{3}$/);
      for (const n of e.mustNot) expect(n.class, `${name}: every mustNot names its issue class`).toBeTypeOf('number');
    }
  });

  for (const name of repos) {
    const e = JSON.parse(readFileSync(join(CORPUS, name, 'expect.json'), 'utf8')) as Expectation;
    const known = knownClasses(e);
    describe(name, () => {
      let problems: Problem[] = [];
      // kpa runs here, outside the test body: a crash fails the suite instead of satisfying an it.fails.
      beforeAll(() => {
        problems = problemsOf(name, e);
      }, 120_000);
      const check = () => expect(problems.map((p) => p.text)).toEqual([]);
      if (known.length) {
        it.fails(`known false findings (issue #14 class ${known.join(', ')}): ${name}`, check);
        it(`${name}: nothing wrong beyond what expect.json documents`, () => {
          expect(problems.filter((p) => !p.documented).map((p) => p.text)).toEqual([]);
        });
      } else it(`${name}: only the true findings`, check);
    });
  }
});
