/** Entry point of the module analyzer: go.mod/go.sum facts for every module in the workspace. */
import type { Workspace } from '../workspace.js';
import type { ModuleFacts, ModuleFileProblem } from './facts.js';
import { dirname } from '../workspace.js';
import { parseGoMod } from './go-mod.js';
import { parseGoSum } from './go-sum.js';
import type { DependencySource } from './module-cache.js';

export { parseGoMod } from './go-mod.js';
export { parseGoSum } from './go-sum.js';

// decodeSource drops a BOM, which Go source may have but module files may not (checked with Go 1.19).
const BOM_IN_GO_MOD =
  'this go.mod starts with a UTF-8 byte order mark, which the go command rejects ("go.mod:1: unexpected input character \'\\ufeff\'"). Save it as UTF-8 without a BOM';
const BOM_IN_GO_SUM =
  'this go.sum starts with a UTF-8 byte order mark, which the go command reads as part of the first module path, so that checksum is lost ("missing go.sum entry"). Save it as UTF-8 without a BOM, or run `go mod tidy`';

function bomProblem(file: string, severity: 'error' | 'warning', message: string): ModuleFileProblem {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, kind: 'bom', severity, message };
}

/**
 * One ModuleFacts per go.mod; its go.sum is the one in the same directory. A go.mod or go.sum that
 * cannot be read as text (binary junk, bad UTF-8) is kept as a read error for the module-file rule.
 */
export function computeModuleFacts(ws: Workspace, dependencySource?: DependencySource): ModuleFacts[] {
  const sums = new Set(ws.goSumFiles);
  return ws.goModFiles.map((goModFile) => {
    const dir = dirname(goModFile);
    const modText = ws.read(goModFile);
    const readErrors: ModuleFacts['readErrors'] = [];
    const goMod = 'text' in modText ? parseGoMod(goModFile, modText.text) : null;
    if ('error' in modText) readErrors.push({ file: goModFile, message: modText.error });
    if ('bom' in modText && goMod) goMod.problems.unshift(bomProblem(goModFile, 'error', BOM_IN_GO_MOD));
    const sumFile = `${dir === '/' ? '' : dir}/go.sum`;
    let goSum = null;
    if (sums.has(sumFile)) {
      const sumText = ws.read(sumFile);
      if ('text' in sumText) goSum = parseGoSum(sumFile, sumText.text);
      else readErrors.push({ file: sumFile, message: sumText.error });
      if ('bom' in sumText && goSum) goSum.problems.unshift(bomProblem(sumFile, 'warning', BOM_IN_GO_SUM));
    }
    const facts: ModuleFacts = { goModFile, dir, modulePath: goMod?.module?.path ?? null, goMod, goSum, goSumFile: sums.has(sumFile) ? sumFile : null, readErrors };
    if (dependencySource) facts.dependencySource = dependencySource;
    return facts;
  });
}
