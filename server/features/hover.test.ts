import { describe, expect, test } from 'vitest';
import { getManifest, listReleases, resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import type { PluginSymbolFact } from '../../analyzers/go/plugin-symbols.js';
import type { RegisteredName } from '../../analyzers/config/navigation.js';
import { describeConfigName, requireHover, sinceRelease } from './hover.js';

const resolved = resolveTarget({ krakend: 'latest' });
if (!('target' in resolved)) throw new Error(resolved.error);
const target = resolved.target;
const [modulePath, linked] = Object.entries(target.manifest.modules).find(([p]) => p.includes('lura'))!;

describe('go.mod require hover', () => {
  test('shows the version the target links and since which release', () => {
    const hover = requireHover(`\t${modulePath} ${linked}`, 4, target)!;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain(`KrakenD ${target.manifest.krakend} links \`${modulePath}\` **${linked}**`);
    expect(text).toContain('same version');
    const since = sinceRelease(modulePath, linked, target.manifest.krakend)!;
    expect(text).toContain(`since KrakenD ${since}`);
    // The release before `since` linked another version (or none), and every one from it on links this one.
    const releases = listReleases();
    const from = releases.indexOf(since);
    if (from > 0) expect(getManifest(releases[from - 1])!.modules[modulePath]).not.toBe(linked);
    expect(hover.range).toEqual({ start: { line: 4, character: 1 }, end: { line: 4, character: 1 + modulePath.length } });
  });

  test('says when the required version differs, for single-line requires too', () => {
    const text = (requireHover(`require ${modulePath} v0.0.1`, 2, target)!.contents as { value: string }).value;
    expect(text).toContain('This go.mod requires v0.0.1');
  });

  test('modules KrakenD does not link, and lines that are not requires', () => {
    expect((requireHover('\texample.com/other v1.2.3', 0, target)!.contents as { value: string }).value).toContain('does not link');
    expect(requireHover('module example.com/plugin', 0, target)).toBeNull();
    expect(requireHover('go 1.19', 0, target)).toBeNull();
    expect(requireHover('replace a => b v1.0.0', 0, target)).toBeNull();
  });
});

describe('config plugin name hover', () => {
  const at = (line: number) => ({ start: { line, character: 1 }, end: { line, character: 5 } });
  const client: RegisteredName = { name: 'auth', kind: 'client', dir: '/w/plugins/c', file: '/w/plugins/c/main.go', range: at(20) };
  const symbol: PluginSymbolFact = {
    kind: 'client',
    symbol: 'ClientRegisterer',
    dir: '/w/plugins/c',
    file: '/w/plugins/c/main.go',
    range: at(9),
    declKind: 'var',
    typeName: '*registerer',
    loads: false,
    failures: [{ detail: 'the variable holds a pointer' } as PluginSymbolFact['failures'][number]],
    names: [],
    dynamicNames: 0,
    optional: ['RegisterLogger'],
    optionalMethods: [],
    method: null,
  };
  const registry = { byName: new Map([['auth', [client]]]), dynamicNames: 2 };
  const plugins = new Map([['/w/plugins/c', [symbol]]]);

  test('a name only another kind registers: skipped here, with that plugin, its verdict and optional methods', () => {
    const text = describeConfigName('auth', { kind: 'server', namespace: 'plugin/http-server' }, registry, plugins, '/w');
    expect(text).toContain('❌ No plugin of the workspace registers the server name `auth`');
    expect(text).toContain('2 register call(s) compute their name at run time');
    expect(text).toContain('Registered as another kind of plugin, which this namespace does not read:');
    expect(text).toContain('- **ClientRegisterer** (client plugin) at `plugins/c/main.go:10`, package `plugins/c`');
    expect(text).toContain('- ❌ KrakenD will not load this symbol.\n  - the variable holds a pointer');
    expect(text).toContain('- Optional methods KrakenD calls: `RegisterLogger`');
  });

  test('a name of the namespace kind registered by a package without a plugin symbol', () => {
    const text = describeConfigName('auth', { kind: 'client', namespace: 'plugin/http-client' }, registry, new Map(), '/w');
    expect(text).toContain('Registered by:');
    expect(text).toContain('- a client register call at `plugins/c/main.go:21`, package `plugins/c`: no `ClientRegisterer` declared there');
  });
});
