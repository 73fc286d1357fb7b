import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGoSemver } from '../modules/go-semver.js';
import { describeGoSum } from './check-plugin-compare.js';

/** check-plugin's reading of go.sum written the plain way: split lines and fields, keep the highest version. */
function referenceDeps(text: string): Map<string, string> {
  const deps = new Map<string, string>();
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const path = line.slice(0, space);
    let version = line.slice(space + 1).split(' ')[0];
    if (version.length > 7 && version.endsWith('/go.mod')) version = version.slice(0, -7);
    if (compareGoSemver(deps.get(path) ?? '', version) < 0) deps.set(path, version);
  }
  return deps;
}

describe('describeGoSum', () => {
  it('keeps the highest version per module over all lines, /go.mod lines included', () => {
    const text = 'a.com/m v1.2.0/go.mod h1:x=\na.com/m v1.10.0 h1:y=\na.com/m v1.10.0/go.mod h1:z=\na.com/m v1.9.0/go.mod h1:w=\nb.com/n bad h1:q=\n';
    expect(describeGoSum(text)).toEqual({ deps: new Map([['a.com/m', 'v1.10.0']]) });
  });

  it('agrees with the plain reading on random go.sum-like text (interleaved modules, CRLF, odd lines)', () => {
    const path = fc.constantFrom('a.com/m', 'a.com/m/v2', 'a.com/mm', 'b.org/x', 'b.org/y', '');
    const version = fc.constantFrom('v1.0.0', 'v1.0.10', 'v1.0.9', 'v2.0.0-pre', 'v1', 'v1.0.0+incompatible', 'bad', '', '/go.mod');
    const line = fc.oneof(
      fc.tuple(path, version, fc.boolean(), fc.constantFrom(' h1:abc=', '', ' h1:abc= extra'), fc.constantFrom('', '\r')).map(([p, v, goMod, tail, cr]) => `${p} ${v}${goMod ? '/go.mod' : ''}${tail}${cr}`),
      fc.constantFrom('', '\r', 'nospace', '<<<<<<< HEAD', ' v1.0.0 h1:x='),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, finalNewline) => {
        const text = lines.join('\n') + (finalNewline ? '\n' : '');
        expect(describeGoSum(text)).toEqual({ deps: referenceDeps(text) });
      }),
      { numRuns: 3000 },
    );
  });

  it('fails like bufio.Scanner on a line longer than 64 KiB', () => {
    expect(describeGoSum(`a.com/m v1.0.0 h1:${'x'.repeat(70_000)}\n`)).toEqual({ error: 'bufio.Scanner: token too long' });
  });
});
