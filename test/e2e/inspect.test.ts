/**
 * `kpa inspect` end to end, in-process: the JSON contract of docs/inspect-format.md, the text form, and
 * bad input (binary junk, half-typed Go, a missing path) that must not stop the rest of the tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-inspect-'));
  cpSync(resolve('fixtures/example-plugin'), join(root, 'plugins/example'), { recursive: true });
  mkdirSync(join(root, 'lib'), { recursive: true });
  writeFileSync(join(root, 'lib/util.go'), 'package lib\n\nfunc Helper() int { return 1 }\n');
  mkdirSync(join(root, 'broken'), { recursive: true });
  writeFileSync(join(root, 'broken/main.go'), 'package main\n\nvar ModifierRegisterer = mod{\n\ntype mod struct{}\nfunc (mod) RegisterModifiers(f func(\n');
  writeFileSync(join(root, 'broken/junk.go'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  mkdirSync(join(root, 'vendor/x'), { recursive: true });
  writeFileSync(join(root, 'vendor/x/main.go'), 'package main\nvar HandlerRegisterer = 1\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kpa inspect --format json', () => {
  it('lists exactly the packages that declare plugin symbols, with the documented fields', async () => {
    const io = captureIO(root, {});
    const code = await main(['inspect', '--format', 'json'], io);
    expect(code).toBe(0);
    const report = JSON.parse(io.stdoutText());
    expect(report.packages.map((p: { dir: string }) => p.dir)).toEqual(['broken', 'plugins/example']);
    const example = report.packages[1];
    expect(example).toMatchObject({
      dir: 'plugins/example',
      name: 'main',
      files: ['main.go'],
      module: { path: 'example.com/example-plugin', goMod: 'plugins/example/go.mod' },
    });
    const [server, client] = example.plugins;
    expect(server).toEqual({
      kind: 'server',
      symbol: 'HandlerRegisterer',
      file: 'main.go',
      line: 13,
      loads: true,
      names: ['example-auth'],
      optional: [],
      problems: [expect.objectContaining({ rule: 'KPA106' })],
    });
    expect(client).toMatchObject({ kind: 'client', symbol: 'ClientRegisterer', loads: false });
    expect(client.problems.map((p: { rule: string }) => p.rule)).toEqual(['KPA101']);
    expect(Object.keys(server)).toEqual(['kind', 'symbol', 'file', 'line', 'loads', 'names', 'optional', 'problems']);
  });

  it('still analyses half-typed Go and names the unreadable file on stderr', async () => {
    const io = captureIO(root, {});
    await main(['inspect', 'broken', '--format', 'json'], io);
    const report = JSON.parse(io.stdoutText());
    expect(report.packages[0].plugins[0]).toMatchObject({ kind: 'modifier', symbol: 'ModifierRegisterer', loads: false });
    expect(report.packages[0].plugins[0].problems.map((p: { rule: string }) => p.rule)).toContain('KPA108');
    expect(io.stderrText()).toMatch(/broken\/junk\.go: binary file/);
    expect(io.stderrText()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 with one line for a path that does not exist, or a bad --format', async () => {
    const a = captureIO(root, {});
    expect(await main(['inspect', 'nope'], a)).toBe(2);
    expect(a.stderrText().trim()).toBe('kpa: nope: no such file or directory');
    const b = captureIO(root, {});
    expect(await main(['inspect', '--format', 'xml'], b)).toBe(2);
    expect(b.stderrText()).toMatch(/--format must be text or json/);
  });

  it('--arch chooses the files the build includes, without a target (no module rule needs one then)', async () => {
    const dir = join(root, 'arch');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'go.mod'), 'module example.com/arch\n\ngo 1.19\n');
    writeFileSync(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    writeFileSync(join(dir, 'plugin_arm64.go'), 'package main\n\nvar HandlerRegisterer = 1\n');
    const amd = captureIO(root, {});
    expect(await main(['inspect', 'arch', '--format', 'json'], amd)).toBe(0);
    expect(JSON.parse(amd.stdoutText()).packages[0].plugins[0].problems.map((p: { rule: string }) => p.rule)).toEqual(['KPA112']);
    const arm = captureIO(root, {});
    expect(await main(['inspect', 'arch', '--arch', 'arm64', '--format', 'json'], arm)).toBe(0);
    expect(arm.stderrText()).toBe('');
    expect(JSON.parse(arm.stdoutText()).packages[0].files).toEqual(['main.go', 'plugin_arm64.go']);
  });

  it('prints a readable text summary', async () => {
    const io = captureIO(root, {});
    await main(['inspect', 'plugins'], io);
    expect(io.stdoutText()).toMatch(/plugins\/example \(package main, module example.com\/example-plugin\)/);
    expect(io.stdoutText()).toMatch(/server\s+HandlerRegisterer\s+main\.go:13\s+loads\s+names: example-auth/);
    expect(io.stdoutText()).toMatch(/client\s+ClientRegisterer\s+main\.go:\d+\s+does not load/);
  });
});
