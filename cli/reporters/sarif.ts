/**
 * SARIF 2.1.0 for GitHub code scanning. What GitHub needs and we give it:
 * - tool.driver with every rule (not only those that fired), so code scanning can close fixed alerts;
 * - results with ruleId + ruleIndex, level, a %SRCROOT%-relative URI and a 1-based region whose columns
 *   are UTF-16 code units (declared with run.columnKind);
 * - partialFingerprints.primaryLocationLineHash from the rule and the finding's line text (plus an
 *   occurrence counter), never the line number, so alerts survive unrelated lines moving;
 * - automationDetails.id, so several kpa runs (e.g. per plugin) can be uploaded side by side.
 * Suppressed findings (`// kpa:ignore`) are left out: a suppressed result would still open an alert.
 */
import type * as Sarif from 'sarif';
import type { Diagnostic, Range, Severity } from '../../analyzers/diagnostics.js';
import { rangeToSarifRegion } from '../../analyzers/positions.js';
import { ruleDocsUrl, type Rule } from '../../analyzers/rules/define-rule.js';
import { relativePath } from '../../analyzers/workspace.js';
import { LineHashFingerprints } from './fingerprints.js';
import { LineIndexCache } from './locations.js';
import type { Reporter } from './report.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const KPA_INFORMATION_URI = 'https://github.com/kpa-dev/kpa';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', note: 'note' };

export const formatSarif: Reporter = (report, options) => {
  const srcRoot = options.srcRoot ?? options.cwd;
  const positions = new LineIndexCache(options.readText);
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const fingerprints = new LineHashFingerprints(positions);

  const artifactLocation = (file: string): Sarif.ArtifactLocation => {
    const rel = relativePath(srcRoot, file);
    if (rel === '..' || rel.startsWith('../')) return { uri: fileUri(file) };
    return { uri: encodePath(rel), uriBaseId: SRCROOT };
  };
  const physicalLocation = (file: string, range: Range): Sarif.PhysicalLocation => ({
    artifactLocation: artifactLocation(file),
    region: rangeToSarifRegion(range),
  });

  const result = (d: Diagnostic): Sarif.Result => {
    const r: Sarif.Result = {
      ruleId: d.rule,
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: physicalLocation(d.file, d.range) }],
      partialFingerprints: { primaryLocationLineHash: fingerprints.of(d) },
    };
    const index = ruleIndex.get(d.rule);
    if (index !== undefined) r.ruleIndex = index;
    if (d.related?.length) {
      r.relatedLocations = d.related.map((rel, i) => ({ id: i, physicalLocation: physicalLocation(rel.file, rel.range), message: { text: rel.message } }));
    }
    const fixes = (d.fixes ?? []).filter((f) => f.edits.length > 0);
    if (fixes.length) {
      r.fixes = fixes.map((f) => ({
        description: { text: f.title },
        artifactChanges: groupBy(f.edits, (e) => e.file).map(([file, edits]) => ({
          artifactLocation: artifactLocation(file),
          replacements: edits.map((e) => ({ deletedRegion: rangeToSarifRegion(e.range), insertedContent: { text: e.newText } })),
        })),
      }));
    }
    return r;
  };

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kpa',
            fullName: 'kpa, the KrakenD Plugin Analyzer',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            informationUri: KPA_INFORMATION_URI,
            rules: report.rules.map((rule) => sarifRule(rule, options.ruleDoc?.(rule.id))),
          },
        },
        automationDetails: { id: options.automationId ?? 'kpa/' },
        originalUriBaseIds: { [SRCROOT]: { uri: fileUri(srcRoot) + '/' } },
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map(result),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function sarifRule(rule: Rule, doc: string | undefined): Sarif.ReportingDescriptor {
  const helpUri = ruleDocsUrl(rule.id);
  const full = (doc && docSummary(doc)) || sentence(rule.meta.summary);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: sentence(rule.meta.summary) },
    fullDescription: { text: full },
    help: { text: `${full} See ${helpUri}`, markdown: doc ?? `${full}\n\n[Documentation](${helpUri})` },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: { tags: ['krakend', 'plugin', ...(rule.meta.tags ?? [])], precision: 'very-high', 'problem.severity': problemSeverity(rule.meta.severity) },
  };
}

/** The one-line paragraph under a rule doc's `# KPANNN: name` title. */
export function docSummary(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const title = lines.findIndex((l) => l.startsWith('# '));
  const paragraph: string[] = [];
  for (const line of lines.slice(title + 1)) {
    if (line.trim() === '') {
      if (paragraph.length) break;
      continue;
    }
    if (line.startsWith('#')) break;
    paragraph.push(line.trim());
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}

function problemSeverity(severity: Severity): string {
  return severity === 'note' ? 'recommendation' : severity;
}

function sentence(summary: string): string {
  return summary.charAt(0).toUpperCase() + summary.slice(1) + '.';
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function fileUri(absolute: string): string {
  return 'file://' + encodePath(absolute.startsWith('/') ? absolute : '/' + absolute);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}
