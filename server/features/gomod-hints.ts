/**
 * go.mod in the editor: an inlay hint after each `require` whose version differs from the one the target KrakenD
 * links ("KrakenD 2.7.2 links v2.3.0"), and a code lens on the `module` line with the releases the module loads
 * in ("loads in KrakenD 2.6.0–2.7.2"), which opens the matrix `kpa compat` prints. Only for a module that builds
 * a plugin (or a go.mod without Go sources), judged as `kpa compat` judges it, by its builds' packages: a backend
 * service's go.mod beside the plugins gets neither, as `kpa compat` leaves it out.
 * The quick fixes are the findings' own (code-actions.ts), as `kpa lint --fix` applies them.
 */
import { InlayHintKind, type CodeLens, type CodeLensParams, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { AnalysisContext } from '../../analyzers/analysis-context.js';
import { compatMatrix, moduleViewOf, type CompatMatrix } from '../../analyzers/manifests/compat.js';
import { allManifests } from '../../analyzers/manifests/resolve-target.js';
import { modulesThatBuildPlugins, type JudgedModule } from '../../analyzers/plugin-builds.js';
import type { FeatureContext } from '../context.js';

/** Server command: the compatibility matrix of the go.mod given as argument, as text (also logged). */
export const COMPAT_MATRIX_COMMAND = 'kpa.compatMatrix';

export const inlayHintCapability = { resolveProvider: false };

export function goModInlayHints(params: InlayHintParams, ctx: FeatureContext): InlayHint[] {
  const module = goModAt(params.textDocument.uri, ctx)?.module;
  const manifest = ctx.target?.manifest;
  if (!module?.goMod || !manifest) return [];
  const hints: InlayHint[] = [];
  for (const r of module.goMod.requires) {
    const links = manifest.modules[r.path];
    if (links === undefined || links === r.version) continue;
    if (r.range.start.line < params.range.start.line || r.range.start.line > params.range.end.line) continue;
    hints.push({
      position: r.versionRange.end,
      label: `KrakenD ${manifest.krakend} links ${links}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `The plugin must link the version KrakenD ${manifest.krakend} links, or KrakenD refuses to load it ("plugin was built with a different version of package").`,
    });
  }
  return hints;
}

export function goModCodeLenses(params: CodeLensParams, ctx: FeatureContext): CodeLens[] {
  const judged = goModAt(params.textDocument.uri, ctx);
  const line = judged?.module.goMod?.module;
  if (!judged || !line) return [];
  return [{ range: line.range, command: { title: loadsIn(matrixOf(judged)), command: COMPAT_MATRIX_COMMAND, arguments: [judged.module.goModFile] } }];
}

/** The matrix `kpa compat` prints for this go.mod, one release a line; null when no module has this go.mod. */
export function compatMatrixText(goModFile: string, ctx: FeatureContext): string | null {
  const judged = judgedModule(goModFile, ctx);
  if (!judged?.module.goMod) return null;
  const { module } = judged;
  const matrix = matrixOf(judged);
  const lines = matrix.rows.map((r) => {
    const verdict = r.errors ? `does not load: ${count(r.errors, 'error')}` : r.warnings ? `loads unless a shared package differs: ${count(r.warnings, 'warning')}` : 'loads';
    return `KrakenD ${r.krakend} (Go ${r.go}): ${verdict}${r.notes ? `, ${count(r.notes, 'note')}` : ''}`;
  });
  return [`${module.modulePath ?? module.goModFile}: ${loadsIn(matrix)}`, ...lines].join('\n');
}

function goModAt(uri: string, ctx: FeatureContext): JudgedModule | undefined {
  const path = ctx.documents.pathOf(uri);
  return path?.endsWith('/go.mod') ? judgedModule(path, ctx) : undefined;
}

/** The module of this go.mod with its plugin builds' packages, when it builds a plugin. */
function judgedModule(goModFile: string, ctx: FeatureContext): JudgedModule | undefined {
  return modulesThatBuildPlugins(new AnalysisContext(ctx.analysis().facts)).find((j) => j.module.goModFile === goModFile);
}

function matrixOf({ module, packages }: JudgedModule): CompatMatrix {
  return compatMatrix(moduleViewOf(module, packages), allManifests());
}

/** "loads in KrakenD 2.6.0–2.7.2" from the releases without an error, as runs of consecutive releases. */
export function loadsIn(matrix: CompatMatrix): string {
  const runs: string[][] = [];
  let current: string[] | null = null;
  for (const row of matrix.rows) {
    if (row.errors === 0) (current ??= runs[runs.push([]) - 1]).push(row.krakend);
    else current = null;
  }
  if (runs.length === 0) return `loads in no KrakenD release from ${matrix.rows[0]?.krakend} to ${matrix.rows.at(-1)?.krakend}`;
  return `loads in KrakenD ${runs.map((r) => (r.length === 1 ? r[0] : `${r[0]}–${r.at(-1)}`)).join(', ')}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
