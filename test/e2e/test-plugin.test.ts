/** `kpa test-plugin` in-process on real .so files built with Go: the krakend test-plugin texts, then the Target checks. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { buildFixture, loadWithHost } from '../../fixtures/binaries/build-fixtures.js';

async function run(cwd: string, ...args: string[]) {
  const io = captureIO(cwd, {});
  const code = await main(['test-plugin', ...args], io);
  const err = io.stderrText();
  return { code, err, out: io.stdoutText(), lines: err.trimEnd().split('\n') };
}

const DURATION = /\d+(\.\d+)?(ns|µs|ms|s)/;

describe('kpa test-plugin', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpa-test-plugin-'));
    for (const f of ['server', 'client', 'modifier', 'middleware', 'pointer-var', 'wrong-signature']) copyFileSync(buildFixture(f), join(dir, `${f}.so`));
    copyFileSync(buildFixture('server'), join(dir, 'server-copy.so'));
    copyFileSync(buildFixture('server', { flags: ['-trimpath'] }), join(dir, 'server-trimpath.so'));
    const server = readFileSync(join(dir, 'server.so'));
    writeFileSync(join(dir, 'truncated.so'), server.subarray(0, 4096));
    writeFileSync(join(dir, 'junk.so'), 'this is not a plugin\n'.repeat(10));
    mkdirSync(join(dir, 'folder.so'));
    writeFileSync(join(dir, 'c.c'), 'int kpa_answer(void) { return 42; }\n');
    execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, 'libc-only.so'), join(dir, 'c.c')]);
    copyFileSync('/bin/true', join(dir, 'true.so'));
  });

  it('prints the krakend texts for good plugins, in server, modifier, client order, on stderr', async () => {
    const r = await run(dir, '-scm', 'server.so', 'client.so');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.lines).toEqual([
      '[OK] SERVER\tserver.so',
      '[KO] MODIFIER\tserver.so: The plugin does not contain a ModifierRegisterer.',
      '[KO] CLIENT\tserver.so: The plugin does not contain a ClientRegisterer.',
      '[KO] SERVER\tclient.so: The plugin does not contain a HandlerRegisterer.',
      '[KO] MODIFIER\tclient.so: The plugin does not contain a ModifierRegisterer.',
      '[OK] CLIENT\tclient.so',
      expect.stringMatching(new RegExp(`^\\[KO\\] 2 tested plugin\\(s\\) in ${DURATION.source}\\.$`)),
      '2 plugin(s) failed.',
    ]);
    const ok = await run(dir, '-s', 'server.so', './server.so');
    expect(ok.code).toBe(0);
    expect(ok.lines).toEqual(['[OK] SERVER\tserver.so', '[OK] SERVER\tserver.so', expect.stringMatching(new RegExp(`^\\[OK\\] 2 tested plugin\\(s\\) in ${DURATION.source}$`))]);
    const mw = await run(dir, '-w', '-m', 'middleware.so', 'modifier.so');
    expect(mw.lines.slice(0, 4)).toEqual([
      '[KO] MODIFIER\tmiddleware.so: The plugin does not contain a ModifierRegisterer.',
      '[OK] MIDDLEWARE\tmiddleware.so',
      '[OK] MODIFIER\tmodifier.so',
      '[KO] MIDDLEWARE\tmodifier.so: The plugin does not contain a MiddlewareRegisterer.',
    ]);
  });

  it('says unknown type where the loader would, with why', async () => {
    const r = await run(dir, '-scmw', 'pointer-var.so', 'wrong-signature.so');
    expect(r.lines).toContain('[KO] SERVER\tpointer-var.so: http-server-handler plugin loader: unknown type');
    expect(r.lines).toContain('[KO] CLIENT\tpointer-var.so: http-request-executor plugin loader: unknown type');
    expect(r.lines).toContain('[KO] MODIFIER\tpointer-var.so: modifier plugin loader: unknown type');
    expect(r.lines).toContain('[KO] MIDDLEWARE\tpointer-var.so: middleware plugin loader: unknown type');
    expect(r.lines).toContain('[KO] SERVER\twrong-signature.so: http-server-handler plugin loader: unknown type');
    expect(r.err).toMatch(/holds a pointer: Lookup returns \*\*example\.com\/kpa-fixtures\/pointer-var\.registerer/);
    expect(r.err).toMatch(/wrong signature: have .*HandlerFactory/);
    expect(r.lines.at(-1)).toBe('2 plugin(s) failed.');
  });

  it('gives a clear [KO] line for junk, a truncated file, a non-Go ELF, a program, a directory and a missing file', async () => {
    const r = await run(dir, '-s', 'junk.so', 'truncated.so', 'libc-only.so', 'true.so', 'folder.so', 'missing.so');
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`[KO] SERVER\tjunk.so: plugin.Open("junk.so"): ${join(dir, 'junk.so')}: invalid ELF header`);
    expect(r.err).toMatch(/\[KO\] SERVER\ttruncated\.so: plugin\.Open\("truncated\.so"\): .*truncated\.so: ELF load command past end of file\n {2}kpa: the file is truncated/);
    expect(r.lines).toContain('[KO] SERVER\tlibc-only.so: fatal error: runtime: no plugin module data');
    expect(r.err).toMatch(/true\.so: cannot dynamically load position-independent executable\n {2}kpa: this is a program, not a plugin/);
    expect(r.err).toMatch(/\[KO\] SERVER\tfolder\.so: folder\.so is a directory, not a plugin file/);
    expect(r.lines).toContain('[KO] Unable to open the plugin missing.so.');
    expect(r.lines.at(-1)).toBe('6 plugin(s) failed.');
  });

  it('refuses to run without plugins or without a type, as krakend does', async () => {
    expect(await run(dir)).toMatchObject({ code: 1, lines: ['At least one plugin is required.'] });
    expect(await run(dir, 'server.so')).toMatchObject({ code: 1, lines: ['You must declare the expected type of the plugin.'] });
    const bad = await run(dir, '-s', '--krakend', '9.9.9', 'server.so');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown KrakenD version "9\.9\.9"/);
  });

  it('predicts the loader errors of a KrakenD release', async () => {
    const alpine = await run(dir, '-s', '--krakend', '2.13.8', 'server.so');
    expect(alpine.lines[0]).toMatch(/^\[KO\] SERVER\tserver\.so: plugin\.Open\("server\.so"\): Error relocating .*server\.so: \S+: symbol not found$/);
    expect(alpine.err).toMatch(/built against glibc .* musl \(Alpine\): build it in the Alpine builder krakend\/builder:2\.13\.8/);
    const generic = await run(dir, '-sc', '--krakend', '2.13.8', '--flavour', 'linux-generic', 'server.so');
    expect(generic.lines[0]).toMatch(/^\[KO\] SERVER\tserver\.so: plugin\.Open\("server"\): plugin was built with a different version of package \S+$/);
    expect(generic.lines[1]).toMatch(/^\[KO\] CLIENT\tserver\.so: plugin\.Open\("server\.so"\): plugin was built with a different version of package \S+ \(previous failure\)$/);
    expect(generic.err).toMatch(/built with Go 1\.19\.\d+ but KrakenD 2\.13\.8 \(linux-generic, amd64\) was built with Go 1\.25\.12/);
    const old = await run(dir, '-s', '--krakend', '2.4.3', '--flavour', 'linux-generic', 'server.so');
    expect(old.lines[0]).toMatch(/version `GLIBC_2\.3\d' not found \(required by .*server\.so\)$/);
    const arm = await run(dir, '-s', '--krakend', '2.13.8', '--flavour', 'linux-generic', '--arch', 'arm64', 'server.so');
    expect(arm.err).toMatch(/built for amd64 but KrakenD 2\.13\.8 .* runs on arm64/);
  });

  it('against a manifest from the host binary, matches what the real host prints', async () => {
    const manifest = join(dir, 'host.json');
    const io = captureIO(dir, {});
    expect(await main(['manifest', 'from-binary', buildFixture('app'), '-o', manifest], io)).toBe(0);
    const files = ['server.so', 'server-copy.so', 'server-trimpath.so'];
    const r = await run(dir, '-sm', '--manifest', 'host.json', ...files);
    const real = loadWithHost(files.map((f) => join(dir, f)));
    const rel = (s: string) => s.split(dir + '/').join('');
    const expected = files.flatMap((f) =>
      ['server', 'modifier'].map((kind) => {
        const v = real.get(`${join(dir, f)} ${kind}`)!;
        const label = kind.toUpperCase();
        if (v === 'OK') return `[OK] ${label}\t${f}`;
        if (v === 'MISSING') return `[KO] ${label}\t${f}: The plugin does not contain a ${kind === 'server' ? 'HandlerRegisterer' : 'ModifierRegisterer'}.`;
        return `[KO] ${label}\t${f}: ${rel(v)}`;
      }),
    );
    expect(r.lines.filter((l) => l.startsWith('[') && !/tested plugin/.test(l))).toEqual(expected);
    expect(r.lines[3]).toContain('plugin already loaded');
    const alone = await run(dir, '-s', '--manifest', 'host.json', 'server-trimpath.so');
    const realAlone = loadWithHost([join(dir, 'server-trimpath.so')]);
    expect(alone.lines[0]).toBe(`[KO] SERVER\tserver-trimpath.so: ${rel(realAlone.get(`${join(dir, 'server-trimpath.so')} server`)!)}`);
    expect(alone.lines[0]).toContain('plugin was built with a different version of package');
    expect(alone.err).toMatch(/built with -trimpath but the KrakenD binary/);
  });
});
