/**
 * What `kpa lint --fix` did, for people: per file, the fixes applied (rule and title); files not written and
 * why; then what is left to do by hand (commands such as `go get`, findings with several fixes to choose from).
 * With a dry run, a unified diff of every file instead, and the same list of what is left.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { escapeControlCharacters, escapeControlCharactersKeepingLayout } from '../../host/display-text.js';
import type { FixRun } from '../../host/fix-passes.js';
import { LineIndexCache } from './locations.js';
import { displayPath, plural } from './report.js';

export function formatFixSummary(run: FixRun, options: { cwd: string; dryRun: boolean }): string {
  const path = (file: string) => escapeControlCharacters(displayPath(options.cwd, file));
  const positions = new LineIndexCache(run.last.readText);
  const where = (file: string, position: { line: number; character: number }) => {
    const { line, column } = positions.textLocation(file, position);
    return `${path(file)}:${line}:${column}`;
  };
  const out: string[] = [];
  for (const f of run.files) {
    if (options.dryRun) {
      const name = displayPath(options.cwd, f.file);
      const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, f.before, f.after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
      // A CRLF file's line ends stay as they are, so the diff applies with patch or git apply.
      out.push(...patch.replace(/\n$/, '').split('\n').map((line) => escapeControlCharactersKeepingLayout(line.replace(/\r$/, '')) + (line.endsWith('\r') ? '\r' : '')));
      continue;
    }
    out.push(`fixed ${path(f.file)} (${countFixes(f.fixes.length)}):`);
    for (const { diagnostic, fix } of f.fixes) out.push(`    ${diagnostic.rule} ${escapeControlCharacters(fix.title)}`);
  }
  if (options.dryRun && run.files.length) {
    const fixes = new Set(run.files.flatMap((f) => f.fixes)).size;
    out.push(`--fix would apply ${countFixes(fixes)} in ${plural(run.files.length, 'file')} (this pass; fixes that overlap these are taken in the passes after it)`);
  }
  for (const file of run.changedOnDisk) out.push(`not written: ${path(file)} changed since kpa read it; run kpa lint --fix again`);
  for (const { file, error } of run.failed) out.push(`not written: ${path(file)}: ${escapeControlCharacters(error)}`);
  const goMods = run.files.filter((f) => f.file.endsWith('/go.mod'));
  if (!options.dryRun && goMods.length) out.push(`go.mod changed: run \`go mod download\` (or \`go mod tidy\`) in ${goMods.map((f) => path(f.file.slice(0, -'/go.mod'.length)) || '.').join(', ')} so go.sum holds the new versions`);

  const byHand: string[] = [];
  for (const { diagnostic: d, fix } of run.commandOnly) byHand.push(`    ${where(d.file, d.range.start)}: ${d.rule} run: ${escapeControlCharacters(fix.command ?? fix.title)}`);
  for (const d of run.alternatives) byHand.push(`    ${where(d.file, d.range.start)}: ${d.rule} ${d.fixes!.length} fixes to choose from: ${d.fixes!.map((f) => escapeControlCharacters(f.title)).join('; ')}`);
  for (const { diagnostic: d, fix } of run.overlapping) byHand.push(`    ${where(d.file, d.range.start)}: ${d.rule} not applied after ${run.passes} passes: ${escapeControlCharacters(fix.title)}`);
  if (byHand.length) out.push('left to do by hand:', ...byHand);
  if (out.length === 0) out.push(options.dryRun ? '--fix would change nothing' : 'no fixes to apply');
  return out.join('\n') + '\n';
}

function countFixes(n: number): string {
  return n === 1 ? '1 fix' : `${n} fixes`;
}
