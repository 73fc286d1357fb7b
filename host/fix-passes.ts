/**
 * `kpa lint --fix`: lint, apply the fixes one pass can take (host/fix-plan.ts), write them (host/apply-fixes.ts),
 * lint again, until a pass has nothing left to apply, at most MAX_FIX_PASSES times (ESLint stops at 10 too).
 * A dry run plans one pass and writes nothing. What the fixes did is recorded per file; the last lint is what
 * is left.
 */
import type { Diagnostic } from '../analyzers/diagnostics.js';
import { writeFixedTexts, type WriteOptions } from './apply-fixes.js';
import { fixKey, planFixes, type ChosenFix } from './fix-plan.js';
import type { LintRun } from './lint-pipeline.js';

export const MAX_FIX_PASSES = 10;

export interface FileFixes {
  file: string;
  /** The text before the first fix and after the last one (the dry run's single pass). */
  before: string;
  after: string;
  fixes: ChosenFix[];
}

export interface FixRun {
  /** Files the fixes changed (a dry run: would change), sorted by path. */
  files: FileFixes[];
  /** The lint after the last pass: what is left. */
  last: LintRun;
  /** Left for the user: fixes that are only a command, findings offering alternatives, fixes still overlapping after the last pass. */
  commandOnly: ChosenFix[];
  alternatives: Diagnostic[];
  overlapping: ChosenFix[];
  /** Files not written: changed since the lint read them, or the write failed. */
  changedOnDisk: string[];
  failed: { file: string; error: string }[];
  passes: number;
}

export interface FixOptions extends WriteOptions {
  dryRun?: boolean;
  /** The findings whose fixes may be applied (kpa lint: those it shows); default all. */
  fixable?: (d: Diagnostic) => boolean;
}

export async function fixInPasses(lint: () => Promise<LintRun>, options: FixOptions = {}): Promise<FixRun> {
  const fixable = (run: LintRun) => (options.fixable ? run.diagnostics.filter(options.fixable) : run.diagnostics);
  let run = await lint();
  const files = new Map<string, FileFixes>();
  const appliedKeys = new Set<string>();
  const changedOnDisk = new Set<string>();
  const failed: FixRun['failed'] = [];
  let passes = 0;

  while (passes < MAX_FIX_PASSES) {
    const plan = planFixes(fixable(run), run.readText, appliedKeys);
    if (plan.texts.size === 0) break;
    passes++;
    const written = new Set(options.dryRun ? plan.texts.keys() : []);
    if (!options.dryRun) {
      const outcome = writeFixedTexts(plan.texts, run.readText, options);
      outcome.written.forEach((f) => written.add(f));
      outcome.changedOnDisk.forEach((f) => changedOnDisk.add(f));
      failed.push(...outcome.failed);
    }
    for (const chosen of plan.applied) {
      appliedKeys.add(fixKey(chosen.fix));
      // A fix counts where its edits were written; one whose file was not written is simply still there next pass.
      for (const file of new Set(chosen.fix.edits.map((e) => e.file))) {
        if (!written.has(file)) continue;
        const entry = files.get(file) ?? { file, before: run.readText(file)!, after: '', fixes: [] };
        entry.after = plan.texts.get(file) ?? entry.after;
        entry.fixes.push(chosen);
        files.set(file, entry);
      }
    }
    if (options.dryRun || written.size === 0) break;
    run = await lint();
  }

  const left = planFixes(fixable(run), run.readText, appliedKeys);
  return {
    files: [...files.values()].sort((a, b) => a.file.localeCompare(b.file)),
    last: run,
    commandOnly: left.commandOnly,
    alternatives: left.alternatives,
    overlapping: options.dryRun ? [] : [...left.applied, ...left.deferred],
    changedOnDisk: [...changedOnDisk].sort(),
    failed,
    passes,
  };
}
