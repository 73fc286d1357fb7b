/**
 * Warms the engine while `initialize` is answered: a built-in sample plugin is opened, typed into, fixed,
 * published and hovered through the same code a real session runs (AnalysisSession, the reported-findings
 * steps, the publisher, the hover), so the user's first keystrokes do not pay for V8 compiling that code
 * (measured cold: ~30 ms per keystroke for the first ones in a 20-line file, against ~3 ms once warm).
 */
import type { EngineOptions } from '../analyzers/engine.js';
import { reportedFindings } from '../analyzers/reported-findings.js';
import { AnalysisSession } from '../analyzers/session.js';
import { MemoryFileSource } from '../analyzers/workspace.js';
import { DiagnosticsPublisher } from './diagnostics.js';
import { DocumentStore, pathToUri, toTextChanges } from './document-sync.js';
import { hover } from './features/hover.js';

const ROOT = '/kpa-warm-up';
const PLUGIN = `${ROOT}/plugin/main.go`;

/** A plugin KrakenD refuses (the registerer is a pointer: KPA101); the adversarial tests type into it too. */
export const SAMPLE_PLUGIN = `package main

// notes:
import (
\t"context"
\t"net/http"
)

type registerer string

var HandlerRegisterer = &r

var r = registerer("sample")

func (r registerer) RegisterHandlers(f func(
\tname string,
\thandler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error),
)) {
\tf(string(r), func(_ context.Context, extra map[string]interface{}, h http.Handler) (http.Handler, error) {
\t\t_ = extra["option"]
\t\treturn h, nil
\t})
}

func main() {}
`;

const FILES = new Map([
  // A requirement KrakenD also links: the module rules compare versions, reading the target's manifest.
  [`${ROOT}/go.mod`, 'module example.com/sample\n\ngo 1.19\n\nrequire github.com/luraproject/lura/v2 v2.0.5\n'],
  [PLUGIN, SAMPLE_PLUGIN],
  [`${ROOT}/krakend.json`, JSON.stringify({ version: 3, plugin: { pattern: '.so', folder: './plugins/' }, extra_config: { 'plugin/http-server': { name: ['sample'] } } })],
]);

/** Keystrokes typed into the sample: enough for V8 to optimise the per-keystroke path. */
const TYPED = 'a comment typed one key at a time, then code';

/** Runs the sample session; returns how long it took (ms). Never throws: a failed warm-up only costs speed. */
export function warmUp(engine: EngineOptions): number {
  const began = performance.now();
  try {
    const session = new AnalysisSession({ root: ROOT, disk: new MemoryFileSource(FILES), engine });
    const documents = new DocumentStore();
    const publisher = new DiagnosticsPublisher(() => {}, documents);
    const uri = pathToUri(PLUGIN);
    documents.open(uri, 'go', 1);
    session.open(PLUGIN, SAMPLE_PLUGIN);
    const publish = () => {
      const found = session.analyze().diagnostics;
      const shown = reportedFindings(found, {
        ...session.options,
        suppressionFiles: session.filesWithSuppressions(),
        readText: (file) => session.text(file) ?? undefined,
        isIgnored: null,
      }).diagnostics;
      publisher.publish(shown, [PLUGIN]);
    };
    publish();
    const comment = { line: 2, character: '// notes:'.length };
    let version = 1;
    const type = (line: number, character: number, text: string) => {
      for (let i = 0; i < text.length; i++) {
        const at = { line, character: character + i };
        documents.changed(uri, ++version);
        session.change(PLUGIN, toTextChanges([{ range: { start: at, end: at }, text: text[i] }]));
        publish();
      }
    };
    type(comment.line, comment.character, ` ${TYPED}`);
    // Half-typed code in a body, then the pointer fixed: the unsettled path and a change of findings.
    type(20, 0, '\tx := ');
    session.settle();
    publish();
    const pointer = { line: 10, character: SAMPLE_PLUGIN.split('\n')[10].indexOf('&') };
    session.change(PLUGIN, [{ range: { start: pointer, end: { line: pointer.line, character: pointer.character + 1 } }, text: '' }]);
    publish();
    hover(
      { textDocument: { uri }, position: { line: 10, character: 6 } },
      { session, documents, analysis: () => session.analyze(), findings: (file) => publisher.findings(file), target: engine.target },
    );
    session.close(PLUGIN);
  } catch {
    // The sample is kpa's own; if it cannot be analysed the real session will say why.
  }
  return performance.now() - began;
}
