import { describe, expect, it } from 'vitest';
import rule from './kpa305-unknown-plugin-name.js';
import { checkConfig, configWith, handFacts, runRule, STANDARD_PLUGINS } from '../config/testing.js';
import { ENTERPRISE_PLUGINS } from '../config/enterprise-plugins.js';
import { closestNames } from './helpers/closest-names.js';
import { editDistance } from '../edit-distance.js';

describe('KPA305 unknown-plugin-name', () => {
  it('suggests the closest registered name of the same kind, with a fix', () => {
    const [d] = checkConfig(rule, configWith('endpoint', 'plugin/req-resp-modifier', { name: ['geo-requst'] }));
    expect(d.message).toMatch(/registers the modifier name "geo-requst".*Did you mean "geo-request"\?/);
    expect(d.fixes?.[0].edits[0].newText).toBe('"geo-request"');
  });

  it('does not suggest a name already listed beside the unknown one', () => {
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 'authh'] }));
    expect(d.message).toMatch(/"authh".*Registered server names: "logger"\./);
  });

  it('is silent for registered names (any kind; KPA306 handles the kind) and template names', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['auth', 's3-client', '{{ .n }}'] }))).toEqual([]);
  });

  it('is silent when the workspace has no plugin code to compare with', () => {
    expect(checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['x'] }), { plugins: [] })).toEqual([]);
  });

  it('becomes a note when some registered names are computed at run time', () => {
    const ws = { plugins: [...STANDARD_PLUGINS, { dir: '/w/plugins/dyn', kind: 'server' as const, names: [{ name: null }] }] };
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: 'who' }), ws);
    expect([d.severity, d.message]).toEqual(['note', expect.stringMatching(/computed at run time/)]);
  });

  it('knows the names KrakenD Enterprise registers itself, under their own kinds', () => {
    const server = configWith('service', 'plugin/http-server', { name: ['ip-filter', 'url-rewrite', 'geoip', 'jwk-aggregator'] });
    const modifier = configWith('endpoint', 'plugin/req-resp-modifier', { name: ['content-replacer', 'response-schema-validator', 'ip-filter'] });
    const client = configWith('backend', 'plugin/http-client', { name: 'no-redirect' });
    expect([...checkConfig(rule, server), ...checkConfig(rule, modifier), ...checkConfig(rule, client)]).toEqual([]);
  });

  it('reports an Enterprise built-in under another kind\'s namespace, saying where EE reads it', () => {
    const [d, ...rest] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['content-replacer'] }));
    expect(rest).toEqual([]);
    expect([d.severity, d.message]).toEqual([
      'warning',
      '"content-replacer" is a KrakenD Enterprise built-in modifier plugin, read under plugin/req-resp-modifier; under plugin/http-server KrakenD looks it up among server plugins and skips it.',
    ]);
  });

  it('says UNCONFIRMED where the Enterprise name rests on a schema settings key only', () => {
    const [wrongKind] = checkConfig(rule, configWith('endpoint', 'plugin/req-resp-modifier', { name: ['redis-ratelimit'] }));
    expect(wrongKind.message).toMatch(/built-in server plugin \(UNCONFIRMED: kpa found the name only as a settings key of the KrakenD schema\)/);
    const [typo] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['wildcart'] }));
    expect(typo.message).toMatch(/Did you mean "wildcard" \(a KrakenD Enterprise built-in, UNCONFIRMED\)\?/);
  });

  it('suggests an Enterprise built-in for a misspelt one', () => {
    const [d] = checkConfig(rule, configWith('service', 'plugin/http-server', { name: ['url-rewirte'] }));
    expect(d.message).toMatch(/Did you mean "url-rewrite" \(a KrakenD Enterprise built-in\)\?/);
    expect(d.fixes?.[0]).toMatchObject({ title: 'Use the KrakenD Enterprise name "url-rewrite"', edits: [{ newText: '"url-rewrite"' }] });
  });

  it('suggests only plugins the config can load: not those of another config\'s folder', () => {
    const config = (name: string) => JSON.stringify(configWith('service', 'plugin/http-server', { name: [name] }));
    const facts = handFacts({
      configs: { '/w/config/krakend.json': config('tenant-gaurd'), '/w/examples/a/krakend.json': config('allowlst') },
      plugins: [
        { dir: '/w/plugins/tenant-guard', kind: 'server', names: ['tenant-guard'] },
        { dir: '/w/examples/a/plugin', kind: 'server', names: ['allowlist', 'tenant-guards'] },
      ],
    });
    const found = runRule(rule, facts).map((d) => [d.file, d.data?.suggestions]);
    expect(found).toEqual([
      // plugins/ lies under no config's folder: any config may load it.
      ['/w/config/krakend.json', ['tenant-guard']],
      ['/w/examples/a/krakend.json', ['allowlist']],
    ]);
  });

  it('counts a plugin a build recipe builds into the config\'s plugin folder as reachable, wherever it sits', () => {
    const config = (name: string) => JSON.stringify(configWith('service', 'plugin/http-server', { name: [name] }));
    const facts = handFacts({
      configs: { '/w/gateway/krakend.json': config('shared-authh'), '/w/examples/a/krakend.json': config('shared-auth') },
      plugins: [{ dir: '/w/examples/a/plugin', kind: 'server', names: ['shared-auth'] }],
    });
    expect(runRule(rule, facts).map((d) => d.data?.suggestions)).toEqual([[]]);
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } };
    const withRecipe = {
      ...facts,
      recipes: [{ file: '/w/Makefile', kind: 'makefile' as const, pluginBuilds: [{ file: '/w/Makefile', range, cwd: '/w', targets: ['/w/examples/a/plugin'], output: '/w/gateway/plugins/shared-auth.so', partial: false }] }],
    };
    expect(runRule(rule, withRecipe).map((d) => d.data?.suggestions)).toEqual([['shared-auth']]);
  });

  it('says so when the only plugins the config can load are named beside the unknown name already', () => {
    const facts = handFacts({
      configs: { '/w/config/krakend.json': JSON.stringify(configWith('service', 'plugin/http-server', { name: ['tenant-guard', 'tenant-gaurd'] })) },
      plugins: [{ dir: '/w/plugins/tenant-guard', kind: 'server', names: ['tenant-guard'] }],
    });
    expect(runRule(rule, facts).map((d) => d.message)).toEqual([
      'No plugin in the workspace registers the server name "tenant-gaurd", so KrakenD skips it without an error. The server plugins this config can load register only names listed here already ("tenant-guard"): remove "tenant-gaurd", or check it against the plugin\'s code.',
    ]);
  });

  it('lists only the reachable names when none is close, and says when none is reachable', () => {
    const facts = handFacts({
      configs: { '/w/krakend.json': JSON.stringify(configWith('service', 'plugin/http-server', { name: ['zzz'] })) },
      plugins: [{ dir: '/w/examples/a/plugin', kind: 'server', names: ['example'] }],
    });
    // examples/a has no config of its own: it sits under the root config, so it is reachable.
    expect(runRule(rule, facts)[0].message).toMatch(/Registered server names: "example"\./);
    const owned = handFacts({
      configs: {
        '/w/krakend.json': JSON.stringify(configWith('service', 'plugin/http-server', { name: ['zzz'] })),
        '/w/examples/a/krakend.json': JSON.stringify(configWith('service', 'plugin/http-server', { name: ['example'] })),
      },
      plugins: [{ dir: '/w/examples/a/plugin', kind: 'server', names: ['example'] }],
    });
    expect(runRule(rule, owned).map((d) => d.message)).toEqual([expect.stringMatching(/No plugin this config can load registers a server name/)]);
  });

  it('keeps every Enterprise name once, with a source, a known kind, and UNCONFIRMED ones marked', () => {
    const names = ENTERPRISE_PLUGINS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of ENTERPRISE_PLUGINS) {
      expect(p.source, p.name).not.toBe('');
      expect(p.kinds.length, p.name).toBeGreaterThan(0);
      for (const k of p.kinds) expect(['server', 'client', 'modifier', 'middleware']).toContain(k);
    }
    expect(ENTERPRISE_PLUGINS.filter((p) => !p.confirmed).map((p) => p.name)).toContain('redis-ratelimit');
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('auht', 'auth')).toBe(1);
    expect(editDistance('auht', 'audit')).toBe(2);
    expect(closestNames('AUTH', ['auth', 'zzzz'])).toEqual(['auth']);
    expect(closestNames('ab', ['xyz'])).toEqual([]);
  });
});
