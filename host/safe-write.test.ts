import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectory, writeFileAtomically, writeFilesInto } from './safe-write.js';
import { UsageError } from './usage-error.js';

let d: string;
beforeEach(() => {
  d = mkdtempSync(join(tmpdir(), 'kpa-safe-write-'));
});
afterEach(() => rmSync(d, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('replaces a symbolic link itself, never its target', () => {
    writeFileSync(join(d, 'target'), 'keep\n');
    symlinkSync('target', join(d, 'out'));
    writeFileAtomically(join(d, 'out'), 'new\n');
    expect(readFileSync(join(d, 'target'), 'utf8')).toBe('keep\n');
    expect(lstatSync(join(d, 'out')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(d, 'out'), 'utf8')).toBe('new\n');
  });

  it('leaves no temporary when the rename fails', () => {
    mkdirSync(join(d, 'out'));
    expect(() => writeFileAtomically(join(d, 'out'), 'x')).toThrow();
    expect(readdirSync(d)).toEqual(['out']);
  });
});

describe('writeFilesInto', () => {
  const files = [
    { path: 'a.txt', content: 'a' },
    { path: 'b.txt', content: 'b' },
  ];

  it('writes every file and says which existed', () => {
    writeFileSync(join(d, 'b.txt'), 'old');
    expect(writeFilesInto(d, 'd', files, true)).toEqual(['b.txt']);
    expect(readFileSync(join(d, 'a.txt'), 'utf8') + readFileSync(join(d, 'b.txt'), 'utf8')).toBe('ab');
  });

  it('writes nothing when one name is taken, a link or not a file', () => {
    writeFileSync(join(d, 'b.txt'), 'old');
    expect(() => writeFilesInto(d, 'd', files, false)).toThrow(new UsageError('d: would overwrite b.txt; nothing was written. Use --force to overwrite.'));
    rmSync(join(d, 'b.txt'));
    symlinkSync('/nonexistent/elsewhere', join(d, 'b.txt'));
    expect(() => writeFilesInto(d, 'd', files, true)).toThrow(/b\.txt: is a symbolic link/);
    rmSync(join(d, 'b.txt'));
    mkdirSync(join(d, 'b.txt'));
    expect(() => writeFilesInto(d, 'd', files, true)).toThrow(/b\.txt: exists and is not a regular file/);
    expect(readdirSync(d)).toEqual(['b.txt']);
  });
});

describe('makeDirectory', () => {
  it('creates the missing levels, and fails at once where mkdir cannot', () => {
    makeDirectory(join(d, 'x/y/z'), 'x/y/z');
    expect(lstatSync(join(d, 'x/y/z')).isDirectory()).toBe(true);
    writeFileSync(join(d, 'file'), '');
    expect(() => makeDirectory(join(d, 'file/sub'), 'file/sub')).toThrow(UsageError);
    const started = Date.now();
    expect(() => makeDirectory('/proc/kpa-not-here/x', '/proc/kpa-not-here/x')).toThrow(/cannot create \/proc\/kpa-not-here/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
