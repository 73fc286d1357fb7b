import { describe, expect, it } from 'vitest';
import { parseGoBuildOutput } from './go-errors.js';

const files: Record<string, string> = {
  '/home/me/p/main.go': 'package main\n\nfunc greet() string { s := "🚀é"; return s + undefinedThing }\n',
};
const readText = (f: string) => files[f] ?? null;

describe('parseGoBuildOutput', () => {
  it('maps container paths to the host and UTF-8 byte columns to UTF-16 characters', () => {
    const d = parseGoBuildOutput(['# example.com/p', './main.go:3:49: undefined: undefinedThing'], {
      buildCwd: '/app',
      mount: { container: '/app', host: '/home/me/p' },
      readText,
    });
    expect(d).toHaveLength(1);
    // 🚀 is 4 bytes but 2 UTF-16 units, é 2 bytes but 1 unit: byte column 49 is character 45.
    expect(d[0]).toMatchObject({ rule: 'go-build', severity: 'error', file: '/home/me/p/main.go', message: 'undefined: undefinedThing' });
    expect(d[0].range.start).toEqual({ line: 2, character: 45 });
    expect(files['/home/me/p/main.go'].split('\n')[2].slice(45, 59)).toBe('undefinedThing');
  });

  it('joins tab-indented continuation lines, resolves subdirectories and keeps module-cache paths as they are', () => {
    const d = parseGoBuildOutput(
      [
        'sub/x.go:4:1: cannot use v (variable of type int) as string value',
        '\thave int',
        '\twant string',
        '/go/pkg/mod/example.com/dep@v1.0.0/dep.go:10:2: syntax error',
        'note: module requires Go 1.25',
        '\tnot a continuation',
      ],
      { buildCwd: '/app/cmd', mount: { container: '/app', host: '/h' } },
    );
    expect(d.map((x) => [x.file, x.range.start.line, x.message])).toEqual([
      ['/h/cmd/sub/x.go', 3, 'cannot use v (variable of type int) as string value\nhave int\nwant string'],
      ['/go/pkg/mod/example.com/dep@v1.0.0/dep.go', 9, 'syntax error'],
    ]);
  });

  it('a line without a column covers the whole line; local builds use host paths directly', () => {
    const d = parseGoBuildOutput(['./main.go:3: something went wrong'], { buildCwd: '/home/me/p', readText });
    expect(d[0].file).toBe('/home/me/p/main.go');
    expect(d[0].range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 61 } });
  });
});
