/**
 * The declaration memo must be invisible: facts extracted with a cache reused across edits equal the
 * facts of a fresh extraction of the same text, wherever the edit lands.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDeclarationCache } from './declaration-cache.js';
import { extractFileFacts } from './file-facts.js';
import { loadGoParser } from './parser.js';

const BASE = `package main

import (
\t"context"
\t"net/http"
)

const pluginName = "cached"

var HandlerRegisterer = registerer(pluginName)

type registerer string

func (r registerer) RegisterHandlers(f func(string, func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error))) {
\tf(string(r), r.handler)
}

func (r registerer) handler(_ context.Context, _ map[string]interface{}, h http.Handler) (http.Handler, error) {
\treturn h, nil
}

var ClientRegisterer = &client{}

type client struct{}

func helper(a, b int) int { return a + b }

func main() {}
`;

const SNIPPETS = ['\n', 'x', '}', '{', '\nfunc extra() {}\n', '// note\n', 'é🚀', '\n\n\n', 'import "fmt"\n', 'var ModifierRegisterer = m{}\n', '"'];

describe('declaration cache', () => {
  it('gives the facts of a fresh extraction after any sequence of edits', async () => {
    const parser = await loadGoParser('native');
    await fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom(...SNIPPETS)), { minLength: 1, maxLength: 12 }),
        (edits) => {
          const cache = createDeclarationCache();
          let text = BASE;
          extractFileFacts(parser.parse(text), text, '/ws/p/main.go', cache);
          for (const [at, del, insert] of edits) {
            const start = at % (text.length + 1);
            text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + del));
            const cached = extractFileFacts(parser.parse(text), text, '/ws/p/main.go', cache);
            const fresh = extractFileFacts(parser.parse(text), text, '/ws/p/main.go');
            expect(cached).toEqual(fresh);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reuses unchanged declarations: moved ranges follow the edit', async () => {
    const parser = await loadGoParser('native');
    const cache = createDeclarationCache();
    extractFileFacts(parser.parse(BASE), BASE, '/f.go', cache);
    const edited = BASE.replace('const pluginName', '// added\n\nconst pluginName');
    const facts = extractFileFacts(parser.parse(edited), edited, '/f.go', cache);
    const handler = facts.methods.find((m) => m.name === 'RegisterHandlers')!;
    expect(handler.nameRange.start.line).toBe(BASE.split('\n').findIndex((l) => l.includes('RegisterHandlers')) + 2);
  });
});
