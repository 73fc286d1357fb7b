/**
 * A plugin whose section headers are gone (sstrip), overwritten, or cut off with the bytes after its last
 * loadable segment: dlopen reads program headers only, so the Go 1.19 loader of fixtures/loader loads it.
 * `kpa test-plugin` must agree with what that loader does, or say it cannot decide — never a false [KO].
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { buildFixture } from '../../fixtures/binaries/build-fixtures.js';
import { buildLoader, runLoader } from '../../builder/testing/go-loader.js';

const PT_LOAD = 1;

/** The end of the last PT_LOAD's file bytes: what the loader maps. */
function loadedEnd(elf: Buffer): number {
  const phoff = Number(elf.readBigUInt64LE(32));
  const phentsize = elf.readUInt16LE(54);
  let end = 0;
  for (let i = 0; i < elf.readUInt16LE(56); i++) {
    const at = phoff + i * phentsize;
    if (elf.readUInt32LE(at) === PT_LOAD) end = Math.max(end, Number(elf.readBigUInt64LE(at + 8) + elf.readBigUInt64LE(at + 32)));
  }
  return end;
}

/** What sstrip does: no section headers (e_shoff, e_shnum, e_shstrndx zero) and nothing after the loaded bytes. */
function sstrip(elf: Buffer): Buffer {
  const out = Buffer.from(elf.subarray(0, loadedEnd(elf)));
  out.writeBigUInt64LE(0n, 40);
  out.writeUInt16LE(0, 58);
  out.writeUInt16LE(0, 60);
  out.writeUInt16LE(0, 62);
  return out;
}

/** The section header table overwritten with bytes that mean nothing. */
function garbageSectionHeaders(elf: Buffer): Buffer {
  const out = Buffer.from(elf);
  const shoff = Number(out.readBigUInt64LE(40));
  for (let i = shoff; i < out.length; i++) out[i] = (i * 7919) & 0xff;
  return out;
}

/** The loader's verdict per kind; a crash of the loader (a fatal error in plugin.Open) loads nothing. */
function loaderVerdicts(loader: string, file: string): Map<string, boolean> {
  try {
    return new Map(runLoader(loader, file).map((r) => [r.kind, r.loads]));
  } catch {
    return new Map(['server', 'client', 'modifier'].map((k) => [k, false]));
  }
}

async function testPlugin(cwd: string, ...args: string[]) {
  const io = captureIO(cwd, {});
  const code = await main(['test-plugin', ...args], io);
  return { code, lines: io.stderrText().trimEnd().split('\n') };
}

describe('kpa test-plugin on plugins without usable section headers', () => {
  let dir: string;
  let loader: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpa-damaged-elf-'));
    loader = buildLoader(dir);
    const server = readFileSync(buildFixture('server'));
    const client = readFileSync(buildFixture('client'));
    writeFileSync(join(dir, 'server-sstrip.so'), sstrip(server));
    writeFileSync(join(dir, 'client-sstrip.so'), sstrip(client));
    writeFileSync(join(dir, 'server-cut-after-load.so'), server.subarray(0, loadedEnd(server)));
    writeFileSync(join(dir, 'server-shoff-zero.so'), Buffer.concat([server.subarray(0, 40), Buffer.alloc(8), server.subarray(48)]));
    writeFileSync(join(dir, 'server-garbage-sections.so'), garbageSectionHeaders(server));
    // objcopy/strip as well: what people run on a plugin before shipping it.
    copyFileSync(buildFixture('server'), join(dir, 'server-strip.so'));
    execFileSync('strip', ['--strip-all', join(dir, 'server-strip.so')]);
    writeFileSync(join(dir, 'c.c'), 'int kpa_answer(void) { return 42; }\n');
    execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, 'libc-only.so'), join(dir, 'c.c')]);
    writeFileSync(join(dir, 'libc-only-sstrip.so'), sstrip(readFileSync(join(dir, 'libc-only.so'))));
  });

  const FILES = [
    'server-sstrip.so', 'client-sstrip.so', 'server-cut-after-load.so', 'server-shoff-zero.so', 'server-garbage-sections.so', 'server-strip.so',
    'libc-only-sstrip.so',
  ];
  const KINDS = [['server', '-s', 'SERVER'], ['client', '-c', 'CLIENT'], ['modifier', '-m', 'MODIFIER']] as const;

  it.each(FILES)('%s: kpa says what the Go loader does, kind by kind', async (file) => {
    const loads = loaderVerdicts(loader, join(dir, file));
    for (const [kind, flag, label] of KINDS) {
      const r = await testPlugin(dir, flag, file);
      const line = r.lines[0];
      expect(line, r.lines.join('\n')).toMatch(new RegExp(`^\\[(OK|KO)\\] ${label}\\t${file.replace('.', '\\.')}`));
      expect(line.startsWith('[OK]'), `${kind}: loader ${loads.get(kind)}; kpa: ${r.lines.join('\n')}`).toBe(loads.get(kind));
      expect(r.code).toBe(loads.get(kind) ? 0 : 1);
    }
  });

  it('reads the sstrip\'ed plugin as the whole one: same lines, the Go version left undecided', async () => {
    const r = await testPlugin(dir, '-sc', 'server-sstrip.so');
    expect(r.lines.slice(0, 2)).toEqual(['[OK] SERVER\tserver-sstrip.so', '[KO] CLIENT\tserver-sstrip.so: The plugin does not contain a ClientRegisterer.']);
    expect(r.lines).toContain('  kpa: cannot tell from this file: the Go version it was built with: Go writes no build info into plugins, and without section headers the debug info cannot be found.');
  });

  it('still refuses a file cut inside a loadable segment, which no loader maps', async () => {
    const server = readFileSync(buildFixture('server'));
    writeFileSync(join(dir, 'server-cut-in-load.so'), server.subarray(0, loadedEnd(server) - 4096));
    expect(loaderVerdicts(loader, join(dir, 'server-cut-in-load.so')).get('server')).toBe(false);
    const r = await testPlugin(dir, '-s', 'server-cut-in-load.so');
    expect(r.lines[0]).toMatch(/^\[KO\] SERVER\tserver-cut-in-load\.so: plugin\.Open\("server-cut-in-load\.so"\): .*: ELF load command past end of file$/);
  });
});
