import { describe, expect, it } from 'vitest';
import { builderImage, getManifest, listReleases, resolveTarget } from './resolve-target.js';

describe('listReleases / getManifest', () => {
  it('lists the 57 CE releases oldest to newest', () => {
    const list = listReleases();
    expect(list).toHaveLength(57);
    expect(list[0]).toBe('2.0.0');
    expect(list[list.length - 1]).toBe('2.13.8');
  });

  it('rebuilds module lists from the per-release changes', () => {
    const m = getManifest('2.13.8')!;
    expect(m.go).toBe('1.25.12');
    expect(m.lura).toBe('v2.14.2-0.20260316170719-6d79b4ef723b');
    expect(m.modules['github.com/luraproject/lura/v2']).toBe(m.lura);
    expect(m.modules['github.com/gin-gonic/gin']).toBe('v1.12.0');
    expect(m.modulePath).toBe('github.com/krakend/krakend-ce/v2');
    const old = getManifest('2.0.0')!;
    expect(old.modules['github.com/luraproject/lura/v2']).toBe('v2.0.1');
    expect(old.modules['github.com/devopsfaith/krakend-cobra/v2']).toBeDefined();
    expect(old.modules['github.com/krakend/krakend-cobra/v2']).toBeUndefined();
  });

  it('keeps KrakenD replace directives', () => {
    const m = getManifest('2.4.6')!;
    expect(m.replaces).toContainEqual({
      from: 'github.com/auth0-community/go-auth0',
      fromVersion: 'v1.0.0',
      to: 'github.com/devopsfaith/go-auth0',
      toVersion: 'v0.0.0-20220422124632-a1358a81b559',
    });
    expect(getManifest('2.5.0')!.replaces).toEqual([]);
  });

  it('returns undefined for an unknown exact version', () => {
    expect(getManifest('2.99.0')).toBeUndefined();
  });
});

describe('resolveTarget', () => {
  it('defaults to the newest release, alpine, amd64', () => {
    const r = resolveTarget({});
    if ('error' in r) throw new Error(r.error);
    expect(r.target.spec).toEqual({ krakend: '2.13.8', flavour: 'alpine', arch: 'amd64' });
    expect(r.target.libc).toBe('musl');
    expect(builderImage(r.target)).toBe('krakend/builder:2.13.8');
  });

  it('resolves X.Y to the newest patch and accepts a leading v', () => {
    const r = resolveTarget({ krakend: '2.4', flavour: 'linux-generic', arch: 'arm64' });
    if ('error' in r) throw new Error(r.error);
    expect(r.target.spec.krakend).toBe('2.4.6');
    expect(r.target.libc).toBe('glibc');
    expect(r.target.goarch).toBe('arm64');
    expect(builderImage(r.target)).toBe('krakend/builder:2.4.6-linux-generic');
    const v = resolveTarget({ krakend: 'v2.7.1' });
    expect('target' in v && v.target.manifest.krakend).toBe('2.7.1');
  });

  it('rejects unknown versions with the list of known ones', () => {
    const r = resolveTarget({ krakend: '3.0.0' });
    expect('error' in r && r.error).toMatch(/unknown KrakenD version "3\.0\.0".*2\.0\.0, 2\.0\.1.*2\.13\.8/);
    expect('error' in resolveTarget({ krakend: '2.14' })).toBe(true);
  });

  it('rejects unknown flavours and arches', () => {
    expect('error' in resolveTarget({ flavour: 'debian' }) && resolveTarget({ flavour: 'debian' })).toMatchObject({ error: expect.stringMatching(/alpine.*linux-generic/) });
    expect(resolveTarget({ arch: 'riscv64' })).toMatchObject({ error: expect.stringMatching(/amd64 or arm64/) });
  });

  it('fills builders: legacy for 2.1.1-2.1.2, none before, and notes a missing flavour', () => {
    expect(getManifest('2.1.1')!.builders).toEqual({ alpine: null, linuxGeneric: null, legacy: 'devopsfaith/krakend-plugin-builder:2.1.1' });
    expect(getManifest('2.1.3')!.builders).toEqual({ alpine: 'krakend/builder:2.1.3', linuxGeneric: 'krakend/builder:2.1.3-linux-generic', legacy: null });
    expect(getManifest('2.0.6')!.builders).toEqual({ alpine: null, linuxGeneric: null, legacy: null });
    expect(getManifest('2.0.6')!.notes.join('\n')).toMatch(/No plugin builder image existed for KrakenD 2\.0\.6/);
    const r = resolveTarget({ krakend: '2.1.2', flavour: 'linux-generic' });
    if ('error' in r) throw new Error(r.error);
    expect(r.target.manifest.notes.at(-1)).toMatch(/has no linux-generic builder image/);
    expect(getManifest('2.1.2')!.notes.join('\n')).not.toMatch(/has no linux-generic builder image/);
    const legacy = resolveTarget({ krakend: '2.1.2' });
    expect('target' in legacy && builderImage(legacy.target)).toBe('devopsfaith/krakend-plugin-builder:2.1.2');
  });

  it('uses a given manifest instead of a release', () => {
    const custom = { ...getManifest('2.13.8')!, krakend: '2.12.4-ee', source: 'binary' as const };
    const r = resolveTarget({ manifest: custom, flavour: 'linux-generic' });
    if ('error' in r) throw new Error(r.error);
    expect(r.target.manifest).toBe(custom);
    expect(r.target.spec.krakend).toBe('2.12.4-ee');
  });
});
