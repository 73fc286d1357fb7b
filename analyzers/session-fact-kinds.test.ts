/**
 * The session recomputes facts per kind (fact-providers.ts): an edit to a file recomputes the kind that
 * owns it, a created or deleted file also the kinds that list its kind's files, and the other kinds keep
 * their very arrays. Whatever it keeps, the result equals a fresh analysis of the same files.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { analyze, type EngineOptions } from './engine.js';
import type { EngineFacts } from './facts.js';
import { loadGoParser } from './go/parser.js';
import { AnalysisSession } from './session.js';
import { MemoryFileSource, Workspace } from './workspace.js';

const CONFIG = '{ "version": 3, "plugin": { "pattern": ".so", "folder": "./plugins/" }, "endpoints": [] }\n';

function diskFiles(): Map<string, string> {
  return new Map([
    ['/w/go.mod', 'module example.com/plugin\n\ngo 1.19\n'],
    ['/w/go.sum', ''],
    ['/w/main.go', 'package main\n\nvar HandlerRegisterer = registerer{}\n\ntype registerer string\n'],
    ['/w/krakend.json', CONFIG],
    ['/w/plugins/junk.so', 'not an ELF file'],
  ]);
}

let engine: EngineOptions;

beforeAll(async () => {
  engine = { parser: await loadGoParser(), target: null };
});

function session(files: Map<string, string>) {
  const disk = new MemoryFileSource(files);
  const bytes = { paths: () => disk.paths(), read: (p: string) => disk.read(p), readBytes: (p: string) => new TextEncoder().encode(files.get(p) ?? '') };
  return new AnalysisSession({ root: '/w', disk: bytes, engine });
}

type Kept = { [K in 'go' | 'modules' | 'configs' | 'binaries']: boolean };

function kept(before: EngineFacts, after: EngineFacts): Kept {
  return { go: before.go === after.go, modules: before.modules === after.modules, configs: before.configs === after.configs, binaries: before.binaries === after.binaries };
}

function fresh(files: Map<string, string>) {
  const bytes = { paths: () => [...files.keys()], read: (p: string) => new MemoryFileSource(files).read(p), readBytes: (p: string) => new TextEncoder().encode(files.get(p) ?? '') };
  return analyze(new Workspace('/w', bytes), engine);
}

describe('AnalysisSession, per kind of facts', () => {
  test.each([
    ['/w/go.sum', 'example.com/x v1.0.0 h1:abc=\n', { go: true, modules: false, configs: true, binaries: true }],
    ['/w/go.mod', 'module example.com/renamed\n\ngo 1.19\n', { go: true, modules: false, configs: true, binaries: true }],
    ['/w/krakend.json', CONFIG.replace('"endpoints": []', '"endpoints": [ ]'), { go: true, modules: true, configs: false, binaries: true }],
    ['/w/main.go', 'package main\n\nvar HandlerRegisterer = &registerer{}\n\ntype registerer string\n', { go: false, modules: true, configs: true, binaries: true }],
  ])('an edit to %s recomputes only its own kind', (file, text, expected) => {
    const files = diskFiles();
    const s = session(files);
    s.open(file, files.get(file)!);
    const before = s.analyze().facts;
    s.change(file, [{ text }]);
    const after = s.analyze();
    expect(kept(before, after.facts)).toEqual(expected);
    files.set(file, text);
    expect(after.diagnostics).toEqual(fresh(files).diagnostics);
  });

  test('a .so file changed on disk recomputes binaries; created or deleted, also the configs that resolve their plugin folder against it', () => {
    const files = diskFiles();
    const s = session(files);
    const first = s.analyze().facts;
    files.set('/w/plugins/junk.so', 'still not an ELF file');
    s.diskChanged([{ file: '/w/plugins/junk.so', kind: 'changed' }]);
    const changed = s.analyze().facts;
    expect(kept(first, changed)).toEqual({ go: true, modules: true, configs: true, binaries: false });

    files.set('/w/plugins/other.so', 'junk');
    s.diskChanged([{ file: '/w/plugins/other.so', kind: 'created' }]);
    const created = s.analyze();
    expect(kept(changed, created.facts)).toEqual({ go: true, modules: true, configs: false, binaries: false });
    expect(created.diagnostics).toEqual(fresh(files).diagnostics);
  });

  test('a file no kind reads changes nothing: the last result stands', () => {
    const s = session(diskFiles());
    const before = s.analyze();
    s.open('/w/README.md', '# notes');
    expect(s.analyze()).toBe(before);
  });
});
