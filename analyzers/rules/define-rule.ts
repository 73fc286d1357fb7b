/**
 * A rule is a value: id, name, meta and a check over facts (go/analysis' Analyzer + ESLint's meta).
 * Rules never parse, never do I/O, never throw for user mistakes; they call ctx.report.
 */
import type { AnalysisContext } from '../analysis-context.js';
import { plainRange, type Diagnostic, type Fix, type LocatedRange, type Range, type RelatedInformation, type Severity } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { FactKind } from '../fact-kinds.js';
import type { Target } from '../target.js';

export type { FactKind } from '../fact-kinds.js';

/** What a rule reads: a kind of facts, or 'input' (the files kpa could not read, EngineFacts.inputProblems). */
export type RuleNeed = FactKind | 'input';

export interface RuleMeta<M extends string = string> {
  /** The default severity: SARIF's defaultConfiguration.level, and every finding's unless it says another. */
  severity: Severity;
  /**
   * The severities the rule may report besides `severity`, by the evidence of each finding (a module the plugin
   * links: error; one it only requires: note). `kpa rules` shows them; toDiagnostic refuses any other.
   */
  levels?: readonly Severity[];
  /** One line, go/analysis title style: no capital, no period, about 60 letters. */
  summary: string;
  /** messageId → template with {placeholders}. */
  messages: Record<M, string>;
  fixable?: boolean;
  /** SARIF properties.tags. */
  tags?: string[];
}

export interface ReportInput<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  file: string;
  range: Range;
  fixes?: Fix[];
  related?: RelatedInformation[];
  /** Overrides meta.severity for this finding (leveled rules such as module mismatches). */
  severity?: Severity;
  /** Machine-readable details kept on the diagnostic. */
  details?: Record<string, unknown>;
}

/** What a rule reads: the facts, what is derived from them once per analysis, and the target. */
export interface RuleInputs {
  facts: EngineFacts;
  /** Indexes and groupings of these facts, shared by the rules of one analysis (analysis-context.ts). */
  derived: AnalysisContext;
  /** Null when no target could be resolved; rules that need one then stay silent. */
  target: Target | null;
}

/** M: the rule's message ids, so reporting one its meta.messages lacks does not type-check. */
export interface RuleContext<M extends string = string> extends RuleInputs {
  report(input: ReportInput<M>): void;
}

export interface Rule<M extends string = string> {
  id: string;
  name: string;
  meta: RuleMeta<M>;
  /** Checked by rule-needs.test.ts: the rule reads these and only these over the repo's fixtures. */
  needs: RuleNeed[];
  /** Whether the rule needs a resolved Target. */
  needsTarget?: boolean;
  /**
   * 'package': what the rule reports for a Go package depends only on that package's facts (its entry in
   * facts.go and its plugin symbols) and the target, and it reports only in that package's files. The
   * language server then re-runs it only for packages that changed (engine.ts factsOfPackage). Default:
   * 'workspace', re-run on every analysis.
   */
  scope?: 'package' | 'workspace';
  check(ctx: RuleContext<M>): void;
}

export const RULE_DOCS_BASE = 'https://github.com/kpa-dev/kpa/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}

const FAMILY: Record<string, RuleNeed> = { '0': 'input', '1': 'go', '2': 'modules', '3': 'config', '4': 'binary', '5': 'recipes' };

/** The message ids (M) are inferred from meta.messages; toDiagnostic still checks them at run time. */
export function defineRule<M extends string>(rule: Rule<M>): Rule {
  const m = /^KPA(\d)\d\d$/.exec(rule.id);
  if (!m || !FAMILY[m[1]]) throw new Error(`rule id ${rule.id} is not KPA0xx–KPA5xx`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.name)) throw new Error(`rule name ${rule.name} is not a kebab slug`);
  if (/[A-Z]/.test(rule.meta.summary[0] ?? '') || rule.meta.summary.endsWith('.')) {
    throw new Error(`rule ${rule.id} summary must start lower-case and not end with a period`);
  }
  return rule;
}

const isLocated = (x: { range: Range }) => (x.range as LocatedRange).file !== undefined || (x.range as LocatedRange).inexact !== undefined;

/** A range from a rendered template may lie in another file (diagnostics.ts LocatedRange). */
function located(file: string, range: Range): { file: string; range: Range } {
  if (!isLocated({ range })) return { file, range };
  return { file: (range as LocatedRange).file ?? file, range: plainRange(range) };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

export function toDiagnostic(rule: Rule, input: ReportInput): Diagnostic {
  const template = rule.meta.messages[input.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message ${input.messageId}`);
  if (input.severity !== undefined && input.severity !== rule.meta.severity && !rule.meta.levels?.includes(input.severity)) {
    throw new Error(`rule ${rule.id} reported a finding at ${input.severity}, but its meta declares ${[rule.meta.severity, ...(rule.meta.levels ?? [])].join('/')}: add it to meta.levels`);
  }
  const diagnostic: Diagnostic = {
    rule: rule.id,
    severity: input.severity ?? rule.meta.severity,
    message: formatMessage(template, input.data),
    ...located(input.file, input.range),
  };
  if (input.fixes?.length) {
    // A fix that edits a range standing for a whole template action would overwrite the action, not the value.
    const fixes = input.fixes.some((f) => f.edits.some(isLocated))
      ? input.fixes.filter((f) => f.edits.every((e) => !(e.range as LocatedRange).inexact)).map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, ...located(e.file, e.range) })) }))
      : input.fixes;
    if (fixes.length) diagnostic.fixes = fixes;
  }
  if (input.related?.length) diagnostic.related = input.related.some(isLocated) ? input.related.map((r) => ({ ...r, ...located(r.file, r.range) })) : input.related;
  const data = { messageId: input.messageId, ...(input.details ?? {}) };
  diagnostic.data = data;
  return diagnostic;
}
