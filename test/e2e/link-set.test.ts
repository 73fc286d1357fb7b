/**
 * The link set against the go command (issue #14 class 7): real plugins with dependencies are built from a
 * module cache made for the test (a hand-made module proxy on disk, GOPROXY=file://, no network), and kpa's
 * link set — the modules of the packages in the plugin's import closure, read from that cache — must equal
 * the modules `go list -deps` reports for the plugin package, for linux/amd64 and linux/arm64. Then `kpa lint`
 * must level by it: the ce#1012 shape (xxhash linked through a dependency of a `go 1.16` module that never names
 * it) an error naming the importer; without the cache, the same error judged from go.sum and one note saying so.
 * Needs Go on PATH: without it the test fails.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginModuleView } from '../../analyzers/manifests/compat.js';
import { loadDiskWorkspace, toPosix } from '../../host/disk-workspace.js';
import { analyzeDiskWorkspace } from '../../host/run-analysis.js';
import { writeModuleProxy } from '../../fixtures/link-set/module-proxy.js';
import { DEPENDENCIES, LOCALDEP, PLUGIN_VARIANTS, pluginFiles, type PluginVariant } from '../../fixtures/link-set/modules.js';

const run = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KPA = join(REPO, 'bin/kpa.js');
/** Shared with the differential test: the standard library compiled for plugins once. */
const GOCACHE = process.env.KPA_DIFFERENTIAL_GOCACHE ?? join(tmpdir(), 'kpa-differential-gocache');
const ARCHES = ['amd64', 'arm64'] as const;
const PLUGIN_MODULE = 'example.com/plugin';

let work = '';
let modcache = '';
let goEnv: NodeJS.ProcessEnv = {};
/** Per variant and GOARCH: `path version` of every module `go list -deps` reports for the plugin package. */
const goListed = new Map<string, string[]>();
let setupError: Error | null = null;

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

async function go(args: string[], cwd: string, env: NodeJS.ProcessEnv = goEnv): Promise<string> {
  try {
    const { stdout } = await run('go', args, { cwd, env, maxBuffer: 16 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`go ${args.join(' ')} failed in ${cwd}:\n${e.stderr ?? e.message}`);
  }
}

beforeAll(async () => {
  try {
    await run('go', ['version']).catch((err: Error) => {
      throw new Error(`the link-set test needs the Go toolchain (Go 1.19) on PATH: ${err.message}`);
    });
    work = mkdtempSync(join(tmpdir(), 'kpa-link-set-'));
    modcache = join(work, 'modcache');
    writeModuleProxy(join(work, 'proxy'), DEPENDENCIES);
    writeTree(join(work, 'localdep'), LOCALDEP);
    goEnv = {
      ...process.env,
      GOMODCACHE: modcache,
      GOPROXY: `file://${toPosix(join(work, 'proxy'))}`,
      GOSUMDB: 'off',
      GOFLAGS: '-mod=mod -modcacherw',
      GOWORK: 'off',
      GO111MODULE: 'on',
      GOPATH: join(work, 'gopath'),
      GOCACHE,
      CGO_ENABLED: '1',
    };
    for (const variant of PLUGIN_VARIANTS) {
      const dir = join(work, variant.name);
      writeTree(dir, pluginFiles(variant));
      if (variant.tidy) await go(['mod', 'tidy'], dir);
      if (variant.vendor) await go(['mod', 'vendor'], dir);
      // Vendored: the go command builds from vendor/ by default, which -mod=mod would override.
      const env = variant.vendor ? { ...goEnv, GOFLAGS: '-modcacherw', GOPROXY: 'off' } : goEnv;
      // A real plugin build: -mod=mod completes go.mod and go.sum as a developer's first build does.
      await go(['build', '-buildmode=plugin', '-o', join(work, `${variant.name}.so`), '.'], dir, env);
      for (const arch of ARCHES) {
        const out = await go(['list', '-deps', '-f', '{{with .Module}}{{.Path}} {{.Version}}{{end}}', '.'], dir, { ...env, GOARCH: arch });
        const modules = [...new Set(out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(`${PLUGIN_MODULE} `)))].sort();
        goListed.set(`${variant.name}/${arch}`, modules);
      }
    }
  } catch (err) {
    setupError = err as Error;
  }
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** kpa's link set of the variant's module: `path version` per linked module (version as go list prints it). */
async function kpaLinkSet(variant: PluginVariant, arch: string): Promise<{ modules: string[]; complete: boolean; gaps: string[] }> {
  const dir = join(work, variant.name);
  const { workspace } = loadDiskWorkspace([dir], dir);
  // A vendored module is read from vendor/ alone: kpa gets no module cache at all.
  const cache = variant.vendor ? join(work, 'no-such-cache') : modcache;
  const { facts } = await analyzeDiskWorkspace(workspace, { GOMODCACHE: cache, PATH: process.env.PATH, HOME: process.env.HOME }, { goarch: arch });
  const module = facts.modules.find((m) => m.modulePath === PLUGIN_MODULE)!;
  const view = pluginModuleView(module, facts.go, facts.modules);
  const modules = [...view.linkSet.linked.keys()].map((path) => `${path} ${view.modules.get(path)!.require?.version ?? view.modules.get(path)!.version}`);
  return { modules: modules.sort(), complete: view.linkSet.complete, gaps: view.linkSet.gaps };
}

interface LintJson {
  diagnostics: { rule: string; severity: string; file: string; line: number; message: string }[];
}

function lint(variant: PluginVariant, env: NodeJS.ProcessEnv): LintJson {
  const r = spawnSync(process.execPath, [KPA, 'lint', '--format', 'json', '--krakend', '2.7.2', '.'], { cwd: join(work, variant.name), env, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`kpa lint exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as LintJson;
}

describe.each(PLUGIN_VARIANTS)('link set of a plugin built with real dependencies ($name: go $go)', (variant) => {
  it.each(ARCHES)('equals the modules `go list -deps` reports for linux/%s', async (arch) => {
    if (setupError) throw setupError;
    const listed = goListed.get(`${variant.name}/${arch}`)!;
    const kpa = await kpaLinkSet(variant, arch);
    expect(kpa.gaps).toEqual([]);
    expect(kpa.complete).toBe(true);
    expect(kpa.modules).toEqual(listed);
    // What go.mod or go.sum name but the closure does not reach for this platform.
    const paths = listed.map((l) => l.split(' ')[0]);
    for (const notLinked of ['example.com/winonly', 'example.com/testonly', 'example.com/unused', 'example.com/nest']) expect(paths).not.toContain(notLinked);
    expect(paths.includes('example.com/armonly')).toBe(arch === 'arm64');
    expect(paths).toEqual(expect.arrayContaining(['github.com/cespare/xxhash/v2', 'example.com/Upper/Case', 'example.com/nest/sub', 'example.com/old', 'example.com/viafork', 'example.com/localdep', 'example.com/vialocal', 'example.com/viaconf']));
  });

  it('makes the xxhash linked through a dependency an error naming the importer, from the module cache (or vendor/)', () => {
    if (setupError) throw setupError;
    const { diagnostics } = lint(variant, { ...process.env, GOMODCACHE: variant.vendor ? join(work, 'no-such-cache') : modcache });
    const kpa202 = diagnostics.filter((d) => d.rule === 'KPA202');
    expect(kpa202.map((d) => [d.severity, d.message.slice(0, d.message.indexOf(':'))])).toEqual([
      ['error', 'github.com/cespare/xxhash/v2 v2.1.1 is linked into the plugin (through example.com/redisish, which imports github.com/cespare/xxhash/v2), but KrakenD 2.7.2 links github.com/cespare/xxhash/v2 v2.3.0'],
    ]);
    expect(kpa202[0].file).toBe(variant.tidy ? 'go.mod' : 'go.sum');
  });

  // (A vendored module needs no cache: the tests above run it without one.)
  if (!variant.vendor) it('without a module cache judges from go.sum, and says so once', () => {
    if (setupError) throw setupError;
    const { diagnostics } = lint(variant, { ...process.env, GOMODCACHE: join(work, 'no-such-cache') });
    const kpa202 = diagnostics.filter((d) => d.rule === 'KPA202');
    // go.mod requires a module the plugin does not import directly (example.com/unused; after tidy, the test's
    // example.com/testonly), so go.sum's source hashes may be theirs: xxhash cannot be told linked, a warning.
    expect(kpa202.filter((d) => d.severity !== 'note').map((d) => [d.severity, d.message])).toEqual([
      ['warning', expect.stringContaining('github.com/cespare/xxhash/v2 is v2.1.1 in your module graph, but KrakenD 2.7.2 links v2.3.0')],
    ]);
    const notes = kpa202.filter((d) => d.severity === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ file: 'go.mod', line: 1 });
    expect(notes[0].message).toContain(`go env GOMODCACHE names ${toPosix(join(work, 'no-such-cache'))}, which does not exist`);
  });
});
