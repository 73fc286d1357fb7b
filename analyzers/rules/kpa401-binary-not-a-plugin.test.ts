import { describe, expect, it } from 'vitest';
import { analyzeBinary } from '../binary/index.js';
import type { EngineFacts } from '../facts.js';
import rule from './kpa401-binary-not-a-plugin.js';
import { runRules } from '../engine.js';

export function factsWith(binaries: EngineFacts['binaries']): EngineFacts {
  return { root: '/', go: [], plugins: new Map(), modules: [], configs: [], binaries, recipes: [], inputProblems: [] };
}

describe('KPA401 binary-not-a-plugin', () => {
  it('reports junk and truncated files with the reason, and stays silent on plugins', () => {
    const junk = analyzeBinary('/p/junk.so', new TextEncoder().encode('not a plugin'));
    const truncated = analyzeBinary('/p/t.so', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    const plugin = { ...junk, file: '/p/ok.so', error: null, kind: 'plugin' as const };
    const d = runRules(factsWith([junk, truncated, plugin]), { target: null }, [rule]);
    expect(d.map((x) => [x.file, x.message])).toEqual([
      ['/p/junk.so', 'KrakenD cannot open this file as a plugin: invalid ELF header: not an ELF file. Rebuild it on Linux with `go build -buildmode=plugin`.'],
      ['/p/t.so', expect.stringMatching(/^KrakenD cannot open this file as a plugin: the file is truncated/)],
    ]);
  });

  it('says a non-Go shared object crashes KrakenD', () => {
    const so = { file: '/p/c.so', error: null, kind: 'shared-object' as const, elf: null, go: null, undecided: [] };
    const [d] = runRules(factsWith([so]), { target: null }, [rule]);
    expect(d.message).toMatch(/a shared object without Go code, not a Go plugin: KrakenD crashes with "fatal error: runtime: no plugin module data"/);
  });
});
