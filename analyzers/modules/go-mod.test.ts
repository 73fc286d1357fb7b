import { describe, expect, it } from 'vitest';
import { parseGoMod } from './go-mod.js';

const F = '/p/go.mod';

describe('parseGoMod', () => {
  it('reads module, go, toolchain, require/replace/exclude/retract in blocks and single lines', () => {
    const text = [
      'module "example.com/quoted" // the module',
      '',
      'go 1.22.4',
      'toolchain go1.22.5',
      '',
      'require github.com/a/b v1.2.3',
      'require (',
      '\tgithub.com/c/d v0.0.0-20220422124632-a1358a81b559 // indirect',
      '\t`github.com/e/f` v2.0.0+incompatible',
      '\tgithub.com/g/h v1.0.0 // indirect; kept for tests',
      ')',
      'replace github.com/a/b => ../b',
      'replace (',
      '\tgithub.com/c/d v0.0.0-20220422124632-a1358a81b559 => github.com/fork/d v1.1.0',
      ')',
      'exclude github.com/x/y v1.0.0',
      'retract [v1.0.0, v1.0.5] // broken',
      'retract v0.9.0',
      'godebug default=go1.21',
    ].join('\n');
    const f = parseGoMod(F, text);
    expect(f.problems).toEqual([]);
    expect(f.module?.path).toBe('example.com/quoted');
    expect(f.go).toMatchObject({ version: '1.22.4', versionRange: { start: { line: 2, character: 3 }, end: { line: 2, character: 9 } } });
    expect(f.toolchain?.name).toBe('go1.22.5');
    expect(f.requires.map((r) => [r.path, r.version, r.indirect, r.inBlock])).toEqual([
      ['github.com/a/b', 'v1.2.3', false, false],
      ['github.com/c/d', 'v0.0.0-20220422124632-a1358a81b559', true, true],
      ['github.com/e/f', 'v2.0.0+incompatible', false, true],
      ['github.com/g/h', 'v1.0.0', true, true],
    ]);
    expect(f.requires[1].versionRange).toEqual({ start: { line: 7, character: 16 }, end: { line: 7, character: 50 } });
    expect(f.replaces).toMatchObject([
      { from: 'github.com/a/b', fromVersion: null, to: '../b', toVersion: null, inBlock: false },
      { from: 'github.com/c/d', fromVersion: 'v0.0.0-20220422124632-a1358a81b559', to: 'github.com/fork/d', toVersion: 'v1.1.0', inBlock: true },
    ]);
    expect(f.replaceBlockEnd?.start.line).toBe(14);
    expect(f.requireBlockEnd?.start.line).toBe(10);
    expect(f.excludes).toMatchObject([{ path: 'github.com/x/y', version: 'v1.0.0' }]);
    expect(f.retracts.map((r) => [r.low, r.high])).toEqual([['v1.0.0', 'v1.0.5'], ['v0.9.0', 'v0.9.0']]);
    expect(f.end).toEqual({ line: 18, character: 'godebug default=go1.21'.length });
  });

  it('accepts CRLF and keeps positions in UTF-16 units', () => {
    const f = parseGoMod(F, 'module example.com/é🚀\r\n\r\nrequire github.com/a/b v1.0.0\r\n');
    expect(f.problems).toEqual([]);
    expect(f.eol).toBe('\r\n');
    expect(f.module?.path).toBe('example.com/é🚀');
    expect(f.module?.range.end.character).toBe('module example.com/é🚀'.length);
    expect(f.requires[0].versionRange.start).toEqual({ line: 2, character: 23 });
  });

  it('accepts what the go command accepts: numbers of any length, any retracted word (go mod edit -fmt, Go 1.19)', () => {
    const f = parseGoMod(F, 'module a\n\ngo 1.19\n\nrequire example.com/b v1.2.1234567890123456789\nretract v1\nretract latest\nretract [v0.1, v0.2]\n');
    expect(f.problems).toEqual([]);
    expect(f.requires.map((r) => r.version)).toEqual(['v1.2.1234567890123456789']);
    expect(f.retracts.map((r) => [r.low, r.high])).toEqual([['v1', 'v1'], ['latest', 'latest'], ['v0.1', 'v0.2']]);
  });

  it('turns every malformed line into a positioned problem and keeps going', () => {
    const text = [
      'module a',
      'module b',
      'go 1.x',
      'toolchain 1.22',
      'require github.com/a/b',
      'require github.com/c/d 1.0.0',
      'require "github.com/unterminated v1.0.0',
      'replace x => y',
      'frob z',
      '<<<<<<< HEAD',
      'require ( github.com/a/b v1.0.0',
      ')',
      ')',
      'require github.com/ok/ok v1.0.0',
      'require github.com/ok/ok v1.0.1',
      'exclude (',
      'require github.com/late/late v1.0.0',
      '\u0001junk',
      'retract [v1, v2',
      'replace (',
    ].join('\n');
    const f = parseGoMod(F, text);
    const got = f.problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.kind} ${p.message}`);
    expect(got).toEqual([
      '2:1 error duplicate repeated module statement (first on line 1)',
      "3:4 error invalid-version invalid go version '1.x': must match format 1.23 or 1.23.0",
      "4:11 error invalid-version invalid toolchain '1.22': must be go1.23.4 or default",
      '5:1 error syntax usage: require module/path v1.2.3',
      '6:24 error invalid-version invalid version "1.0.0": must be of the form v1.2.3',
      '7:9 error syntax unexpected newline in string',
      '8:14 error syntax replacement module without version must be a directory path (rooted or starting with ./ or ../)',
      '9:1 error unknown-directive unknown directive: frob',
      '10:1 error conflict-marker merge conflict marker left in go.mod; resolve the conflict and run `go mod tidy`',
      '11:11 error syntax put the entries of the `require (` block on their own lines',
      '13:1 error syntax unexpected `)` at the start of a go.mod line',
      '15:1 warning duplicate github.com/ok/ok is required twice (also on line 14); keep one line and run `go mod tidy`',
      '16:1 error syntax the `exclude (` block is not closed before line 20; add `)`',
      '17:1 error syntax usage: exclude module/path v1.2.3',
      '18:1 error control-character unexpected control character U+0001 in go.mod',
      '19:1 error syntax usage: exclude module/path v1.2.3',
      '20:1 error syntax the `replace (` block is never closed; add `)`',
    ]);
    expect(f.module?.path).toBe('a');
    expect(f.requires.map((r) => r.path)).toEqual(['github.com/ok/ok', 'github.com/ok/ok']);
  });

  it('never throws on random text', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'require replace module go ( ) => [ ] , " ` // v1.2.3 \n\r\t abc/é';
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let i = 0; i < 200; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => parseGoMod(F, text)).not.toThrow();
    }
  });
});
