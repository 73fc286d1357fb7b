/** Recipe facts for a workspace: every recipe file the snapshot holds, read as text. */
import type { Workspace } from '../workspace.js';
import { extractRecipeFacts } from './extract-recipe-facts.js';
import type { RecipeFacts } from './facts.js';

export function computeRecipeFacts(ws: Workspace): RecipeFacts[] {
  const out: RecipeFacts[] = [];
  for (const file of ws.recipeFiles) {
    const read = ws.read(file);
    // An unreadable or binary recipe says nothing about plugins; it is not kpa's to report.
    if ('text' in read) out.push(extractRecipeFacts(file, read.text));
  }
  return out;
}
