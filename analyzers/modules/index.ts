/** Entry point of the module analyzer: go.mod/go.sum facts for every module in the workspace. */
import type { Workspace } from '../workspace.js';
import type { ModuleFacts } from './facts.js';
import { dirname } from '../workspace.js';
import { parseGoMod } from './go-mod.js';
import { parseGoSum } from './go-sum.js';

export { parseGoMod } from './go-mod.js';
export { parseGoSum } from './go-sum.js';

/**
 * One ModuleFacts per go.mod; its go.sum is the one in the same directory. A go.mod or go.sum that
 * cannot be read as text (binary junk, bad UTF-8) is kept as a read error for the module-file rule.
 */
export function computeModuleFacts(ws: Workspace): ModuleFacts[] {
  const sums = new Set(ws.goSumFiles);
  return ws.goModFiles.map((goModFile) => {
    const dir = dirname(goModFile);
    const modText = ws.read(goModFile);
    const readErrors: ModuleFacts['readErrors'] = [];
    const goMod = 'text' in modText ? parseGoMod(goModFile, modText.text) : null;
    if ('error' in modText) readErrors.push({ file: goModFile, message: modText.error });
    const sumFile = `${dir === '/' ? '' : dir}/go.sum`;
    let goSum = null;
    if (sums.has(sumFile)) {
      const sumText = ws.read(sumFile);
      if ('text' in sumText) goSum = parseGoSum(sumFile, sumText.text);
      else readErrors.push({ file: sumFile, message: sumText.error });
    }
    return { goModFile, dir, modulePath: goMod?.module?.path ?? null, goMod, goSum, goSumFile: sums.has(sumFile) ? sumFile : null, readErrors };
  });
}
