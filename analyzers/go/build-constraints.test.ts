import { describe, expect, it } from 'vitest';
import {
  evalConstraint, excludedByFileName, fileIncluded, headerConstraintError, parseConstraint, plusBuildToExpression, readConstraintFromHeader, type BuildContext,
} from './build-constraints.js';

function evaluate(expression: string, ctx: BuildContext): boolean {
  const parsed = parseConstraint(expression);
  if ('error' in parsed) throw new Error(`${expression}: ${parsed.error}`);
  return evalConstraint(parsed.expr, ctx);
}

const AMD64 = { goos: 'linux', goarch: 'amd64' };
const ARM64 = { goos: 'linux', goarch: 'arm64' };

describe('file name rules', () => {
  it.each([
    ['main.go', null],
    ['main_test.go', /test files/],
    ['_scratch.go', /starting with "_" or "."/],
    ['.hidden.go', /starting with "_" or "."/],
    ['notes.txt', /not a .go file/],
    ['plugin_linux.go', null],
    ['plugin_windows.go', /GOOS=windows/],
    ['plugin_darwin.go', /GOOS=darwin/],
    ['plugin_android.go', /GOOS=android/],
    ['plugin_amd64.go', null],
    ['plugin_arm64.go', /GOARCH=arm64/],
    ['plugin_linux_amd64.go', null],
    ['plugin_linux_arm64.go', /linux\/arm64/],
    ['plugin_windows_amd64.go', /windows\/amd64/],
    // Only the part after the first "_" counts: a bare GOOS name is no constraint, nor is "unix".
    ['linux.go', null],
    ['windows.go', null],
    ['windows_amd64.go', null],
    ['plugin_unix.go', null],
    ['plugin_test_linux.go', null],
  ])('%s → %s (linux/amd64)', (name, expected) => {
    const reason = excludedByFileName(name, AMD64);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });

  it('follows the target architecture', () => {
    expect(excludedByFileName('plugin_arm64.go', ARM64)).toBeNull();
    expect(excludedByFileName('plugin_amd64.go', ARM64)).toMatch(/GOARCH=amd64/);
  });

  it('lets _linux files build for android, as go/build does', () => {
    expect(excludedByFileName('x_linux.go', { goos: 'android', goarch: 'arm64' })).toBeNull();
  });
});

describe('//go:build expressions', () => {
  it.each([
    ['linux', true],
    ['!linux', false],
    ['windows', false],
    ['ignore', false],
    ['!ignore', true],
    ['linux && amd64', true],
    ['linux && arm64', false],
    ['linux && (amd64 || arm64)', true],
    ['!windows && !darwin', true],
    ['unix', true],
    ['cgo', true],
    ['gc', true],
    ['go1.18', true],
    ['gccgo', false],
    ['darwin || (linux && !cgo)', false],
    ['!(linux)', false],
  ])('%s is %s on linux/amd64', (expr, value) => {
    expect(evaluate(expr, AMD64)).toBe(value);
  });

  it('knows the Go release when told', () => {
    expect(evaluate('go1.20', { ...AMD64, goMinor: 19 })).toBe(false);
    expect(evaluate('go1.19', { ...AMD64, goMinor: 19 })).toBe(true);
    expect(evaluate('go1.99', { ...AMD64, goMinor: 25 })).toBe(false);
    expect(evaluate('go1.1', { ...AMD64, goMinor: 19 })).toBe(true);
    // go/build's release tags start at go1.1 and are spelled without leading zeros.
    expect(evaluate('go1.0', { ...AMD64, goMinor: 19 })).toBe(false);
    expect(evaluate('go1.018', { ...AMD64, goMinor: 19 })).toBe(false);
    expect(evaluate('!go1.99', { ...AMD64, goMinor: 19 })).toBe(true);
  });

  it.each([
    ['linux &&', 'unexpected end of expression'],
    ['(linux', 'missing close paren'],
    ['linux amd64', 'unexpected token amd64'],
    ['&& linux', 'unexpected token &&'],
    ['linux || || amd64', 'unexpected token ||'],
    ['', 'unexpected end of expression'],
    ['!!linux', 'double negation not allowed'],
    ['linux & amd64', 'invalid syntax at &'],
    ['linux, amd64', 'invalid syntax at ,'],
    ['linux && 🚀', 'invalid syntax at 🚀'],
  ])('refuses %j as go/build/constraint does: %s', (expr, error) => {
    expect(parseConstraint(expr)).toMatchObject({ error });
  });

  it('bounds the expression: a thousand operands at most, however deeply nested', () => {
    expect(parseConstraint(Array(1000).fill('linux').join(' && '))).toHaveProperty('expr');
    expect(parseConstraint(Array(1001).fill('linux').join(' && '))).toMatchObject({ error: 'build expression too large' });
    expect(parseConstraint('('.repeat(100_000) + 'linux' + ')'.repeat(100_000))).toMatchObject({ error: 'build expression too large' });
    expect(parseConstraint('!('.repeat(100_000))).toMatchObject({ error: 'build expression too large' });
  });

  it('quotes at most 40 characters of a token, never half a character', () => {
    const parsed = parseConstraint(`linux ${'é'.repeat(200)}`);
    expect(parsed).toMatchObject({ error: `unexpected token ${'é'.repeat(39)}…` });
  });
});

describe('// +build lines', () => {
  it.each([
    [['linux'], '(linux)', true],
    [['linux,amd64'], '(linux && amd64)', true],
    [['linux,arm64 darwin'], '((linux && arm64) || (darwin))', false],
    [['!windows', 'amd64'], '(!windows) && (amd64)', true],
    [['ignore'], '(ignore)', false],
    // Go never refuses a +build line: what it cannot read stands for "ignore".
    [['!!linux'], '(ignore)', false],
    [['!'], '(ignore)', false],
    [['!lin-ux'], '(!ignore)', true],
    [['linux,'], '(linux && ignore)', false],
    [[''], '(ignore)', false],
  ])('%j → %s', (lines, expression, value) => {
    expect(plusBuildToExpression(lines)).toBe(expression);
    expect(evaluate(expression, AMD64)).toBe(value);
  });
});

describe('reading the header', () => {
  it('reads //go:build before the package clause', () => {
    expect(readConstraintFromHeader('// Copyright\n\n//go:build linux && amd64\n\npackage main\n')).toBe('linux && amd64');
  });

  it('prefers //go:build over // +build', () => {
    expect(readConstraintFromHeader('//go:build linux\n// +build windows\n\npackage main\n')).toBe('linux');
  });

  it('reads // +build lines only when a blank line follows them', () => {
    expect(readConstraintFromHeader('// +build windows\n\npackage main\n')).toBe('(windows)');
    expect(readConstraintFromHeader('// +build windows\npackage main\n')).toBeNull();
    expect(readConstraintFromHeader('// +build linux\n// +build amd64\n\npackage main\n')).toBe('(linux) && (amd64)');
    expect(readConstraintFromHeader('// +build linux\n// Package main is a plugin.\npackage main\n')).toBeNull();
  });

  it('skips block comments and ignores constraints after the package clause', () => {
    expect(readConstraintFromHeader('/* licence\n   text */\n//go:build ignore\n\npackage main\n')).toBe('ignore');
    expect(readConstraintFromHeader('package main\n\n//go:build ignore\n')).toBeNull();
    expect(readConstraintFromHeader('\r\n//go:build windows\r\n\r\npackage main\r\n')).toBe('windows');
  });

  it('returns null for a file without constraints, an empty file, or a // go:build with a space', () => {
    expect(readConstraintFromHeader('package main\n')).toBeNull();
    expect(readConstraintFromHeader('')).toBeNull();
    expect(readConstraintFromHeader('// go:build ignore\n\npackage main\n')).toBeNull();
  });
});

describe('fileIncluded', () => {
  it('combines the file name and the constraint, with a reason', () => {
    expect(fileIncluded('main.go', null, AMD64)).toEqual({ included: true });
    expect(fileIncluded('main.go', 'linux', AMD64)).toEqual({ included: true });
    expect(fileIncluded('main.go', 'ignore', AMD64)).toEqual({ included: false, reason: 'the build constraint "ignore" excludes it for linux/amd64' });
    expect(fileIncluded('main_windows.go', 'linux', AMD64).reason).toMatch(/GOOS=windows/);
  });

  it('keeps a file whose constraint does not parse: go build fails on it (KPA108 reports the line), it does not skip it', () => {
    expect(fileIncluded('main.go', 'linux &&', AMD64)).toEqual({ included: true });
    expect(fileIncluded('main.go', '!!linux', AMD64)).toEqual({ included: true });
  });

  it('excludes a file for a Go release above the target\'s, naming the release', () => {
    expect(fileIncluded('main.go', 'go1.99', { ...AMD64, goMinor: 19 })).toEqual({
      included: false,
      reason: 'the build constraint "go1.99" excludes it for linux/amd64 with Go 1.19',
    });
  });

  it('quotes at most 80 characters of a long constraint', () => {
    const reason = fileIncluded('main.go', Array(100).fill('windows').join(' || '), AMD64).reason!;
    expect(reason).toMatch(/^the build constraint "windows \|\| windows.{50,}…" excludes it for linux\/amd64$/);
    expect(reason.length).toBeLessThan(140);
  });
});

describe('headerConstraintError', () => {
  it('says what go build says, with the line', () => {
    const text = '// Copyright\n\n//go:build !!linux\n\npackage main\n';
    expect(headerConstraintError(text)).toEqual({ error: 'parsing //go:build line: double negation not allowed', start: 14, end: 32 });
    expect(headerConstraintError('//go:build\n\npackage main\n')).toMatchObject({ error: 'parsing //go:build line: unexpected end of expression' });
    expect(headerConstraintError('//go:build linux\n//go:build amd64\n\npackage main\n')).toEqual({ error: 'multiple //go:build comments', start: 17, end: 33 });
  });

  it('is null for a header go/build reads, and for a //go:buildx comment', () => {
    expect(headerConstraintError('//go:build linux && (amd64 || arm64)\n\npackage main\n')).toBeNull();
    expect(headerConstraintError('//go:buildlinux\n\npackage main\n')).toBeNull();
    expect(headerConstraintError('package main\n\n//go:build !!linux\n')).toBeNull();
    expect(headerConstraintError('// +build !!linux\n\npackage main\n')).toBeNull();
  });
});
