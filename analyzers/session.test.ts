import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { analyze, type EngineOptions } from './engine.js';
import { loadGoParser, type GoParser } from './go/parser.js';
import { LineIndex } from './positions.js';
import { resolveTarget } from './manifests/resolve-target.js';
import { AnalysisSession, type TextChange } from './session.js';
import { decodeSource, Workspace, type FileSource, type ReadResult } from './workspace.js';
import { PLUGIN } from '../test/e2e/lsp-fixtures.js';

const encoder = new TextEncoder();

/** Files as a disk would hold them: read through decodeSource, as the CLI reads real files. */
class BytesSource implements FileSource {
  constructor(readonly files: Map<string, string>) {}
  paths(): readonly string[] {
    return [...this.files.keys()];
  }
  read(path: string): ReadResult {
    const text = this.files.get(path);
    return text === undefined ? { kind: 'unreadable', error: 'no such file or directory' } : decodeSource(encoder.encode(text));
  }
}


const HELPER = `package main

func helper() string { return "registerer" }
`;

const OTHER = `package other

var ClientRegisterer = registerer{}

type registerer struct{}
`;

const GO_MOD = 'module example.com/plugin\n\ngo 1.19\n';

function diskFiles(): Map<string, string> {
  return new Map([
    ['/w/go.mod', GO_MOD],
    ['/w/plugin/main.go', PLUGIN],
    ['/w/plugin/helper.go', HELPER],
    ['/w/other/other.go', OTHER],
  ]);
}

let parser: GoParser;
let engine: EngineOptions;

beforeAll(async () => {
  parser = await loadGoParser();
  engine = { parser, target: null };
});

function fresh(files: Map<string, string>) {
  return analyze(new Workspace('/w', new BytesSource(files)), engine);
}

function session(files = diskFiles()) {
  return new AnalysisSession({ root: '/w', disk: new BytesSource(files), engine });
}

function at(text: string, offset: number) {
  return new LineIndex(text).offsetToPosition(offset);
}

describe('AnalysisSession', () => {
  test('matches a fresh analysis before any edit, and finds the plugin bug', () => {
    const s = session();
    const { diagnostics } = s.analyze();
    expect(diagnostics).toEqual(fresh(diskFiles()).diagnostics);
    expect(diagnostics.map((d) => d.rule)).toContain('KPA101');
  });

  test('a change of target re-evaluates go1.N build constraints, as a fresh analysis does', () => {
    const files = diskFiles();
    files.set('/w/plugin/main.go', `//go:build go1.21\n\n${PLUGIN}`);
    const targets = ['2.4', '2.7', '2.4'].map((krakend) => {
      const resolved = resolveTarget({ krakend });
      if ('error' in resolved) throw new Error(resolved.error);
      return resolved.target;
    });
    const s = session(files);
    for (const target of targets) {
      s.setOptions({ ...engine, target });
      const expected = analyze(new Workspace('/w', new BytesSource(files)), { ...engine, target }).diagnostics;
      expect(s.analyze().diagnostics).toEqual(expected);
      // Go 1.20 (KrakenD 2.4) leaves the file out; Go 1.22 (2.7) compiles it.
      expect(expected.some((d) => d.rule === 'KPA112')).toBe(target.manifest.go.startsWith('1.20'));
    }
  });

  test('an open buffer wins over disk, and closing it reverts to disk', () => {
    const s = session();
    const fixed = PLUGIN.replace('&registerer{}', 'registerer{}');
    s.open('/w/plugin/main.go', fixed);
    expect(s.analyze().diagnostics.filter((d) => d.rule === 'KPA101')).toEqual([]);
    s.close('/w/plugin/main.go');
    expect(s.analyze().diagnostics.filter((d) => d.rule === 'KPA101')).toHaveLength(1);
  });

  test('incremental edits give the same findings as analysing the edited text', () => {
    const s = session();
    s.open('/w/plugin/main.go', PLUGIN);
    s.analyze();
    const start = PLUGIN.indexOf('&registerer{}');
    const text = s.change('/w/plugin/main.go', [{ range: { start: at(PLUGIN, start), end: at(PLUGIN, start + 1) }, text: '' }]);
    expect(text).toBe(PLUGIN.replace('&registerer{}', 'registerer{}'));
    const files = diskFiles();
    files.set('/w/plugin/main.go', text);
    expect(s.analyze().diagnostics).toEqual(fresh(files).diagnostics);
  });

  test('only the changed package is recomputed; other packages keep their facts', () => {
    const s = session();
    s.open('/w/plugin/main.go', PLUGIN);
    const before = s.analyze().facts.go.find((p) => p.dir === '/w/other');
    s.change('/w/plugin/main.go', [{ range: { start: at(PLUGIN, 0), end: at(PLUGIN, 0) }, text: '// edited\n' }]);
    const after = s.analyze().facts;
    expect(after.go.find((p) => p.dir === '/w/other')).toBe(before);
    expect(after.go.find((p) => p.dir === '/w/plugin')?.fileFacts.find((f) => f.file === '/w/plugin/helper.go')).toBe(
      s.analyze().facts.go.find((p) => p.dir === '/w/plugin')?.fileFacts.find((f) => f.file === '/w/plugin/helper.go'),
    );
  });

  test('an edit that leaves the facts as they were keeps the last result; one that changes them does not', () => {
    const s = session();
    s.open('/w/plugin/main.go', PLUGIN);
    const before = s.analyze();
    // Typing inside a function body, within one line: no declaration moves or changes.
    const inBody = at(PLUGIN, PLUGIN.indexOf('return h, nil') + 'return h'.length);
    let text = s.change('/w/plugin/main.go', [{ range: { start: inBody, end: inBody }, text: ' /* typed */' }]);
    const kept = s.analyze();
    expect(kept).toBe(before);
    const files = diskFiles();
    files.set('/w/plugin/main.go', text);
    expect(kept.diagnostics).toEqual(fresh(files).diagnostics);
    // Dropping the pointer changes the registerer's facts: the package and the findings are recomputed.
    const pointer = at(text, text.indexOf('&registerer{}'));
    text = s.change('/w/plugin/main.go', [{ range: { start: pointer, end: { line: pointer.line, character: pointer.character + 1 } }, text: '' }]);
    const after = s.analyze();
    expect(after).not.toBe(before);
    files.set('/w/plugin/main.go', text);
    expect(after.diagnostics).toEqual(fresh(files).diagnostics);
    expect(after.diagnostics.some((d) => d.rule === 'KPA101')).toBe(false);
  });

  test('a NUL byte typed into a buffer makes it unreadable (KPA001), as it would be on disk', () => {
    const s = session();
    s.open('/w/plugin/helper.go', HELPER);
    s.change('/w/plugin/helper.go', [{ range: { start: at(HELPER, 3), end: at(HELPER, 3) }, text: '\0' }]);
    const kpa001 = s.analyze().diagnostics.filter((d) => d.rule === 'KPA001');
    expect(kpa001.map((d) => d.file)).toEqual(['/w/plugin/helper.go']);
    expect(kpa001[0].message).toContain('NUL byte at offset 3');
  });

  test('disk changes are picked up for files that are not open, and ignored for open ones', () => {
    const files = diskFiles();
    const s = session(files);
    expect(s.analyze().diagnostics.some((d) => d.file === '/w/other/other.go' && d.rule === 'KPA001')).toBe(false);
    files.set('/w/other/other.go', 'package other\0');
    s.diskChanged([{ file: '/w/other/other.go', kind: 'changed' }]);
    expect(s.analyze().diagnostics.some((d) => d.file === '/w/other/other.go' && d.rule === 'KPA001')).toBe(true);
    files.set('/w/new/new.go', 'x\0');
    s.diskChanged([{ file: '/w/new/new.go', kind: 'created' }]);
    expect(s.analyze().diagnostics).toEqual(fresh(files).diagnostics);
    files.delete('/w/other/other.go');
    s.diskChanged([{ file: '/w/other/other.go', kind: 'deleted' }]);
    expect(s.analyze().diagnostics).toEqual(fresh(files).diagnostics);
    s.open('/w/plugin/main.go', PLUGIN);
    files.set('/w/plugin/main.go', 'package main\0');
    s.diskChanged([{ file: '/w/plugin/main.go', kind: 'changed' }]);
    expect(s.analyze().diagnostics.some((d) => d.file === '/w/plugin/main.go' && d.rule === 'KPA001')).toBe(false);
  });

  test('half-typed code answers from the incremental tree at once and equals a fresh analysis once settled', () => {
    const s = session();
    s.open('/w/plugin/main.go', PLUGIN);
    s.analyze();
    expect(s.unsettled()).toBe(false);
    let text = PLUGIN;
    const end = text.length;
    for (const ch of 'func (r registerer) RegisterClients(f func(') {
      const position = at(text, text.length);
      text = s.change('/w/plugin/main.go', [{ range: { start: position, end: position }, text: ch }]);
      s.analyze();
    }
    expect(text.slice(end)).toBe('func (r registerer) RegisterClients(f func(');
    expect(s.unsettled()).toBe(true);
    expect(s.settle()).toBe(true);
    expect(s.unsettled()).toBe(false);
    const files = diskFiles();
    files.set('/w/plugin/main.go', text);
    expect(s.analyze().diagnostics).toEqual(fresh(files).diagnostics);
    expect(s.settle()).toBe(false);
  });

  test.each(['native', 'wasm'] as const)('%s: trees of closed, replaced and re-parsed texts are released', async (backend) => {
    const base = await loadGoParser(backend);
    const live = new Set<unknown>();
    const counting: GoParser = {
      backend: base.backend,
      parse(text, previous) {
        const tree = base.parse(text, previous);
        live.add(tree);
        return tree;
      },
      release(tree) {
        expect(live.delete(tree)).toBe(true);
        base.release(tree);
      },
    };
    const s = new AnalysisSession({ root: '/w', disk: new BytesSource(diskFiles()), engine: { parser: counting, target: null } });
    s.open('/w/plugin/main.go', PLUGIN);
    s.open('/w/plugin/helper.go', HELPER);
    s.analyze();
    let text = PLUGIN;
    for (let i = 0; i < 40; i++) {
      const position = at(text, text.indexOf('type registerer'));
      text = s.change('/w/plugin/main.go', [{ range: { start: position, end: position }, text: i % 7 === 6 ? '\n' : '(' }]);
      s.analyze();
      if (i % 10 === 9) s.settle();
      if (i === 20) s.change('/w/plugin/helper.go', [{ text: HELPER }]);
    }
    // Only the open buffers' own trees stay alive; disk files' trees are freed once their facts are read.
    expect(live.size).toBeLessThanOrEqual(2);
    s.close('/w/plugin/main.go');
    s.close('/w/plugin/helper.go');
    expect(live.size).toBe(0);
  });

  test('knows which files carry kpa:ignore comments across edits, disk changes and new files', () => {
    const files = diskFiles();
    const s = session(files);
    expect(s.filesWithSuppressions()).toEqual([]);
    s.open('/w/plugin/main.go', PLUGIN);
    const at0 = at(PLUGIN, PLUGIN.indexOf('var HandlerRegisterer'));
    let text = s.change('/w/plugin/main.go', [{ range: { start: at0, end: at0 }, text: '// kpa:ignore KPA101 on purpose\n' }]);
    expect(s.filesWithSuppressions()).toEqual(['/w/plugin/main.go']);
    const line = { start: at0, end: { line: at0.line + 1, character: 0 } };
    text = s.change('/w/plugin/main.go', [{ range: line, text: '' }]);
    expect(text).toBe(PLUGIN);
    expect(s.filesWithSuppressions()).toEqual([]);
    files.set('/w/other/other.go', `// kpa:ignore KPA100\n${OTHER}`);
    s.diskChanged([{ file: '/w/other/other.go', kind: 'changed' }]);
    files.set('/w/go.mod', `${GO_MOD}// kpa:ignore KPA205\n`);
    s.diskChanged([{ file: '/w/go.mod', kind: 'changed' }]);
    files.set('/w/third/x.go', 'package third // kpa:ignore\n');
    s.diskChanged([{ file: '/w/third/x.go', kind: 'created' }]);
    expect(s.filesWithSuppressions().sort()).toEqual(['/w/go.mod', '/w/other/other.go', '/w/third/x.go']);
    s.open('/w/third/x.go', 'package third\n');
    expect(s.filesWithSuppressions().sort()).toEqual(['/w/go.mod', '/w/other/other.go']);
  });

  test('a change to a document that is not open is a bug in the caller, reported as such', () => {
    expect(() => session().change('/w/nope.go', [{ text: '' }])).toThrow(/not open/);
  });
});

/** Snippets people paste or type half-way: the property test splices them anywhere. */
const SNIPPETS = [
  'func (r registerer) RegisterHandlers(f func(',
  '&registerer{}',
  'registerer{}',
  'var ClientRegisterer = ',
  'new(registerer)',
  '{',
  '}',
  '"',
  '`',
  '/*',
  '*/',
  '//go:build ignore\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  'é🚀',
  'package other\n',
  'f("x", nil)',
  'const name = "a" + "b"\n',
  ')',
  '(',
  'type registerer = string\n',
  'import "fmt"\n',
];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; text: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), text: fc.constantFrom(PLUGIN, HELPER, OTHER, '', PLUGIN.slice(0, 200), PLUGIN.replace('&', '')) }) },
);

/** An edit as an LSP change against `text`, plus the text it produces (computed independently of the session). */
function toChange(text: string, edit: Edit): { change: TextChange; next: string } {
  if (edit.kind === 'replace') return { change: { text: edit.text }, next: edit.text };
  const start = Math.floor(edit.at * text.length);
  const end = edit.kind === 'delete' ? Math.min(text.length, start + edit.length) : start;
  const inserted = edit.kind === 'insert' ? edit.text : '';
  const index = new LineIndex(text);
  // LSP positions cannot point between \r and \n; such an offset means the line end, as editors send it.
  const startPos = index.offsetToPosition(start);
  const endPos = index.offsetToPosition(end);
  const a = index.positionToOffset(startPos);
  const b = index.positionToOffset(endPos);
  return { change: { range: { start: startPos, end: endPos }, text: inserted }, next: text.slice(0, a) + inserted + text.slice(b) };
}

describe('AnalysisSession under random edits', () => {
  test('never throws, keeps the text, and equals a fresh analysis whenever it is settled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('/w/plugin/main.go', '/w/plugin/helper.go', '/w/other/other.go'),
        fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        (file, batches) => {
          const files = diskFiles();
          const s = session(files);
          let text = files.get(file)!;
          const overlay = new Map(files);
          s.open(file, text);
          s.analyze();
          for (const batch of batches) {
            const changes: TextChange[] = [];
            for (const edit of batch) {
              const { change, next } = toChange(text, edit);
              changes.push(change);
              text = next;
            }
            expect(s.change(file, changes)).toBe(text);
            overlay.set(file, text);
            const answered = s.analyze().diagnostics;
            // An incremental tree without syntax errors is final at once; a half-typed one once settled.
            if (!s.unsettled()) expect(answered).toEqual(fresh(overlay).diagnostics);
          }
          s.settle();
          expect(s.unsettled()).toBe(false);
          expect(s.analyze().diagnostics).toEqual(fresh(overlay).diagnostics);
        },
      ),
      { numRuns: 150 },
    );
  });
});
