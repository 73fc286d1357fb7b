import { describe, expect, it } from 'vitest';
import { MAX_SUM_PROBLEMS, parseGoSum } from './go-sum.js';
import { sumEntryRange } from './facts.js';

const F = '/p/go.sum';
const H = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function problems(text: string): string[] {
  return parseGoSum(F, text).problems.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.kind}`);
}

describe('parseGoSum', () => {
  it('reads module, version and the /go.mod form with positions', () => {
    const f = parseGoSum(F, `github.com/a/b v1.0.0 ${H}\ngithub.com/a/b v1.1.0/go.mod ${H}\n\n`);
    expect(f.problems).toEqual([]);
    expect(f.lineCount).toBe(4);
    expect(f.entries).toEqual([
      { path: 'github.com/a/b', version: 'v1.0.0', goMod: false, line: 0, versionColumn: 15 },
      { path: 'github.com/a/b', version: 'v1.1.0', goMod: true, line: 1, versionColumn: 15 },
    ]);
    expect(sumEntryRange(f.entries[1])).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 28 } });
  });

  it('reports CRLF once, duplicates, conflicting hashes, conflict markers, wrong field counts and bad hashes', () => {
    const text = [
      `a.com/m v1.0.0 ${H}\r`,
      `a.com/m v1.0.0 ${H}\r`,
      '<<<<<<< ours\r',
      'a.com/m v1.0.0 h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=\r',
      '=======\r',
      'a.com/n v1.0.0\r',
      'a.com/n v1.0.0 h1:short\r',
      'a.com/n v1.0.0 md5:xyz\r',
      '>>>>>>> theirs\r',
      `a.com/p   v1.0.0\t${H}\r`,
      `a.com/q 1.0.0 ${H}`,
      `a.com/r v1.0.0 h1:AAAAAAAAAAAAAAAAAAAA`, // truncated file: the last line stops mid-hash
    ].join('\n');
    expect(problems(text)).toEqual([
      '2:1 note duplicate',
      '3:1 error conflict-marker',
      '4:16 error conflicting-hash',
      '5:1 error conflict-marker',
      '6:1 error fields',
      '7:16 error bad-hash',
      '8:16 error bad-hash',
      '9:1 error conflict-marker',
      '10:1 note syntax',
      '11:9 warning invalid-version',
      '12:16 error bad-hash',
      '1:1 note crlf',
    ]);
    const f = parseGoSum(F, text);
    expect(f.problems.find((p) => p.kind === 'crlf')?.message).toMatch(/CRLF\) line endings on 10 line/);
    expect(f.entries.map((e) => e.path)).toEqual(['a.com/m', 'a.com/p']);
  });

  it('treats random text as malformed lines with positions, and caps the list', () => {
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      let l = '';
      for (let k = 0; k < 30; k++) l += String.fromCharCode(32 + Math.floor(rnd() * 95));
      lines.push(l);
    }
    const f = parseGoSum(F, lines.join('\n'));
    expect(f.problems.length).toBe(MAX_SUM_PROBLEMS + 1);
    expect(f.problems.at(-1)?.message).toMatch(/more malformed go\.sum line\(s\) from here on were not listed/);
    expect(f.problems.every((p) => p.range.start.line < 1000)).toBe(true);
  });

  it('parses a 100,000-line go.sum quickly', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(`example.com/m${i} v1.${i % 7}.0 ${H}`, `example.com/m${i} v1.${i % 7}.0/go.mod ${H}`);
    const text = lines.join('\n') + '\n';
    const t0 = performance.now();
    const f = parseGoSum(F, text);
    const ms = performance.now() - t0;
    expect(f.entries).toHaveLength(100_000);
    expect(f.problems).toEqual([]);
    // Generous: the machine may be busy; a quadratic step would take minutes. bench/modules.bench.ts has the real numbers.
    expect(ms).toBeLessThan(5000);
  });
});
