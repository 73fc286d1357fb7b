/** Code lens "Build for KrakenD <target>" above each plugin package's first plugin symbol; runs `kpa.build`. */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { dirname } from '../../analyzers/workspace.js';
import type { FeatureContext } from '../context.js';

export const BUILD_COMMAND = 'kpa.build';

export const codeLensCapability = { resolveProvider: false };

export function codeLenses(params: CodeLensParams, ctx: FeatureContext): CodeLens[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path?.endsWith('.go') || !ctx.target) return [];
  const dir = dirname(path);
  const first = (ctx.analysis().facts.plugins.get(dir) ?? []).find((s) => s.file === path);
  if (!first) return [];
  const { krakend, flavour, arch } = ctx.target.spec;
  return [
    {
      range: first.range,
      command: { title: `Build for KrakenD ${krakend} (${flavour}, ${arch})`, command: BUILD_COMMAND, arguments: [dir] },
    },
  ];
}
