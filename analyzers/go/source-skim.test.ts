import { describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import { decodeSource } from '../workspace.js';
import { readConstraintFromHeader } from './build-constraints.js';
import { mentionsPlugin } from './file-facts.js';
import { scanHeader } from './import-scan.js';
import { skimGoSource } from './source-skim.js';

/** The skim must answer exactly what the prefilter asks of the whole decoded text. */
function expectSameAsWholeText(bytes: Uint8Array): void {
  const whole = decodeSource(bytes);
  const skim = skimGoSource(bytes);
  if ('error' in whole) {
    expect(skim).toEqual(whole);
    return;
  }
  expect('error' in skim).toBe(false);
  if ('error' in skim) return;
  expect(skim.mentionsPlugin).toBe(mentionsPlugin(whole.text));
  if (skim.mentionsPlugin) return;
  expect(whole.text.startsWith(skim.head)).toBe(true);
  expect(scanHeader(skim.head, 'f.go')).toEqual(scanHeader(whole.text, 'f.go'));
  expect(readConstraintFromHeader(skim.head)).toBe(readConstraintFromHeader(whole.text));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

const CASES: Record<string, string> = {
  'an ordinary library file': '// Copyright\n\n//go:build linux\n\npackage lib\n\nimport (\n\t"fmt"\n\tx "os"\n)\n\nfunc F() { fmt.Println(x.Args) }\n',
  'a file that starts with a declaration': 'func F() {}\n',
  'identifiers that only begin like keywords': 'package lib\n\nimport "fmt"\nfuncs := 1\ntypeset\nvariable\nconstant\n\nconst C = 1\n',
  'a block comment before the package clause hiding a keyword line': '/*\nfunc example\n*/\n//go:build linux\n\npackage lib\n\nfunc F() {}\n',
  'a cgo preamble': 'package lib\n\n/*\n#include <stdio.h>\ntype x;\n*/\nimport "C"\n\nfunc F() {}\n',
  'a byte order mark': '\ufeff//go:build darwin\n\npackage lib\n\nimport "os"\n\nvar V = os.Args\n',
  'CRLF lines': '// +build windows\r\n\r\npackage lib\r\n\r\nimport "os"\r\n\r\ntype T struct{}\r\n',
  'no declaration at all': '// Package doc.\npackage lib\n\nimport _ "embed"\n',
  'a keyword followed by a non-ASCII character': 'package lib\n\nimport "fmt"\nfuncé\nfunc F() { fmt.Println() }\n',
  '+build lines whose block is not followed by a blank line': '// +build linux\npackage lib\n\nfunc F() {}\n',
  'a plugin symbol': 'package main\n\nvar HandlerRegisterer = registerer("x")\n',
  'a Register… near-miss': 'package lib\n\nfunc RegisterHandlers() {}\n',
  'a main package exporting a var': 'package main\n\nvar Plugin = func() {}\n',
  'a main package exporting nothing': 'package main\n\nimport "os"\n\nfunc main() { os.Exit(0) }\n',
  'Register in a comment only': '// Register nothing here.\npackage lib\n\nfunc F() {}\n',
};

describe('skimGoSource (the prefilter from bytes)', () => {
  it.each(Object.entries(CASES))('answers as the whole text does: %s', (_, text) => {
    expectSameAsWholeText(utf8(text));
  });

  it('reports unreadable bytes as decoding them whole does: NUL bytes, invalid UTF-8', () => {
    expectSameAsWholeText(utf8('package lib\n\x00\nfunc F() {}\n'));
    expectSameAsWholeText(new Uint8Array([...utf8('package lib\n'), 0xc3, 0x28, ...utf8('\nfunc F() {}\n')]));
    expect('error' in skimGoSource(new Uint8Array([0xff]))).toBe(true);
  });

  it('decodes only the head of a file that mentions no plugin', () => {
    const skim = skimGoSource(utf8('package lib\n\nimport "fmt"\n\nfunc F() {\n\tfmt.Println("a long body")\n}\n'));
    expect(skim).toEqual({ mentionsPlugin: false, head: 'package lib\n\nimport "fmt"\n\nfunc' });
  });

  it('answers as the whole text does for every Go file of the fixtures', () => {
    const files = fg.sync('fixtures/**/*.go', { dot: true });
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expectSameAsWholeText(readFileSync(file));
  });
});
