import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatcher, globProblem, MAX_GLOB_ALTERNATIVES } from './glob.js';

describe('globMatcher', () => {
  const cases: [string, string, boolean][] = [
    ['gen/**', 'gen/a.go', true],
    ['gen/**', 'gen/x/y/a.go', true],
    ['gen/**', 'src/gen/a.go', false],
    ['gen/', 'gen/a.go', true],
    ['gen', 'x/gen/a.go', true],
    ['*_gen.go', 'a_gen.go', true],
    ['*_gen.go', 'deep/dir/a_gen.go', true],
    ['*_gen.go', 'a_gen.go.txt', false],
    ['plugins/*/main.go', 'plugins/a/main.go', true],
    ['plugins/*/main.go', 'plugins/a/b/main.go', false],
    ['**/testdata/**', 'x/testdata/y.go', true],
    ['**/testdata/**', 'testdata/y.go', true],
    ['a/**/b.go', 'a/b.go', true],
    ['a/**/b.go', 'a/x/y/b.go', true],
    ['a/**/b.go', 'a/x/y/c.go', false],
    ['**/*.{go,mod}', 'x/go.mod', true],
    ['**/*.{go,mod}', 'x/go.sum', false],
    ['{gen,vendor/{a,b}}/**', 'vendor/b/x.go', true],
    ['{gen,vendor/{a,b}}/**', 'vendor/c/x.go', false],
    ['file?.go', 'file1.go', true],
    ['file?.go', 'fileé.go', true],
    ['file[0-9].go', 'filex.go', false],
    ['file[0-9].go', 'file7.go', true],
    ['file[!0-9].go', 'filex.go', true],
    ['file[!0-9].go', 'file7.go', false],
    ['a[/]b', 'a/b', false],
    ['a[b', 'a[b', true],
    ['./vendor', 'vendor/a/b.go', true],
    ['a.b', 'axb', false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*ab', 'a'.repeat(40) + 'b.go', false],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*ab', 'a'.repeat(40) + 'b', true],
  ];
  it.each(cases)('%s on %s → %s', (pattern, path, expected) => {
    expect(globMatcher([pattern])(path)).toBe(expected);
  });

  it('skips patterns that are not globs instead of throwing', () => {
    expect(globMatcher(['[z-a]', 'gen/**'])('gen/a.go')).toBe(true);
    expect(globMatcher(['[z-a]'])('z')).toBe(false);
  });
});

describe('globProblem', () => {
  it('says why a pattern cannot be used', () => {
    expect(globProblem('[z-a]')).toBe('the range z-a in [z-a] is reversed; write a-z');
    expect(globProblem('a[]')).toMatch(/empty/);
    expect(globProblem('x'.repeat(1001))).toMatch(/longer than 1000/);
    expect(globProblem('{a,b}'.repeat(9))).toMatch(new RegExp(`more than ${MAX_GLOB_ALTERNATIVES}`));
    expect(globProblem('gen/**')).toBeNull();
  });
});

describe('matching cost', () => {
  // Each of these took minutes (or forever) as a RegExp.
  it('stays bounded by pattern × path on backtracking shapes', () => {
    const deep = Array.from({ length: 200 }, (_, i) => `d${i}`).join('/') + '/file.go';
    const shapes: [string, string][] = [
      ['*a'.repeat(400) + 'b', 'a'.repeat(4000)],
      [Array(150).fill('**').join('/x/') + '/nomatch', deep],
      [Array(300).fill('**').join('/') + '/nomatch', deep],
      ['?*'.repeat(300) + 'z', 'y'.repeat(4000)],
    ];
    for (const [pattern, path] of shapes) {
      const glob = compileGlob(pattern);
      if (!('matches' in glob)) throw new Error(glob.problem);
      const started = performance.now();
      expect(glob.matches(path)).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

/** The obvious exponential matcher, as the reference for small inputs. */
function reference(pattern: string, path: string): boolean {
  let p = pattern.trim().replace(/^(\.\/)+/, '');
  if (p.endsWith('/')) p += '**';
  if (!p.includes('/')) p = `**/${p}`;
  const segments = [...p.split('/'), '**'];
  const segmentMatches = (pat: string, text: string): boolean => {
    if (pat === '') return text === '';
    if (pat[0] === '*') return [...Array(text.length + 1).keys()].some((k) => segmentMatches(pat.slice(1), text.slice(k)));
    return text !== '' && (pat[0] === '?' || pat[0] === text[0]) && segmentMatches(pat.slice(1), text.slice(1));
  };
  const pathMatches = (segs: string[], parts: string[]): boolean => {
    if (segs.length === 0) return parts.length === 0;
    if (segs[0] === '**') return [...Array(parts.length + 1).keys()].some((k) => pathMatches(segs.slice(1), parts.slice(k)));
    return parts.length > 0 && segmentMatches(segs[0], parts[0]) && pathMatches(segs.slice(1), parts.slice(1));
  };
  return pathMatches(segments, path.split('/'));
}

describe('against the exponential reference', () => {
  it('agrees on random small patterns and paths', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?', '/', '**', '**/'), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    const path = fc.array(fc.constantFrom('a', 'b', 'ab', 'ba', 'aab'), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(pattern, path, (pat, p) => {
        expect(globMatcher([pat])(p)).toBe(reference(pat, p));
      }),
      { seed: 17, numRuns: 3000 },
    );
  });
});
