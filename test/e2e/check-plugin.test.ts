/**
 * `kpa check-plugin` against the texts krakend check-plugin prints (spec §3.3, krakend-cobra plugin_test.go):
 * have/want blocks, `-f` commands, the count line, `No incompatibilities found!`, all on stderr.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';

const H = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
let dir: string;

async function run(args: string[], cwd = dir) {
  const io = captureIO(cwd, {});
  const code = await main(['check-plugin', ...args], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

function sum(lines: string[]): string {
  return lines.map((l) => (l.split(' ').length === 2 ? `${l} ${H}` : l)).join('\n') + '\n';
}

// KrakenD 2.13.8 links cloud.google.com/go v0.123.0, golang.org/x/mod v0.35.0, golang.org/x/text v0.37.0.
const LIBC_2138 = 'MUSL-1.2.5_(alpine-3.23.4)';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpa-check-plugin-'));
  writeFileSync(join(dir, 'go.sum'), sum(['cloud.google.com/go v0.123.0', 'cloud.google.com/go v0.123.0/go.mod', 'golang.org/x/text v0.37.0', 'example.com/only/plugin v1.0.0']));
  mkdirSync(join(dir, 'changes'));
  writeFileSync(
    join(dir, 'changes', 'go.sum'),
    sum([
      'cloud.google.com/go v0.100.2/go.mod',
      'cloud.google.com/go v0.124.0',
      'golang.org/x/mod v0.9.0',
      'golang.org/x/mod v0.10.0/go.mod',
      'golang.org/x/text v0.37.0',
      'golang.org/x/text not-a-version',
    ]),
  );
  writeFileSync(join(dir, 'changes', 'go.mod'), 'module example.com/p\n\ngo 1.25\n\nrequire (\n\tcloud.google.com/go v0.124.0 // indirect\n\tgolang.org/x/mod v0.10.0\n)\n');
  mkdirSync(join(dir, 'nomod'));
  writeFileSync(join(dir, 'nomod', 'go.sum'), sum(['golang.org/x/mod v0.1.0']));
  writeFileSync(join(dir, 'junk.sum'), Buffer.from([0x67, 0x6f, 0x00, 0xff, 0x20, 0x0a]));
  writeFileSync(join(dir, 'long.sum'), 'golang.org/x/mod ' + 'v'.repeat(70 * 1024) + '\n');
});

describe('kpa check-plugin', () => {
  it('prints "No incompatibilities found!" on stderr and exits 0 when everything matches', async () => {
    const r = await run(['-l', LIBC_2138, '--krakend', '2.13.8']);
    expect(r).toEqual({ code: 0, out: '', err: 'No incompatibilities found!\n' });
  });

  it('always reports libc without -l, as krakend check-plugin does (empty have)', async () => {
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('libc\n\thave: \n\twant: MUSL-1.2.5_(alpine-3.23.x)\n1 incompatibilities found\n');
  });

  it('prints have/want per module, highest go.sum version (including /go.mod lines), sorted, libc and go first', async () => {
    const r = await run(['-s', 'changes/go.sum', '-g', '1.22.0', '--krakend', '2.13']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      [
        'libc', '\thave: ', '\twant: MUSL-1.2.5_(alpine-3.23.x)',
        'go', '\thave: 1.22.0', '\twant: 1.25.12',
        'cloud.google.com/go', '\thave: v0.124.0', '\twant: v0.123.0',
        'golang.org/x/mod', '\thave: v0.10.0', '\twant: v0.35.0',
        '4 incompatibilities found', '',
      ].join('\n'),
    );
  });

  it('with -f prints go get, or go mod edit --replace for // indirect modules', async () => {
    const r = await run(['-s', 'changes/go.sum', '-f', '-l', LIBC_2138]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'go mod edit --replace cloud.google.com/go=cloud.google.com/go@v0.123.0\ngo get golang.org/x/mod@v0.35.0\n2 incompatibilities found\n',
    );
  });

  it('with -f and no go.mod beside go.sum prints the read error and exits 1', async () => {
    const r = await run(['-s', 'nomod/go.sum', '-f', '-l', LIBC_2138]);
    expect(r).toMatchObject({ code: 1, err: 'reading go.mod: open nomod/go.mod: no such file or directory\n' });
  });

  it('prints the open error for a missing go.sum and exits 1', async () => {
    const r = await run(['-s', './missing-go.sum']);
    expect(r).toEqual({ code: 1, out: '', err: 'open ./missing-go.sum: no such file or directory\n' });
  });

  it('compares the exact glibc string for linux-generic', async () => {
    expect((await run(['-l', 'GLIBC-2.36_(debian-12)', '--flavour', 'linux-generic'])).code).toBe(0);
    const old = await run(['-l', 'GLIBC-2.36_(debian-12)', '--flavour', 'linux-generic', '--krakend', '2.10.2', '-s', 'nomod/go.sum']);
    expect(old.err).toBe('libc\n\thave: GLIBC-2.36_(debian-12)\n\twant: GLIBC-2.31_(debian-11)\ngolang.org/x/mod\n\thave: v0.1.0\n\twant: v0.19.0\n2 incompatibilities found\n');
  });

  it('rejects an unknown --krakend with the known releases (exit 2)', async () => {
    const r = await run(['--krakend', '2.99']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown KrakenD version "2\.99".*2\.13\.8/);
  });

  it('treats a file that is not text as an input error (exit 2) and a 64 KiB line as bufio does', async () => {
    const junk = await run(['-s', 'junk.sum']);
    expect(junk.code).toBe(2);
    expect(junk.err).toMatch(/junk\.sum is not a go\.sum: binary file \(NUL byte at offset 2\)/);
    expect(await run(['-s', 'long.sum', '-l', LIBC_2138])).toMatchObject({ code: 1, err: 'bufio.Scanner: token too long\n' });
  });
});
