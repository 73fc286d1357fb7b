/**
 * Quick fixes: each finding's fixes, looked up by rule id + range (the key the publisher stored), never by
 * message text. Every fix becomes a WorkspaceEdit; a fix that is only a shell command is offered as a command.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Fix, Range } from '../../analyzers/diagnostics.js';
import { fixKey, type StoredFinding } from '../diagnostics.js';
import type { FeatureContext } from '../context.js';

export const codeActionCapability = { codeActionKinds: [CodeActionKind.QuickFix] };

/** Client-side command that runs a shell fix (e.g. `go get m@v`) in a terminal, when the editor offers one. */
export const RUN_SHELL_COMMAND = 'kpa.runShellCommand';

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActions(params: CodeActionParams, ctx: FeatureContext): CodeAction[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return [];
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === 'quickfix')) {
    return [];
  }
  const findings = ctx.findings(path);
  const byKey = new Map(findings.map((f) => [f.key, f]));
  // The diagnostics the editor sent back name the findings; without them, every finding under the cursor.
  const chosen = new Set<StoredFinding>();
  for (const d of params.context.diagnostics) {
    if (d.source !== 'kpa' || typeof d.code !== 'string') continue;
    const finding = byKey.get(fixKey(d.code, d.range));
    if (finding) chosen.add(finding);
  }
  if (params.context.diagnostics.length === 0) for (const f of findings) if (overlaps(f.diagnostic.range, params.range)) chosen.add(f);

  const actions: CodeAction[] = [];
  for (const finding of chosen) {
    for (const fix of finding.fixes) {
      const action = toCodeAction(fix, finding, ctx);
      if (action) actions.push(action);
    }
  }
  if (actions.length === 1) actions[0].isPreferred = true;
  return actions;
}

function toCodeAction(fix: Fix, finding: StoredFinding, ctx: FeatureContext): CodeAction | null {
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [finding.lsp] };
  if (fix.edits.length) {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of fix.edits) (changes[ctx.documents.uriOf(e.file)] ??= []).push({ range: e.range, newText: e.newText });
    action.edit = { changes };
  }
  if (fix.command) action.command = { title: fix.title, command: RUN_SHELL_COMMAND, arguments: [fix.command] };
  return action.edit || action.command ? action : null;
}
