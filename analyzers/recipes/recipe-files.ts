/** Which files are build recipes, by base name: read by the fact kinds' table (fact-kinds.ts) and the extractor. */
import type { RecipeKind } from './facts.js';

export function recipeKindOf(name: string): RecipeKind | null {
  if (/^(GNUmakefile|[Mm]akefile)$/.test(name) || name.endsWith('.mk')) return 'makefile';
  if (/^Dockerfile(\..+)?$/.test(name) || name.endsWith('.Dockerfile') || name.endsWith('.dockerfile')) return 'dockerfile';
  if (name.endsWith('.sh')) return 'script';
  return null;
}
