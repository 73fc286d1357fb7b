/**
 * The engine (analyzers/) under untrusted input (issue #17): bounded fuzz runs — a fixed seed in CI
 * (test/setup-fast-check.ts), a count and a time limit per property — over krakend.json, go.mod/go.sum,
 * `//go:build` headers and ELF headers. Each run asserts that no exception escapes `analyze()`, that every
 * finding sits inside its file, and that one analysis stays within a time bound. Where Go has its own
 * reader, a batch of the generated inputs goes through it once (fixtures/go-oracle: go/build/constraint,
 * go/build's MatchFile, encoding/json; `go mod edit -fmt`) and kpa must agree with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type EngineOptions } from '../../analyzers/engine.js';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import {
  evalConstraint, excludedByFileName, fileIncluded, goMinorOf, goTrimSpace, headerConstraintError, parseConstraint, readConstraintFromHeader,
} from '../../analyzers/go/build-constraints.js';
import { loadGoParser, type GoParser } from '../../analyzers/go/parser.js';
import { parseGoMod } from '../../analyzers/modules/go-mod.js';
import { LineIndex } from '../../analyzers/positions.js';
import { BytesFileSource, decodeSource, Workspace } from '../../analyzers/workspace.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { buildFixture, goEnv } from '../../fixtures/binaries/build-fixtures.js';

const ORACLE_DIR = join(import.meta.dirname, '../../fixtures/go-oracle');
/** One analysis of one generated input; the slowest seen locally is well under a tenth of this. */
const TIME_BOUND_MS = 2_000;
/** Per property: a count, and a wall-clock cap so a slow machine shortens the run instead of failing it. */
const RUNS = { numRuns: 150, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false } as const;

const utf8 = (text: string) => new TextEncoder().encode(text);

let parser: GoParser;
let engine: EngineOptions;
let tmp: string;
let oracle: string;
let goMinor: number;

beforeAll(async () => {
  parser = await loadGoParser();
  const target = resolveTarget({ krakend: '2.13.8' });
  if ('error' in target) throw new Error(target.error);
  engine = { parser, target: target.target };
  tmp = mkdtempSync(join(tmpdir(), 'kpa-engine-fuzz-'));
  oracle = join(tmp, 'go-oracle');
  execFileSync('go', ['build', '-o', oracle, '.'], { cwd: ORACLE_DIR, env: goEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  goMinor = goMinorOf(execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() }).trim())!;
});

/**
 * analyze() over the files, timed: it must not throw, must finish within the bound, and every finding must
 * name a file of the workspace and lie inside its text (for a file that does not decode, at its start).
 */
function analyzeChecked(files: Record<string, Uint8Array | string>): Diagnostic[] {
  const bytes = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? utf8(content) : content]));
  const started = performance.now();
  const { diagnostics } = analyze(new Workspace('/w', new BytesFileSource(bytes)), engine);
  const took = performance.now() - started;
  expect(took, `analysis took ${took.toFixed(0)} ms`).toBeLessThan(TIME_BOUND_MS);
  for (const d of diagnostics) {
    const content = bytes.get(d.file);
    expect(content, `${d.rule} names ${d.file}, not a file of the workspace`).toBeDefined();
    const read = decodeSource(content!);
    // A config that is not UTF-8 is read as Go's encoding/json reads it, invalid bytes as U+FFFD.
    const lines = new LineIndex('text' in read ? read.text : new TextDecoder().decode(content));
    const where = `${d.rule} at ${JSON.stringify(d.range)} in ${d.file}: ${d.message}`;
    for (const p of [d.range.start, d.range.end]) {
      expect(p.line, where).toBeGreaterThanOrEqual(0);
      expect(p.line, where).toBeLessThan(lines.lineCount);
      expect(p.character, where).toBeGreaterThanOrEqual(0);
      expect(p.character, where).toBeLessThanOrEqual(lines.lineText(p.line).length);
    }
    expect(d.range.start.line * 1e9 + d.range.start.character, where).toBeLessThanOrEqual(d.range.end.line * 1e9 + d.range.end.character);
    expect(d.message, where).not.toMatch(/Maximum call stack|RangeError|TypeError|undefined|NaN|\[object /);
  }
  return diagnostics;
}

// ---------------------------------------------------------------------------------------------------------
// //go:build

const TAGS = ['linux', 'amd64', 'arm64', 'windows', 'cgo', 'gc', 'gccgo', 'unix', 'ignore', 'go1.1', 'go1.18', 'go1.19', 'go1.20', 'go1.99', 'go1.0',
  'go1.018', 'é', 'ǅx', '386', '٣', 'a.b', '_x', 'x_y9'];
const OPERATORS = ['!', '!', '&&', '||', '(', ')', '&', '|', ',', ' ', ' ', '\t', '\v', '\u00a0', '\u0085', '\ufeff', '🚀', 'ⅷ', '-'];
const expression = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TAGS) }, { weight: 4, arbitrary: fc.constantFrom(...OPERATORS) }), { maxLength: 14 })
  .map((parts) => parts.join(' ').replace(/ {2,}/g, ' '));
/** Mostly well-formed ones too: random token soup is almost always a syntax error. */
const wellFormed: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...TAGS),
    fc.tuple(fc.constantFrom('!', '!!', ''), tie('e')).map(([not, e]) => `${not}${e}`),
    fc.tuple(tie('e'), fc.constantFrom(' && ', ' || ', '&&', ' ||'), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('e').map((e) => `(${e})`),
  ),
})).e;

/** Runs the oracle over lines of JSON; returns its JSON answers. */
function oracleLines(mode: 'parse' | 'match' | 'json', arg: string): Record<string, unknown>[] {
  const out = execFileSync(oracle, [mode, arg], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('//go:build expressions against go/build/constraint', () => {
  it('refuses exactly what Go refuses, with its words, and evaluates the rest as Go does', () => {
    const batch = fc.sample(fc.oneof(expression, wellFormed), { numRuns: 600 });
    batch.push('!!linux', 'go1.99', 'linux &&', '(linux', Array(1001).fill('x').join(' && '), '((((linux))))', 'linux && !go1.20');
    const file = join(tmp, 'expressions.txt');
    writeFileSync(file, batch.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const answers = oracleLines('parse', file);
    expect(answers).toHaveLength(batch.length);
    let valid = 0;
    batch.forEach((expr, i) => {
      const go = answers[i] as { ok: boolean; error?: string; value?: boolean };
      const kpa = parseConstraint(goTrimSpace(expr));
      const what = `${JSON.stringify(expr)}: go ${JSON.stringify(go)}, kpa ${JSON.stringify(kpa).slice(0, 200)}`;
      // Go 1.19 has no size bound; kpa refuses past 1,000 operands as newer Go does ("build expression too large").
      if ('error' in kpa && kpa.error === 'build expression too large') return;
      expect('expr' in kpa, what).toBe(go.ok);
      if ('error' in kpa) expect(kpa.error, what).toBe(go.error);
      else {
        valid++;
        expect(evalConstraint(kpa.expr, { goos: 'linux', goarch: 'amd64', goMinor }), what).toBe(go.value);
      }
    });
    // The batch must exercise both sides.
    expect(valid).toBeGreaterThan(100);
    expect(batch.length - valid).toBeGreaterThan(100);
  });
});

const HEADER_LINE = fc.oneof(
  fc.constantFrom('', '// comment', '// Copyright 2026', '/* block */', '/* open', 'end */', '//go:buildlinux', '//go:build', '// +build', '//+build linux',
    '// +build !!linux', '// +build linux,amd64 windows', '// +build ignore', '  ', '\t//go:build linux', '//go:binary-only-package'),
  expression.map((e) => `//go:build ${e}`),
  wellFormed.map((e) => `//go:build ${e}`),
  fc.array(fc.constantFrom(...TAGS, '!linux', '!!x', '!', 'lin-ux', 'linux,amd64', ',x'), { maxLength: 4 }).map((t) => `// +build ${t.join(' ')}`),
);
const FILE_NAME = fc.constantFrom('f.go', 'f_linux.go', 'f_windows.go', 'f_amd64.go', 'f_arm64.go', 'f_linux_amd64.go', 'f_unix.go');
const goFile = fc.record({
  name: FILE_NAME,
  header: fc.array(HEADER_LINE, { maxLength: 8 }),
  eol: fc.constantFrom('\n', '\r\n'),
});

describe('Go file headers against go/build MatchFile', () => {
  it('includes, excludes and refuses the files go/build does', () => {
    const batch = fc.sample(goFile, { numRuns: 500 });
    const dir = join(tmp, 'headers');
    mkdirSync(dir);
    const files = batch.map((f, i) => {
      // An unclosed /* would swallow the package clause: Go then fails to parse the file, not its header.
      const header = f.header.join(f.eol);
      const closed = header.lastIndexOf('/*') > header.lastIndexOf('*/') ? `${header}${f.eol}*/` : header;
      const name = `${String(i).padStart(4, '0')}${f.name}`;
      const text = `${closed}${f.eol}${f.eol}package main${f.eol}`;
      writeFileSync(join(dir, name), text);
      return { name, text };
    });
    const answers = new Map(oracleLines('match', dir).map((a) => [a.name as string, a as { match: boolean; error: string }]));
    let refused = 0;
    let excluded = 0;
    for (const { name, text } of files) {
      const go = answers.get(name)!;
      const ctx = { goos: 'linux', goarch: 'amd64', goMinor };
      const byName = excludedByFileName(name, ctx);
      const error = byName === null ? headerConstraintError(text) : null;
      const included = error === null && fileIncluded(name, readConstraintFromHeader(text), ctx).included;
      const what = `${name} ${JSON.stringify(text)}: go ${JSON.stringify(go)}, kpa ${JSON.stringify({ included, error })}`;
      if (error?.error.endsWith('build expression too large')) continue;
      expect(error === null ? '' : `${name}: ${error.error}`, what).toBe(go.error);
      expect(included, what).toBe(go.match);
      if (error) refused++;
      else if (!included) excluded++;
    }
    expect(refused).toBeGreaterThan(20);
    expect(excluded).toBeGreaterThan(20);
  });

  it('analyses any such file without throwing, within the bound, each finding inside it', () => {
    fc.assert(
      fc.property(goFile, fc.constantFrom('var HandlerRegisterer = registerer("x")\n\ntype registerer string\n', 'func main() {}\n', ''), (f, body) => {
        analyzeChecked({
          [`/w/p/${f.name}`]: `${f.header.join(f.eol)}${f.eol}${f.eol}package main${f.eol}${f.eol}${body}`,
          '/w/p/main.go': 'package main\n\nfunc helper() {}\n',
          '/w/go.mod': 'module example.com/p\n\ngo 1.19\n',
        });
      }),
      RUNS,
    );
  });

  it('bounds absurd lines: 100,000 nested parentheses, a 1 MB tag, lone surrogates', () => {
    for (const line of ['('.repeat(100_000) + 'linux' + ')'.repeat(100_000), 'x'.repeat(1 << 20), '!\ud800 && linux', `${'!('.repeat(50_000)}`]) {
      const diagnostics = analyzeChecked({
        '/w/p/main.go': `//go:build ${line}\n\npackage main\n\nvar HandlerRegisterer = registerer("x")\n\ntype registerer string\n`,
        '/w/go.mod': 'module example.com/p\n\ngo 1.19\n',
      });
      for (const d of diagnostics) {
        expect(d.message.length).toBeLessThan(600);
        expect(d.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// krakend.json

const JSON_PIECES = ['', '{', '}', '[', ']', ',', ':', '"', '0', '-', 'e', '.', 'tru', ' ', '\\', '\u0001', 'x', '1e999999', '-1e999', '2e308', '1e-999',
  '\t', '\f', '\u00a0', '"\\ud800"', 'null', '99999999999999999999'];
const mutatedJson = fc
  .tuple(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...JSON_PIECES)), { maxLength: 3 }))
  .map(([value, edits]) => {
    let text = JSON.stringify({ version: 3, extra_config: value }, null, 1);
    for (const [at, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
    }
    return text;
  });
const deepJson = fc.tuple(fc.integer({ min: 9_990, max: 10_010 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
  const close = open === '[' ? ']' : '}';
  return `{"x": ${open.repeat(depth - 1)}${open === '[' ? '' : '1'}${close.repeat(depth - 1)}}`;
});

describe('krakend.json', () => {
  it('refuses what Go\'s encoding/json refuses and nothing it accepts (comment-free inputs, invalid UTF-8 too)', () => {
    // A text holding `{{` is a flexible-configuration template, rendered before it is read (KPA302's concern).
    const texts = [...fc.sample(mutatedJson, { numRuns: 400 }), ...fc.sample(deepJson, { numRuns: 20 })].filter((text) => !text.includes('{{'));
    texts.push('\ufeff{}', '{"a": 1e999999}', '{"a": 1e-999999}', '{"a": [1, 2], "a": 3}');
    // Bytes that are not UTF-8, inside strings (Go reads them as U+FFFD) and elsewhere (an invalid character).
    const badBytes = fc.sample(fc.tuple(mutatedJson, fc.constantFrom([0xff], [0xe9], [0xc3], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]), fc.nat()), { numRuns: 80 })
      .filter(([text]) => !text.includes('{{'))
      .map(([text, junk, at]) => {
        const b = utf8(text);
        const i = at % (b.length + 1);
        return new Uint8Array([...b.subarray(0, i), ...junk, ...b.subarray(i)]);
      });
    badBytes.push(new Uint8Array([...utf8('{"version": 3, "name": "caf'), 0xe9, ...utf8('"}')]));
    const batch = [...texts.map(utf8), ...badBytes];
    const dir = join(tmp, 'json');
    mkdirSync(dir);
    batch.forEach((bytes, i) => writeFileSync(join(dir, `${String(i).padStart(4, '0')}.json`), bytes));
    const answers = oracleLines('json', dir);
    let refused = 0;
    batch.forEach((bytes, i) => {
      const go = answers[i] as { name: string; error: string };
      const text = new TextDecoder().decode(bytes);
      // A value followed by more is a fragment to paste (KPA301 says so as a note): reported, though not an error.
      const findings = analyzeChecked({ '/w/krakend.json': bytes }).filter((d) => d.rule === 'KPA301' && d.severity !== 'warning');
      const what = `${JSON.stringify(text.slice(0, 300))}: go ${JSON.stringify(go.error)}, kpa ${JSON.stringify(findings.map((d) => d.message))}`;
      // encoding/json decodes `null` into an empty map; KrakenD then has no configuration at all, which kpa calls an error.
      if (/^\s*null\s*$/.test(text)) return;
      expect(findings.length > 0, what).toBe(go.error !== '');
      if (go.error) refused++;
    });
    expect(refused).toBeGreaterThan(50);
  });

  it('analyses any bytes as krakend.json without throwing, within the bound, each finding inside the file', () => {
    const bytes = fc.oneof(
      mutatedJson.map(utf8),
      deepJson.map(utf8),
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(mutatedJson, fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.nat()).map(([text, junk, at]) => {
        const b = utf8(text);
        const i = at % (b.length + 1);
        return new Uint8Array([...b.subarray(0, i), ...junk, ...b.subarray(i)]);
      }),
    );
    fc.assert(fc.property(bytes, (b) => void analyzeChecked({ '/w/krakend.json': b })), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// go.mod, go.sum

const VERSIONS = ['v1.2.3', 'v0.0.0-20200101000000-abcdefabcdef', 'v1.2.1234567890123456789', 'v1.02.3', 'v1', 'v2.0.0+incompatible', '1.2.3', 'v1.2.3-rc.01',
  'v99999999999999999999.0.0', 'latest', '"v1.2.3"', '`v1.2.3`'];
const PATHS = ['github.com/luraproject/lura/v2', 'example.com/a', 'golang.org/x/mod', '"example.com/q"', 'example.com/é', './local', '../up'];
const goModLine = fc.oneof(
  fc.constantFrom('', '// comment', 'module example.com/p', 'module', 'go 1.19', 'go 1.21.0', 'go 1.x', 'toolchain go1.21.0', 'require (', ')', 'replace (',
    'exclude example.com/a v1.0.0', 'retract [v1.0.0, v1.1.0]', 'unknown x', '<<<<<<< HEAD', '\u0001', '"unterminated', 'require example.com/a v1.0.0 // indirect'),
  fc.tuple(fc.constantFrom('require', 'exclude', 'retract', ''), fc.constantFrom(...PATHS), fc.constantFrom(...VERSIONS)).map(([verb, path, version]) =>
    verb === 'retract' ? `retract ${version}` : `${verb} ${path} ${version}`.trim()),
  fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(...VERSIONS, ''), fc.constantFrom(...PATHS), fc.constantFrom(...VERSIONS, '')).map(([a, av, b, bv]) =>
    `replace ${a} ${av} => ${b} ${bv}`.replace(/ +/g, ' ')),
);
const goMod = fc.array(goModLine, { maxLength: 10 }).map((lines) => `module example.com/p\n\ngo 1.19\n\n${lines.join('\n')}\n`);
const goSumLine = fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom(...VERSIONS, 'v1.2.3/go.mod'), fc.constantFrom('h1:', 'h1:abc=', 'h2:x', '', 'h1:' + 'A'.repeat(43) + '='))
  .map(([p, v, h]) => `${p} ${v} ${h}`);
const goSum = fc.array(fc.oneof(goSumLine, fc.constantFrom('', 'garbage', '\u0000', ' a b c d')), { maxLength: 12 }).map((lines) => lines.join('\n'));

describe('go.mod and go.sum', () => {
  /**
   * Whether the go command refuses the go.mod: `go mod edit -json` parses it as `go mod edit -fmt` does; a version
   * it had to rewrite (the shorthand v1, build metadata) is a query the go command resolves only by updating
   * go.mod, which a build (-mod=readonly) refuses: "updates to go.mod needed".
   */
  function goRefuses(dir: string, text: string): string | null {
    const go = spawnSync('go', ['mod', 'edit', '-json'], { cwd: dir, env: goEnv(), encoding: 'utf8' });
    if (go.status !== 0) return go.stderr.trim();
    type Mod = { Path: string; Version?: string };
    const parsed = JSON.parse(go.stdout) as { Require?: Mod[]; Exclude?: Mod[]; Replace?: { Old: Mod; New: Mod }[]; Retract?: { Low: string; High: string }[] };
    const versions = [
      ...[...(parsed.Require ?? []), ...(parsed.Exclude ?? [])].map((m) => m.Version ?? ''),
      ...(parsed.Replace ?? []).flatMap((r) => [r.Old.Version ?? '', r.New.Version ?? '']),
      ...(parsed.Retract ?? []).flatMap((r) => [r.Low, r.High]),
    ];
    const rewritten = versions.find((v) => v !== '' && !text.includes(v));
    return rewritten ? `a build needs go.mod updated (${rewritten})` : null;
  }

  it('reports no go.mod error that the go command (Go 1.19) does not also refuse', () => {
    const batch = fc.sample(goMod, { numRuns: 60 });
    batch.push('module example.com/p\n\ngo 1.19\n\nrequire example.com/a v1.2.1234567890123456789\n');
    let refused = 0;
    batch.forEach((text, i) => {
      const errors = parseGoMod('/w/go.mod', text).problems.filter((p) => p.severity === 'error');
      if (errors.length === 0) return;
      refused++;
      const dir = join(tmp, 'gomod', String(i));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'go.mod'), text);
      expect(goRefuses(dir, text), `${JSON.stringify(text)}: kpa ${JSON.stringify(errors.map((e) => e.message))}, go accepted it`).not.toBeNull();
    });
    expect(refused).toBeGreaterThan(10);
  });

  it('analyses any go.mod and go.sum without throwing, within the bound, each finding inside its file', () => {
    fc.assert(
      fc.property(goMod, goSum, (mod, sum) => {
        analyzeChecked({ '/w/go.mod': mod, '/w/go.sum': sum, '/w/main.go': 'package main\n\nimport _ "github.com/luraproject/lura/v2/proxy"\n\nvar HandlerRegisterer = r("x")\n\ntype r string\n' });
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// ELF headers

/** Offsets of the header fields a loader or reader trusts: e_phoff, e_shoff, e_phentsize … e_shstrndx. */
const ELF_FIELDS: [number, number][] = [[16, 2], [18, 2], [32, 8], [40, 8], [54, 2], [56, 2], [58, 2], [60, 2], [62, 2]];

describe('ELF headers', () => {
  let plugin: Uint8Array;
  let small: Uint8Array;
  beforeAll(() => {
    plugin = readFileSync(buildFixture('server'));
    writeFileSync(join(tmp, 'c.c'), 'int kpa_answer(void) { return 42; }\n');
    execFileSync('gcc', ['-shared', '-fPIC', '-o', join(tmp, 'small.so'), join(tmp, 'c.c')]);
    small = readFileSync(join(tmp, 'small.so'));
  });

  const damage = (base: () => Uint8Array) =>
    fc.record({
      fields: fc.array(fc.tuple(fc.constantFrom(...ELF_FIELDS), fc.constantFrom(0n, 1n, 0xffffn, 0xffffffffn, 0x7fffffffffffffffn, 64n, 4096n)), { maxLength: 3 }),
      bytes: fc.array(fc.tuple(fc.nat(8191), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    }).map(({ fields, bytes, cut }) => {
      const b = base();
      const out = new Uint8Array(cut === undefined ? b : b.subarray(0, cut % (b.length + 1)));
      const copy = new Uint8Array(out);
      const view = new DataView(copy.buffer);
      for (const [[at, size], value] of fields) {
        if (at + size > copy.length) continue;
        if (size === 2) view.setUint16(at, Number(value & 0xffffn), true);
        else view.setBigUint64(at, value, true);
      }
      for (const [at, value] of bytes) if (at < copy.length) copy[at] = value;
      return copy;
    });

  it('reads a small shared object with damaged headers without throwing, within the bound', () => {
    fc.assert(fc.property(damage(() => small), (b) => void analyzeChecked({ '/w/plugins/x.so': b })), RUNS);
  });

  it('reads a Go plugin with damaged headers without throwing, within the bound', () => {
    fc.assert(fc.property(damage(() => plugin), (b) => void analyzeChecked({ '/w/plugins/x.so': b })), { ...RUNS, numRuns: 25 });
  });
});
