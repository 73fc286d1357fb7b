import { describe, expect, it } from 'vitest';
import type { BinaryFacts } from '../binary/facts.js';
import { runRules } from '../engine.js';
import rule from './kpa402-binary-registerer-rejected.js';
import { factsWith } from './kpa401-binary-not-a-plugin.test.js';

const SERVER_SIG = 'func(func(string, func(context.Context, map[string]interface{}, net/http.Handler) (net/http.Handler, error)))';

function plugin(exports: NonNullable<BinaryFacts['go']>['exports']): BinaryFacts {
  return {
    file: '/p/x.so', error: null, kind: 'plugin', elf: null, undecided: [],
    go: { version: '1.19.8', versionSource: 'dwarf', buildInfo: null, pluginPath: 'x', modules: [], modulesSource: 'file-paths', trimpath: false, modCache: null, cgo: true, goarch: 'amd64', packageHashes: [], exports, exportsSource: 'ptab' },
  };
}

describe('KPA402 binary-registerer-rejected', () => {
  it('reports a pointer variable (**T has no methods) with the loader text', () => {
    const facts = plugin([{ name: 'HandlerRegisterer', kind: 'var', type: { type: '**x.r', kind: 'ptr', methods: [], elem: { type: '*x.r', kind: 'ptr' } } }]);
    const [d] = runRules(factsWith([facts]), { target: null }, [rule]);
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^KrakenD rejects HandlerRegisterer in this plugin with "http-server-handler plugin loader: unknown type": HandlerRegisterer holds a pointer/);
  });

  it('accepts the exact method, notes what it cannot read, ignores other exports', () => {
    const facts = plugin([
      { name: 'HandlerRegisterer', kind: 'var', type: { type: '*x.r', kind: 'ptr', methods: [{ name: 'RegisterHandlers', type: SERVER_SIG }] } },
      { name: 'ClientRegisterer', kind: 'var', type: null },
      { name: 'Other', kind: 'func', type: null },
    ]);
    const d = runRules(factsWith([facts]), { target: null }, [rule]);
    expect(d.map((x) => x.severity)).toEqual(['note']);
    expect(d[0].message).toMatch(/^kpa cannot tell from this file whether KrakenD accepts ClientRegisterer: the Go type of ClientRegisterer could not be read/);
  });
});
