/** Document symbols for plugin packages: each plugin symbol, its Register… method and the names it registers. */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { dirname } from '../../analyzers/workspace.js';
import { PLUGIN_KIND_SPECS } from '../../analyzers/go/plugin-kinds.js';
import type { FeatureContext } from '../context.js';

export const documentSymbolCapability = { label: 'kpa' };

export function documentSymbols(params: DocumentSymbolParams, ctx: FeatureContext): DocumentSymbol[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path?.endsWith('.go')) return [];
  const { facts } = ctx.analysis();
  const dir = dirname(path);
  const pkg = facts.go.find((p) => p.dir === dir);
  const symbols: DocumentSymbol[] = [];
  for (const s of facts.plugins.get(dir) ?? []) {
    if (s.file !== path) continue;
    const spec = PLUGIN_KIND_SPECS[s.kind];
    const children: DocumentSymbol[] = [];
    if (s.method?.file === path) {
      children.push({ name: spec.method, detail: s.method.found, kind: SymbolKind.Method, range: s.method.range, selectionRange: s.method.range });
    }
    symbols.push({
      name: s.symbol,
      detail: `${s.kind} plugin${s.loads === false ? ' (does not load)' : ''}`,
      kind: SymbolKind.Variable,
      range: s.range,
      selectionRange: s.range,
      children,
    });
  }
  for (const r of pkg?.registrations ?? []) {
    if (r.file !== path) continue;
    symbols.push({ name: r.name ?? r.nameText, detail: `registered by ${r.method}`, kind: SymbolKind.String, range: r.range, selectionRange: r.nameRange });
  }
  return symbols;
}
