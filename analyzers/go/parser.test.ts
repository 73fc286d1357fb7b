import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../positions.js';
import { extractFileFacts } from './file-facts.js';
import { loadGoParser, type GoParser, type ParserBackend, type SyntaxNode } from './parser.js';
import { readGoFixture, runGo } from '../../fixtures/go/harness.js';

const BACKENDS: ParserBackend[] = ['native', 'wasm'];

async function factsWith(backend: ParserBackend, text: string, file = '/ws/p/main.go') {
  const parser: GoParser = await loadGoParser(backend);
  expect(parser.backend).toBe(backend);
  return extractFileFacts(parser.parse(text), text, file);
}

/** A line with `é` (1 UTF-16 unit, 2 UTF-8 bytes) and `🚀` (2 units, 4 bytes) before the finding. */
const UNICODE_LINE = 'var _, HandlerRegisterer = "é🚀", &registerer{}';

const PLUGIN = `package main

import (
	"context"
	"net/http"
)

type registerer struct{}

func (registerer) RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
	f("é🚀-plugin", nil)
}

${UNICODE_LINE}
`;

describe('Go parser backends', () => {
  it.each(BACKENDS)('%s reports columns in UTF-16 code units', async (backend) => {
    const run = await runGo({ '/ws/p/main.go': PLUGIN }, { backend, only: ['KPA101'] });
    const [finding] = run.diagnostics;
    expect(finding.rule).toBe('KPA101');
    const character = UNICODE_LINE.indexOf('&registerer{}');
    expect(character).toBe(34); // UTF-8 bytes would say 37, code points 33
    expect(finding.range).toEqual({ start: { line: 13, character }, end: { line: 13, character: character + '&registerer{}'.length } });
    // The fix edits exactly the pointer expression.
    const index = new LineIndex(PLUGIN);
    const edit = finding.fixes![0].edits[0];
    expect(PLUGIN.slice(index.positionToOffset(edit.range.start), index.positionToOffset(edit.range.end))).toBe('&registerer{}');
  });

  it('native and wasm give the same facts for every Go fixture', async () => {
    let compared = 0;
    for (const name of ['clean-all-kinds', 'kpa105-defined-func-type', 'kpa108-half-typed', 'kpa109-dynamic-name', 'kpa112-excluded-by-build', 'kpa111-type-unknown']) {
      for (const [file, text] of readGoFixture(name)) {
        expect(await factsWith('wasm', text, file), file).toEqual(await factsWith('native', text, file));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });

  it('native and wasm agree on a large file with astral characters across 64 Ki-unit boundaries', async () => {
    // Each filler line is 7 UTF-16 units plus a newline, so surrogate pairs land on every alignment.
    const filler = Array.from({ length: 40_000 }, (_, i) => `// ${i % 2 ? '🚀' : 'é'}x${'🚀'.repeat(i % 3)}`).join('\n');
    // A comment padded so that a 🚀 straddles the first chunk boundary exactly.
    const head = `${PLUGIN}// `;
    const text = `${head}${'a'.repeat(65535 - head.length)}🚀\n${filler}\n\nvar ClientRegisterer = &registerer{}\n`;
    expect(text.charCodeAt(65535)).toBe(0xd83d);
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    const native = await factsWith('native', text);
    const wasm = await factsWith('wasm', text);
    expect(native.syntaxErrors).toEqual([]);
    expect(wasm).toEqual(native);
    const client = native.values.find((v) => v.name === 'ClientRegisterer')!;
    const line = text.split('\n').length - 2;
    expect(client.nameRange.start).toEqual({ line, character: 4 });
    expect(client.valueText).toBe('&registerer{}');
  });

  it('reparses incrementally after an edit with the same result as a fresh parse', async () => {
    for (const backend of BACKENDS) {
      const parser = await loadGoParser(backend);
      const before = PLUGIN;
      const tree = parser.parse(before);
      const at = before.indexOf('&registerer{}');
      const after = before.slice(0, at) + before.slice(at + 1);
      const index = new LineIndex(before);
      const p = index.offsetToPosition(at);
      const q = index.offsetToPosition(at + 1);
      tree.edit({
        startIndex: at, oldEndIndex: at + 1, newEndIndex: at,
        startPosition: { row: p.line, column: p.character },
        oldEndPosition: { row: q.line, column: q.character },
        newEndPosition: { row: p.line, column: p.character },
      });
      const incremental = extractFileFacts(parser.parse(after, tree), after, '/ws/p/main.go');
      const fresh = extractFileFacts(parser.parse(after), after, '/ws/p/main.go');
      expect(incremental, backend).toEqual(fresh);
      expect(fresh.values.find((v) => v.name === 'HandlerRegisterer')?.shape).toBe('composite');
    }
  });

  it.each(BACKENDS)('%s: incremental re-parses of a long file with astral characters equal fresh parses', async (backend) => {
    const parser = await loadGoParser(backend);
    // Surrogate pairs at every alignment, so the chunks an incremental parse reads split some of them.
    const filler = Array.from({ length: 3_000 }, (_, i) => `// ${i % 2 ? '🚀' : 'é'}x${'🚀'.repeat(i % 3)}`).join('\n');
    let text = `${PLUGIN}${filler}\n\nvar ClientRegisterer = &registerer{}\n`;
    let tree = parser.parse(text);
    for (const at of [1023, 2048, 5119, 20_000, text.length - 30]) {
      const index = new LineIndex(text);
      const p = index.offsetToPosition(at);
      const next = `${text.slice(0, at)}é🚀x${text.slice(at)}`;
      const q = new LineIndex(next).offsetToPosition(at + 4);
      tree.edit({
        startIndex: at, oldEndIndex: at, newEndIndex: at + 4,
        startPosition: { row: p.line, column: p.character },
        oldEndPosition: { row: p.line, column: p.character },
        newEndPosition: { row: q.line, column: q.character },
      });
      const previous = tree;
      tree = parser.parse(next, previous);
      parser.release(previous);
      text = next;
      const fresh = parser.parse(text);
      expect(extractFileFacts(tree, text, '/ws/p/main.go'), `${backend} after an edit at ${at}`).toEqual(extractFileFacts(fresh, text, '/ws/p/main.go'));
      parser.release(fresh);
    }
    expect(extractFileFacts(tree, text, '/ws/p/main.go').values.map((v) => v.name)).toContain('ClientRegisterer');
  });

  it('native node classes name their type without a call into the binding, and name it right', async () => {
    const parser = await loadGoParser('native');
    const text = [...readGoFixture('clean-all-kinds').values()].join('\n') + 'var broken = &registerer{\n';
    const tree = parser.parse(text);
    const require = createRequire(import.meta.url);
    const nativeType = Object.getOwnPropertyDescriptor(require('tree-sitter').SyntaxNode.prototype, 'type')!.get!;
    let checked = 0;
    const stack: SyntaxNode[] = [tree.rootNode];
    while (stack.length) {
      const node = stack.pop()!;
      expect(node.type).toBe(nativeType.call(node));
      checked++;
      stack.push(...node.children);
    }
    expect(checked).toBeGreaterThan(500);
    // Named nodes read their type from their class, not through the binding.
    const decl = tree.rootNode.namedChildren.find((n) => n.type === 'type_declaration')!;
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(decl), 'type')).toMatchObject({ value: 'type_declaration' });
  });

  it.each(BACKENDS)('%s: a released tree frees its memory and the parser goes on', async (backend) => {
    const parser = await loadGoParser(backend);
    for (let i = 0; i < 3; i++) {
      const tree = parser.parse(PLUGIN);
      expect(extractFileFacts(tree, PLUGIN, '/ws/p/main.go').values.map((v) => v.name)).toContain('HandlerRegisterer');
      parser.release(tree);
    }
  });
});
