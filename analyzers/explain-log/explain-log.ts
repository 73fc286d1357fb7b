/**
 * `kpa explain-error`'s engine: a KrakenD log + the workspace's facts → each distinct plugin failure with its
 * cause, explanation and fix, and the target they were judged against. Pure: the doors read the log and the
 * workspace and print; the CLI prints the report, the language server turns it into diagnostics and hovers.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import { resolveTarget, resolveVersion } from '../manifests/resolve-target.js';
import type { Target } from '../target.js';
import { explainFailure, type ExplainedFailure } from './explain-failure.js';
import { logLines, parseLogFailures } from './log-failures.js';
import { statedRelease, type StatedRelease } from './stated-release.js';

/** Where the target came from: --krakend, --manifest, .kpa.json, the log itself, or nothing (the newest release). */
export type TargetSource = 'flags' | 'manifest' | 'settings' | 'log' | 'latest';

export interface LogTarget {
  target: Target;
  source: TargetSource;
  /** Said with the report when the choice needs saying (the newest release assumed, an EE log, a stated Go). */
  note: string | null;
}

export interface ExplainLogReport {
  target: LogTarget;
  stated: StatedRelease;
  errors: ExplainedFailure[];
  /** Lines read. */
  lines: number;
}

export interface ExplainLogInputs {
  /** The target chosen (a flag, a manifest, .kpa.json, or targetFromLog); null: from the log, else the newest release. */
  chosen: LogTarget | null;
  /** Flavour and arch the user chose, for a target taken from the log. */
  flavour?: string;
  arch?: string;
  facts: EngineFacts | null;
  diagnostics: readonly Diagnostic[];
}

export function explainLog(text: string, inputs: ExplainLogInputs): ExplainLogReport {
  const lines = logLines(text);
  const stated = statedRelease(lines);
  const target = inputs.chosen ?? targetFromLog(stated, inputs);
  const ctx = { target: target.target, stated, facts: inputs.facts, diagnostics: inputs.diagnostics };
  const errors = parseLogFailures(lines).map((f) => explainFailure(f, ctx));
  pointAtLoadFailures(errors);
  return { target, stated, errors, lines: lines.length - (lines[lines.length - 1] === '' ? 1 : 0) };
}

/** The release the log states (its libc string tells the flavour), else the newest release, said so. */
export function targetFromLog(stated: StatedRelease, chosen: { flavour?: string; arch?: string } = {}): LogTarget {
  const flavour = chosen.flavour ?? (stated.libc?.startsWith('GLIBC') ? 'linux-generic' : undefined);
  const arch = chosen.arch;
  if (stated.krakend) {
    const ce = stated.krakend.replace(/-ee$/, '');
    const enterprise = ce !== stated.krakend ? ` The log is from KrakenD Enterprise ${stated.krakend}; kpa's release data are Community Edition's, and the Enterprise build of the same version may link other versions (\`kpa manifest from-binary\` reads the real ones).` : '';
    if ('version' in resolveVersion(ce) && ce.split('.').length === 3) {
      const resolved = resolveTarget({ krakend: ce, flavour, arch });
      if ('target' in resolved) return { target: resolved.target, source: 'log', note: `KrakenD ${ce}, as the log states at line ${stated.line}.${enterprise}` };
    }
    const latest = resolveTarget({ flavour, arch });
    if ('target' in latest) {
      return { target: latest.target, source: 'latest', note: `The log states KrakenD ${stated.krakend}, which kpa has no data for: judged against the newest release, ${latest.target.manifest.krakend}. Pass --krakend or --manifest.${enterprise}` };
    }
  }
  const resolved = resolveTarget({ flavour, arch });
  if ('error' in resolved) throw new Error(resolved.error); // flavour/arch were checked by the door
  return {
    target: resolved.target,
    source: 'latest',
    note: `The log does not say which KrakenD wrote it: judged against the newest release, ${resolved.target.manifest.krakend}. Pass --krakend (or set target.krakend in .kpa.json) for another.`,
  };
}

/** A name nothing registers is most often a plugin that failed to load: point at the failures the log shows. */
function pointAtLoadFailures(errors: ExplainedFailure[]): void {
  const loads = errors.filter((e) => e.plugin !== null && e.cause !== 'symbol-missing' && e.cause !== 'not-registered');
  if (loads.length === 0) return;
  const lines = loads.map((e) => e.line).join(', ');
  for (const e of errors) {
    if (e.cause === 'not-registered' && e.subject) e.explanation += ` This log shows plugin files failing to load (line ${lines}): fix those first.`;
  }
}
