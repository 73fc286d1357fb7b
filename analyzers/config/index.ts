/** Entry point of the config analyzer: facts for every krakend.json in the workspace. */
import type { Workspace } from '../workspace.js';
import type { ConfigFacts } from './facts.js';

export function computeConfigFacts(ws: Workspace): ConfigFacts[] {
  return ws.configFiles.map((file) => ({ file }));
}
