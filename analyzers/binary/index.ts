/** Entry point of the binary analyzer: facts for every built plugin (.so) in the workspace. */
import type { Workspace } from '../workspace.js';
import type { BinaryFacts } from './facts.js';

export function computeBinaryFacts(_ws: Workspace): BinaryFacts[] {
  return [];
}
