/**
 * The Go runtime judges KPA502: a Makefile's plugin builds are run as the recipe facts read them (their
 * environment and flags, with the installed go), each .so is opened by fixtures/loader built the way KrakenD is
 * (cgo, no -trimpath), and a build KPA502 calls an error must fail to build or to load, while one it leaves
 * alone must load. Shows the two facts of spec §7.1 buildable here: a CGO_ENABLED=0 plugin builds with go 1.19
 * (a loadinternal warning) but compiles the standard library without cgo, and -trimpath changes the package
 * hashes: both fail with "plugin was built with a different version of package".
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analyzers/engine.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import type { PluginBuildCommand } from '../../analyzers/recipes/facts.js';
import { MemoryFileSource, Workspace } from '../../analyzers/workspace.js';
import { buildLoader, goEnvironment, runLoader, type LoaderResult } from '../../fixtures/differential/go-toolchain.js';

const run = promisify(execFile);
const GOCACHE = process.env.KPA_DIFFERENTIAL_GOCACHE ?? join(tmpdir(), 'kpa-differential-gocache');

const MAKEFILE = [
  'plain:',
  '\tgo build -buildmode=plugin -o plain.so .',
  'trimpath:',
  '\tgo build -buildmode=plugin -trimpath -o trimpath.so .',
  'no-cgo:',
  '\tCGO_ENABLED=0 go build -buildmode=plugin -o no-cgo.so .',
  'own-package-gcflags:',
  "\tgo build -buildmode=plugin -gcflags='-N -l' -o gcflags.so .",
  '',
].join('\n');

const PLUGIN = `package main

import (
	"context"
	"errors"
	"net/http"
)

type registerer string

var HandlerRegisterer = registerer("recipe-check")

func (r registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f(string(r), func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error) { return nil, errors.New("unused") })
}

func main() {}
`;

interface Outcome {
  name: string;
  built: boolean;
  buildOutput: string;
  load: LoaderResult | null;
  kpa502: string[];
}

let work = '';
let outcomes: Outcome[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kpa-recipe-builds-'));
  const pluginDir = join(work, 'plugin');
  mkdirSync(pluginDir);
  writeFileSync(join(pluginDir, 'go.mod'), 'module example.com/recipe-check\n\ngo 1.19\n');
  writeFileSync(join(pluginDir, 'main.go'), PLUGIN);
  writeFileSync(join(pluginDir, 'Makefile'), MAKEFILE);
  const env = goEnvironment(GOCACHE);
  const loader = join(work, 'loader');
  const built = await buildLoader(loader, env);
  if (!built.ok) throw new Error(`the loader did not build: ${built.output}`);

  const resolved = resolveTarget({});
  if ('error' in resolved) throw new Error(resolved.error);
  const ws = new Workspace('/w', new MemoryFileSource(new Map([['/w/Makefile', MAKEFILE]])));
  const { facts, diagnostics } = analyze(ws, { parser: null, target: resolved.target, only: ['KPA502'] });
  const builds = facts.recipes.flatMap((r) => r.pluginBuilds);
  expect(builds).toHaveLength(4);
  outcomes = [];
  // One at a time: the machine is shared, and the standard library is compiled once per setting.
  for (const build of builds) outcomes.push(await runBuild(build, pluginDir, loader, env, diagnostics.filter((d) => d.rule === 'KPA502' && d.range.start.line === build.range.start.line).map((d) => d.severity)));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the build as the facts read it: its env over the hermetic one, its flags, the package in its cwd. */
async function runBuild(build: PluginBuildCommand, dir: string, loader: string, env: NodeJS.ProcessEnv, kpa502: string[]): Promise<Outcome> {
  const name = build.output!.split('/').pop()!;
  const buildEnv = { ...env, ...Object.fromEntries((build.env ?? []).map((s) => [s.name, s.value ?? ''])) };
  const args = (build.flags ?? []).map((f) => (f.value === null ? f.name : f.name === '-o' ? `-o=${join(dir, f.value)}` : `${f.name}=${f.value}`));
  try {
    await run('go', ['build', ...args, '.'], { cwd: dir, env: buildEnv, maxBuffer: 16 << 20 });
  } catch (err) {
    return { name, built: false, buildOutput: String((err as { stderr?: string }).stderr ?? err), load: null, kpa502 };
  }
  const [load] = await runLoader(loader, join(dir, name), env);
  return { name, built: true, buildOutput: '', load, kpa502 };
}

const outcome = (name: string) => outcomes.find((o) => o.name === name)!;

describe('recipe builds against the Go runtime (KPA502)', () => {
  it('the plain build loads, and KPA502 says nothing about it', () => {
    expect(outcome('plain.so')).toMatchObject({ built: true, load: { loads: true }, kpa502: [] });
  });

  it('-trimpath builds, but the loader built without it refuses the plugin: a different version of package', () => {
    const trimpath = outcome('trimpath.so');
    expect(trimpath.built).toBe(true);
    expect(trimpath.load!.loads).toBe(false);
    expect(trimpath.load!.error).toMatch(/plugin was built with a different version of package/);
    expect(trimpath.kpa502).toEqual(['error']);
  });

  it('CGO_ENABLED=0 builds (go 1.19 only warns "loadinternal: cannot find runtime/cgo") but does not load: a different version of package', () => {
    const noCgo = outcome('no-cgo.so');
    if (noCgo.built) {
      expect(noCgo.load!.loads).toBe(false);
      expect(noCgo.load!.error).toMatch(/plugin was built with a different version of package/);
    } else expect(noCgo.buildOutput).toMatch(/cgo/);
    expect(noCgo.kpa502).toEqual(['error']);
  });

  it('-gcflags for the plugin package only leaves the shared packages alone: it loads, and KPA502 stays silent', () => {
    expect(outcome('gcflags.so')).toMatchObject({ built: true, load: { loads: true }, kpa502: [] });
  });

  it('every KPA502 error is a build or load failure, and every build it leaves alone loads', () => {
    for (const o of outcomes) expect(o.kpa502.includes('error'), o.name).toBe(!o.built || !o.load!.loads);
  });
});
