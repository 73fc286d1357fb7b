/**
 * runBuild against the FAKE docker of builder/testing/fake-docker.ts (no Docker engine runs here): what the
 * CLI tests cannot reach, such as an interrupted build.
 */
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { planBuild } from './plan.js';
import { findExecutable, localBuildEnv, runBuild } from './run.js';
import { installFakeDocker } from './testing/fake-docker.js';

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'kpa-run-'));
  const dir = join(root, 'plugin');
  const fake = installFakeDocker(root);
  mkdirSync(dir);
  const r = resolveTarget({ krakend: '2.13.8' });
  if ('error' in r) throw new Error(r.error);
  return { root, dir, fake, target: r.target };
}

describe('runBuild (fake docker)', () => {
  it('an aborted build (Ctrl-C) stops the process, reports "interrupted" (exit 130) and leaves no file behind', async () => {
    const { root, dir, fake, target } = setup();
    const controller = new AbortController();
    const seen: string[] = [];
    const outcome = await runBuild({
      dir,
      output: join(dir, 'out.so'),
      plan: (output) => planBuild(target, { dir, output }),
      env: { PATH: fake.binDir, FAKE_DOCKER_MODE: 'stream', FAKE_DOCKER_LOG: fake.logFile, FAKE_DOCKER_GATE: join(root, 'never') },
      onLine: (l) => {
        seen.push(l.text);
        if (l.text === 'step 1') controller.abort();
      },
      abort: controller.signal,
    });
    expect(seen).toContain('step 1');
    expect(seen).not.toContain('step 2');
    expect(outcome).toMatchObject({ ok: false, failure: 'interrupted', exitCode: 130, output: null });
    // The fake wrote a partial output under the temporary name before "step 1"; it must be gone.
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('helpers', () => {
  it('findExecutable looks only at the given PATH', () => {
    const { fake } = setup();
    expect(findExecutable('docker', { PATH: `/nonexistent:${fake.binDir}` })).toBe(join(fake.binDir, 'docker'));
    expect(findExecutable('docker', { PATH: '/nonexistent' })).toBeNull();
    expect(findExecutable('docker', {})).toBeNull();
  });

  it('localBuildEnv drops -trimpath (any spelling) from GOFLAGS and keeps the other flags', () => {
    const r = resolveTarget({ krakend: '2.13.8' });
    if ('error' in r) throw new Error(r.error);
    const plan = planBuild(r.target, { dir: '/p', output: 'x.so', local: true });
    for (const flags of ['-trimpath', '--trimpath', '-trimpath=true', '-mod=mod -trimpath -v']) {
      const { env, warnings } = localBuildEnv(plan, { GOFLAGS: flags, HOME: '/h' });
      expect(env.GOFLAGS).not.toContain('trimpath');
      expect(warnings).toHaveLength(1);
      expect(env).toMatchObject({ HOME: '/h', CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'amd64' });
    }
    expect(localBuildEnv(plan, { GOFLAGS: '-mod=mod -trimpath -v' }).env.GOFLAGS).toBe('-mod=mod -v');
    expect(localBuildEnv(plan, { GOFLAGS: '-mod=mod' })).toMatchObject({ env: { GOFLAGS: '-mod=mod' }, warnings: [] });
  });
});
