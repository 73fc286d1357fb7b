import { describe, expect, it } from 'vitest';
import { parseKpaSettings, type KnownRule } from './parse-kpa-settings.js';
import { globMatcher } from './glob.js';

const RULES: KnownRule[] = [
  { id: 'KPA001', name: 'unreadable-file' },
  { id: 'KPA101', name: 'registerer-holds-pointer' },
];

const at = (problems: { range: { start: { line: number; character: number } } }[]) =>
  problems.map((p) => `${p.range.start.line}:${p.range.start.character}`);

describe('parseKpaSettings', () => {
  it('reads target, rules (by id or name) and ignore globs, with comments and trailing commas', () => {
    const { settings, problems } = parseKpaSettings(
      `{
  // the release we deploy
  "target": { "krakend": "2.13", "flavour": "alpine", "arch": "arm64" },
  "rules": { "kpa101": "warning", "unreadable-file": "off", },
  "ignore": ["gen/**", "*_gen.go"],
}`,
      RULES,
    );
    expect(problems).toEqual([]);
    expect(settings.target).toEqual({ krakend: '2.13', flavour: 'alpine', arch: 'arm64' });
    expect(settings.rules).toEqual({ KPA101: 'warning', KPA001: 'off' });
    expect(settings.ignore).toEqual(['gen/**', '*_gen.go']);
    expect(settings.ranges.target.krakend).toEqual({ start: { line: 2, character: 25 }, end: { line: 2, character: 31 } });
  });

  it('points at every bad value and keeps the good ones', () => {
    const text = `{
  "target": { "flavour": "musl", "arch": "x86", "krakend": 2 },
  "rules": { "KPA999": "off", "KPA101": "fatal", "KPA1": "warning" },
  "ignore": "gen",
  "colour": true
}`;
    const { settings, problems } = parseKpaSettings(text, RULES);
    expect(problems.map((p) => p.message)).toEqual([
      'unknown setting "colour"; kpa reads "target", "rules" or "ignore"',
      'unknown flavour "musl"; use "alpine" or "linux-generic"',
      'unknown arch "x86"; use "amd64" or "arm64"',
      '"target.krakend" must be a string',
      'unknown rule "KPA999"; run `kpa rules` for the list',
      'rule KPA101 must be set to "error", "warning", "note" or "off"',
      'unknown rule "KPA1"; run `kpa rules` for the list',
      '"ignore" must be a list of glob patterns, e.g. ["gen/**"]',
    ]);
    expect(at(problems)).toEqual(['4:2', '1:25', '1:41', '1:59', '2:13', '2:40', '2:49', '3:12']);
    expect(settings).toEqual({ target: {}, rules: {}, ignore: [], ranges: { target: {} } });
  });

  it('suggests the id when a rule is written with its number only', () => {
    const { problems } = parseKpaSettings('{"rules": {"101": "off"}}', RULES);
    expect(problems[0].message).toBe('unknown rule "101" (did you mean KPA101?); run `kpa rules` for the list');
  });

  it('reports JSON syntax errors with their position and an empty file as such', () => {
    const broken = parseKpaSettings('{\n  "rules": {"KPA101": "off"\n', RULES);
    expect(broken.problems[0].message).toBe('not valid JSON: close brace expected');
    expect(broken.problems[0].range.start.line).toBe(2);
    expect(parseKpaSettings('', RULES).problems[0].message).toMatch(/empty/);
    expect(parseKpaSettings('[]', RULES).problems[0].message).toMatch(/must be a JSON object/);
  });
});

describe('globMatcher', () => {
  const cases: [string, string, boolean][] = [
    ['gen/**', 'gen/a.go', true],
    ['gen/**', 'gen/x/y/a.go', true],
    ['gen/**', 'src/gen/a.go', false],
    ['gen/', 'gen/a.go', true],
    ['*_gen.go', 'a_gen.go', true],
    ['*_gen.go', 'deep/dir/a_gen.go', true],
    ['*_gen.go', 'a_gen.go.txt', false],
    ['plugins/*/main.go', 'plugins/a/main.go', true],
    ['plugins/*/main.go', 'plugins/a/b/main.go', false],
    ['**/testdata/**', 'x/testdata/y.go', true],
    ['**/*.{go,mod}', 'x/go.mod', true],
    ['**/*.{go,mod}', 'x/go.sum', false],
    ['file?.go', 'file1.go', true],
    ['file[0-9].go', 'filex.go', false],
    ['./vendor', 'vendor/a/b.go', true],
    ['a.b', 'axb', false],
  ];
  it.each(cases)('%s on %s → %s', (pattern, path, expected) => {
    expect(globMatcher([pattern])(path)).toBe(expected);
  });
});
