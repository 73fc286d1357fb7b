/** A small http-server plugin whose symbol holds a pointer (KPA101): the language server tests edit it. */
export const PLUGIN = `package main

import (
\t"context"
\t"net/http"
)

type registerer string

var HandlerRegisterer = &registerer{}

func (r registerer) RegisterHandlers(f func(
\tname string,
\thandler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error),
)) {
\tf("my-plugin", r.registerHandlers)
}

func (r registerer) registerHandlers(_ context.Context, extra map[string]interface{}, h http.Handler) (http.Handler, error) {
\treturn h, nil // é🚀
}

func main() {}
`;

/**
 * Keystrokes into PLUGIN after which tree-sitter's incremental parse recovers from the syntax errors
 * differently than a fresh parse of the same text does (found by random search; tree-sitter-go 0.25):
 * the language server must answer at once, then settle on the fresh result when typing pauses.
 */
export const RECOVERY_EDITS: { position: { line: number; character: number }; text: string }[] = [
  { position: { line: 18, character: 44 }, text: '\n' },
  { position: { line: 2, character: 3 }, text: '{' },
  { position: { line: 15, character: 18 }, text: '\n' },
  { position: { line: 13, character: 21 }, text: '&registerer{}' },
  { position: { line: 4, character: 7 }, text: '&registerer{}' },
  { position: { line: 20, character: 13 }, text: '/*' },
  { position: { line: 18, character: 0 }, text: ')' },
  { position: { line: 13, character: 87 }, text: '{' },
  { position: { line: 4, character: 8 }, text: '\n' },
];
