/**
 * `kpa init` for every plugin kind: the scaffold lints clean with `kpa lint`, builds with the local Go
 * (`go build -buildmode=plugin`, Go 1.19 here, hence --go-directive 1.19) and loads in the KrakenD-like
 * loader (fixtures/loader) with the names krakend.json wires. Needs Go and pre-commit on PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_KIND_SPECS, PLUGIN_KINDS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import { main } from '../../cli/main.js';
import { captureIO } from '../../cli/testing/capture-io.js';
import { buildFactoryCheck, buildLoader, runLoader } from '../../builder/testing/go-loader.js';

let root: string;
let loader: string;
let factoryCheck: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kpa-init-'));
  loader = buildLoader(root);
  factoryCheck = buildFactoryCheck(root);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function kpa(args: string[]) {
  const io = captureIO(root, { ...process.env, NO_COLOR: '1' });
  const code = await main(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const FILES = ['.gitignore', '.pre-commit-config.yaml', 'Makefile', 'go.mod', 'krakend.json', 'main.go'];

const NAMES: Record<PluginKind, (n: string) => string[]> = {
  server: (n) => [n],
  client: (n) => [n],
  modifier: (n) => [`${n}-request`, `${n}-response`],
  middleware: (n) => [n],
};

/** Where each kind's namespace must sit (spec §2) and the shape of its `name`. */
function wiring(kind: PluginKind, config: any): unknown {
  const ns = PLUGIN_KIND_SPECS[kind].namespace;
  switch (kind) {
    case 'server':
      return config.extra_config[ns];
    case 'client':
      return config.endpoints[0].backend[0].extra_config[ns];
    default:
      return config.endpoints[0].extra_config[ns];
  }
}

describe.each(PLUGIN_KINDS.map((k) => [k]))('kpa init --kind %s', (kind) => {
  const name = `hello-${kind}`;
  let dir: string;
  /** Built by go build -buildmode=plugin in beforeAll: a build failure fails every test of the kind. */
  let so: string;

  beforeAll(async () => {
    dir = join(root, `my ${kind} plugin`);
    const r = await kpa(['init', dir, '--kind', kind, '--krakend', '2.1.0', '--name', name, '--module', `example.com/kpa-init/${kind}`, '--go-directive', '1.19']);
    expect(r.stderr).toEqual(kind === 'middleware' ? expect.stringContaining('only in KrakenD Enterprise') : '');
    expect(r.code).toBe(0);
    so = join(root, `${kind}.so`);
    execFileSync('go', ['build', '-buildmode=plugin', '-o', so, '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  });

  it('writes the files, with the exact registerer signature and a value symbol', () => {
    expect(readdirSync(dir).sort()).toEqual(FILES);
    const spec = PLUGIN_KIND_SPECS[kind];
    const main = readFileSync(join(dir, 'main.go'), 'utf8');
    expect(main).toContain(`func (r registerer) ${spec.goSignature} {`);
    expect(main).toContain(`var ${spec.symbol} = registerer(pluginName)`);
    expect(main).toContain('func (registerer) RegisterLogger(v interface{}) {');
    expect(main).toContain(`const pluginName = "${name}"`);
    expect(readFileSync(join(dir, 'go.mod'), 'utf8')).toBe(`module example.com/kpa-init/${kind}\n\ngo 1.19\n`);
  });

  it('wires it in krakend.json at the level KrakenD reads it, with its own settings key', () => {
    const config = JSON.parse(readFileSync(join(dir, 'krakend.json'), 'utf8'));
    expect(config.plugin).toEqual({ folder: './', pattern: '.so' });
    const block = wiring(kind, config) as Record<string, unknown>;
    const names = NAMES[kind](name);
    expect(block.name).toEqual(kind === 'client' ? name : names);
    for (const n of names) expect(block[n]).toEqual({ debug: true });
  });

  it('lints clean with kpa lint', async () => {
    const r = await kpa(['lint', dir, '--krakend', '2.1.0', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const findings = report.diagnostics as { rule: string; severity: string }[];
    // Middleware plugins are Enterprise-only; the config analyzer says so in a note, and that is all.
    const expected = kind === 'middleware' ? ['KPA307'] : [];
    expect(findings.map((d) => d.rule)).toEqual(expected);
    expect(findings.every((d) => d.severity === 'note')).toBe(true);
  });

  it('builds with go build -buildmode=plugin and loads in the KrakenD-like loader with the names krakend.json uses', () => {
    const results = runLoader(loader, so);
    const mine = results.find((x) => x.kind === kind)!;
    expect(mine).toMatchObject({ loads: true, error: '', names: NAMES[kind](name), optional: ['RegisterLogger'] });
    // The other loaders find no symbol, as KrakenD's would.
    for (const other of results.filter((x) => x.kind !== kind)) expect(other.error).toMatch(/symbol \w+ not found in plugin/);
  });

  it('its factories read their own key of the namespace object krakend.json gives them, and work', () => {
    const out = execFileSync(factoryCheck, [kind, so, join(dir, 'krakend.json')], { encoding: 'utf8' });
    const missing = (n: string) => `ok ${kind} ${n}: without its key: ${n}: no "${n}" object next to "name" in the plugin's extra_config`;
    const expected: Record<PluginKind, string[]> = {
      server: [`ok server ${name}: handler calls next`, missing(name)],
      client: [`ok client ${name}: proxied the backend response (418 pong)`, missing(name)],
      modifier: NAMES.modifier(name).map((n) => `ok modifier ${n}: passes its input through, with and without its key`),
      middleware: [`ok middleware ${name}: calls next, with and without its key`],
    };
    expect(out.trimEnd().split('\n')).toEqual(expected[kind]);
  });

  it('has a Makefile whose amd64/arm64 targets call kpa build for the target', () => {
    const out = execFileSync('make', ['-n', 'amd64', 'arm64', 'test', 'KPA=kpa'], { cwd: dir, encoding: 'utf8' });
    const flag = { server: '-s', client: '-c', modifier: '-m', middleware: '-w' }[kind];
    expect(out.split('\n').map((l) => l.trimEnd())).toEqual([
      'kpa build . --krakend 2.1.0 --flavour alpine --arch amd64',
      'kpa build . --krakend 2.1.0 --flavour alpine --arch arm64',
      `kpa test-plugin ${flag} --krakend 2.1.0 --flavour alpine --arch amd64 ${kind}-2.1.0-alpine-amd64.so`,
      '',
    ]);
    // LOCAL=--local: the .so kpa build writes is named for this machine's C library (glibc here), and make test finds it.
    const local = execFileSync('make', ['-n', 'test', 'LOCAL=--local'], { cwd: dir, encoding: 'utf8' });
    expect(local).toContain(`kpa build . --krakend 2.1.0 --flavour alpine --arch amd64 --local\n`);
    expect(local).toContain(` --arch amd64 ${kind}-2.1.0-local-glibc-amd64.so\n`);
    // It says how it finds kpa, and KPA overrides it.
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).toMatch(/^# KPA is how make runs kpa: the `kpa` on your PATH by default .*\n.*npm install -g \/path\/to\/kpa/m);
    expect(execFileSync('make', ['-n', 'lint', 'KPA=/opt/kpa/bin/kpa.js'], { cwd: dir, encoding: 'utf8' })).toBe('/opt/kpa/bin/kpa.js lint . --krakend 2.1.0 --flavour alpine\n');
  });

  it('has a .pre-commit-config.yaml that pre-commit accepts', () => {
    execFileSync('pre-commit', ['validate-config', '.pre-commit-config.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toContain("args: ['.', '--krakend', '2.1.0', '--flavour', 'alpine']");
  });
});

describe('kpa init options and refusals', () => {
  it("go.mod follows the target's Go by default (major.minor)", async () => {
    for (const [krakend, go] of [
      ['2.13.8', '1.25'],
      ['2.0.0', '1.17'],
      ['2.6', '1.22'],
    ]) {
      const dir = join(root, `gover-${krakend}`);
      expect((await kpa(['init', dir, '--kind', 'server', '--krakend', krakend])).code).toBe(0);
      expect(readFileSync(join(dir, 'go.mod'), 'utf8')).toBe(`module gover-${krakend}\n\ngo ${go}\n`);
    }
  });

  it('refuses to overwrite without --force and writes nothing; --force overwrites', async () => {
    const dir = join(root, 'twice');
    expect((await kpa(['init', dir, '--kind', 'client'])).code).toBe(0);
    writeFileSync(join(dir, 'main.go'), '// mine\n');
    const again = await kpa(['init', dir, '--kind', 'server']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('would overwrite main.go, go.mod, krakend.json, Makefile, .pre-commit-config.yaml, .gitignore; nothing was written. Use --force');
    expect(readFileSync(join(dir, 'main.go'), 'utf8')).toBe('// mine\n');
    const forced = await kpa(['init', dir, '--kind', 'server', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'main.go'), 'utf8')).toContain('var HandlerRegisterer = registerer(pluginName)');
  });

  it('--no-logger leaves RegisterLogger out, and the loader then calls no optional method', async () => {
    const dir = join(root, 'quiet');
    expect((await kpa(['init', dir, '--kind', 'server', '--no-logger', '--go-directive', '1.19'])).code).toBe(0);
    expect(readFileSync(join(dir, 'main.go'), 'utf8')).not.toContain('RegisterLogger');
    const so = join(root, 'quiet.so');
    execFileSync('go', ['build', '-buildmode=plugin', '-o', so, '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(runLoader(loader, so).find((x) => x.kind === 'server')).toMatchObject({ loads: true, names: ['quiet'], optional: [] });
  });

  it('derives the name from the directory', async () => {
    const r = await kpa(['init', join(root, 'My Auth Plugin!'), '--kind', 'modifier']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'My Auth Plugin!', 'main.go'), 'utf8')).toContain('const pluginName = "my-auth-plugin"');
  });

  it('usage errors exit 2: no kind, unknown kind, bad name, bad module, unknown release', async () => {
    const dir = join(root, 'bad');
    expect((await kpa(['init', dir])).stderr).toContain(`choose the plugin kind: kpa init ${dir} --kind server|client|modifier|middleware`);
    expect((await kpa(['init', dir, '--kind', 'router'])).code).toBe(2);
    expect((await kpa(['init', dir, '--kind', 'server', '--name', '-x y'])).code).toBe(2);
    expect((await kpa(['init', dir, '--kind', 'server', '--module', 'a b'])).code).toBe(2);
    const r = await kpa(['init', dir, '--kind', 'server', '--krakend', '1.4.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown KrakenD version "1.4.0"');
    expect(() => readdirSync(dir)).toThrow();
  });
});
