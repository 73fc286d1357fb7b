/** writeFixedTexts on real files in a temp dir: what is kept (mode, BOM), what is refused (a file changed since the lint read it, a symbolic link). */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFixedTexts } from './apply-fixes.js';

const root = mkdtempSync(join(tmpdir(), 'kpa-apply-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer, mode = 0o644): string {
  const path = join(root, `f${n++}.go`);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('writeFixedTexts', () => {
  it('replaces the file keeping its mode and BOM, and leaves no temporary file', () => {
    const path = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('old\r\n')]), 0o751);
    const outcome = writeFixedTexts(new Map([[path, 'new\r\n']]), () => 'old\r\n');
    expect(outcome).toEqual({ written: [path], changedOnDisk: [], failed: [] });
    expect(readFileSync(path)).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('new\r\n')]));
    expect(statSync(path).mode & 0o7777).toBe(0o751);
    expect(readdirSync(root).filter((f) => f.includes('.kpa-tmp-'))).toEqual([]);
  });

  it('does not write a file whose content is no longer what the lint read', () => {
    const path = file('edited by someone\n');
    const outcome = writeFixedTexts(new Map([[path, 'fixed\n']]), () => 'what kpa read\n');
    expect(outcome.changedOnDisk).toEqual([path]);
    expect(readFileSync(path, 'utf8')).toBe('edited by someone\n');
  });

  it('does not replace a file changed between reading it and writing it, and removes the temporary file', () => {
    const path = file('old\n');
    const outcome = writeFixedTexts(new Map([[path, 'fixed\n']]), () => 'old\n', { beforeReplace: (f) => writeFileSync(f, 'saved in the editor meanwhile\n') });
    expect(outcome).toEqual({ written: [], changedOnDisk: [path], failed: [] });
    expect(readFileSync(path, 'utf8')).toBe('saved in the editor meanwhile\n');
    expect(readdirSync(root).filter((f) => f.includes('.kpa-tmp-'))).toEqual([]);
  });

  it('does not write through a symbolic link: its target may lie outside the workspace', () => {
    const target = file('old\n');
    const link = join(root, 'link.go');
    symlinkSync(target, link);
    const outcome = writeFixedTexts(new Map([[link, 'new\n']]), () => 'old\n');
    expect(outcome.written).toEqual([]);
    expect(outcome.failed).toEqual([{ file: link, error: expect.stringMatching(/symbolic link/) }]);
    expect([lstatSync(link).isSymbolicLink(), readlinkSync(link), readFileSync(target, 'utf8')]).toEqual([true, target, 'old\n']);
  });

  it('a file that cannot be written is reported, not thrown', () => {
    const outcome = writeFixedTexts(new Map([[join(root, 'missing.go'), 'x']]), () => 'x');
    expect(outcome.failed).toEqual([{ file: join(root, 'missing.go'), error: expect.any(String) }]);
  });
});
