/** Entry point of the module analyzer: go.mod/go.sum facts for every module in the workspace. */
import type { Workspace } from '../workspace.js';
import type { ModuleFacts } from './facts.js';
import { dirname } from '../workspace.js';

export function computeModuleFacts(ws: Workspace): ModuleFacts[] {
  return ws.goModFiles.map((goModFile) => ({ goModFile, dir: dirname(goModFile), modulePath: null }));
}
