import { describe, expect, it } from 'vitest';
import { parseKpaSettings, type KnownRule } from './parse-kpa-settings.js';

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
      'unknown setting "colour"; kpa reads "target", "rules", "ignore" or "build"',
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
    expect(broken.problems[0].message).toBe('not valid JSON: the file ends before this object is closed with }');
    expect(broken.problems[0].range.start.line).toBe(2);
    expect(parseKpaSettings('', RULES).problems[0].message).toMatch(/empty/);
    expect(parseKpaSettings('[]', RULES).problems[0].message).toMatch(/must be a JSON object/);
  });

  it('reads a file nested 100,000 deep without overflowing the stack, as one positioned problem', () => {
    const deep = `{"rules": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { problems } = parseKpaSettings(deep, RULES);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe('not valid JSON: nesting deeper than 10,000 levels');
    expect(problems[0].range.start).toEqual({ line: 0, character: 10_009 });
  });

  it('reports an ignore pattern that is not a glob at its position and keeps the rest', () => {
    const { settings, problems } = parseKpaSettings('{"ignore": ["gen/**", "[z-a]", "*_gen.go"], "rules": {"KPA101": "off"}}', RULES);
    expect(problems.map((p) => [p.message, p.range.start.character])).toEqual([['"ignore" pattern is not usable: the range z-a in [z-a] is reversed; write a-z', 22]]);
    expect(settings.ignore).toEqual(['gen/**', '*_gen.go']);
    expect(settings.rules).toEqual({ KPA101: 'off' });
  });

  it('keeps comments and trailing commas, and only the last of duplicate keys', () => {
    const { settings, problems } = parseKpaSettings('/* c */ {"ignore": ["a"], "ignore": ["b",], // x\n}', RULES);
    expect(problems).toEqual([]);
    expect(settings.ignore).toEqual(['b']);
  });
});
