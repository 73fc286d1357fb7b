/**
 * From what the engine found to what kpa reports: the last steps of the one lint pipeline, the same for
 * `kpa lint`, the lint before `kpa build` and the language server (host/lint-pipeline.ts runs the whole
 * pipeline for the CLI doors; the server feeds its session's findings here).
 * Steps: directories that could not be walked become KPA001 findings → `kpa:ignore` comments are applied
 * (and unused ones reported as KPA002) → findings in ignored files are dropped.
 */
import { ZERO_RANGE, type Diagnostic } from './diagnostics.js';
import { rulesThatRun, type EngineOptions } from './engine.js';
import { ALL_RULES } from './rules/index.js';
import { toDiagnostic, type Rule } from './rules/define-rule.js';
import unreadableFile from './rules/kpa001-unreadable-file.js';
import { applySuppressions, type SuppressedDiagnostic } from './suppressions.js';

const KNOWN_RULES: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.id));

/** A path the walk could not enter (permission denied …): reported as KPA001. */
export interface WalkProblem {
  path: string;
  message: string;
}

export interface ReportOptions extends Pick<EngineOptions, 'target' | 'rules' | 'only'> {
  /** Files that may carry `kpa:ignore` comments (all the files, or just those known to carry one). */
  suppressionFiles: readonly string[];
  readText(file: string): string | undefined;
  /** `.kpa.json` "ignore" (settings/glob.ts ignoreMatcher); null when nothing is ignored. */
  isIgnored: ((file: string) => boolean) | null;
  walkProblems?: readonly WalkProblem[];
  /** The rules that produced `found` when not all that run did (the server's early package findings). */
  producedBy?: readonly Rule[];
}

export interface ReportedFindings {
  diagnostics: Diagnostic[];
  suppressed: SuppressedDiagnostic[];
}

export function reportedFindings(found: readonly Diagnostic[], options: ReportOptions): ReportedFindings {
  const walk = options.rules?.[unreadableFile.id] === 'off' ? [] : (options.walkProblems ?? []).map((p) => walkFinding(p, options));
  const ranRules = new Set(rulesThatRun(options, options.producedBy).map((r) => r.id));
  const { diagnostics, suppressed } = applySuppressions([...found, ...walk], options.suppressionFiles, options.readText, {
    knownRules: KNOWN_RULES,
    ranRules,
    setting: options.rules?.KPA002,
  });
  const ignored = options.isIgnored;
  return { diagnostics: ignored ? diagnostics.filter((d) => !ignored(d.file)) : diagnostics, suppressed };
}

function walkFinding(problem: WalkProblem, options: Pick<EngineOptions, 'rules'>): Diagnostic {
  const d = toDiagnostic(unreadableFile, {
    messageId: 'unreadable',
    data: { reason: `directory could not be read (${problem.message})` },
    file: problem.path,
    range: ZERO_RANGE,
    details: { kind: 'unreadable' },
  });
  const setting = options.rules?.[unreadableFile.id];
  if (setting && setting !== 'off') d.severity = setting;
  return d;
}
