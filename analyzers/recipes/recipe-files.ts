/** Which files are build recipes, by base name (CI workflows by path): read by the fact kinds' table (fact-kinds.ts) and the extractor. */
import type { RecipeKind } from './facts.js';

export function recipeKindOf(name: string, path: string = name): RecipeKind | null {
  if (/^(GNUmakefile|[Mm]akefile)$/.test(name) || name.endsWith('.mk')) return 'makefile';
  if (/^(Dockerfile|Containerfile)(\..+)?$/.test(name) || /\.(Dockerfile|dockerfile|Containerfile)$/.test(name)) return 'dockerfile';
  if (name.endsWith('.sh')) return 'script';
  if (isCiWorkflow(name, path)) return 'ci';
  return null;
}

/** GitHub Actions workflows and GitLab CI files: their `run:`/`script:` steps are shell lines. */
function isCiWorkflow(name: string, path: string): boolean {
  if (/^\.gitlab-ci\.ya?ml$/.test(name)) return true;
  return /\.ya?ml$/.test(name) && /(^|\/)\.github\/workflows\/[^/]+$/.test(path);
}
