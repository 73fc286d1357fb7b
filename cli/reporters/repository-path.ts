/** Paths as CI systems want them: relative to the repository root (ReporterOptions.srcRoot), where their annotations and reports resolve files. */
import { relativePath } from '../../analyzers/workspace.js';
import type { ReporterOptions } from './report.js';

/** The file relative to the repository root; a file outside it keeps its absolute path. */
export function repositoryPath(options: ReporterOptions, file: string): string {
  const rel = relativePath(options.srcRoot ?? options.cwd, file);
  return rel === '..' || rel.startsWith('../') ? file : rel;
}
