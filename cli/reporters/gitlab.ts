/**
 * GitLab Code Quality (a subset of the Code Climate issue format): a JSON array with, per finding,
 * `description`, `check_name` (the rule id), `fingerprint` (unique per finding, stable while its line's text is),
 * `severity` (error → critical, warning → minor, note → info), `location.path` (relative to the repository root)
 * and `location.lines.begin` (1-based). GitLab shows them in the merge request widget and the changes view.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../analyzers/diagnostics.js';
import { LineHashFingerprints } from './fingerprints.js';
import { LineIndexCache } from './locations.js';
import type { Reporter } from './report.js';
import { repositoryPath } from './repository-path.js';

const SEVERITY: Record<Severity, 'critical' | 'minor' | 'info'> = { error: 'critical', warning: 'minor', note: 'info' };

export const formatGitlab: Reporter = (report, options) => {
  const fingerprints = new LineHashFingerprints(new LineIndexCache(options.readText));
  const issues = report.diagnostics.map((d) => {
    const path = repositoryPath(options, d.file);
    return {
      type: 'issue',
      description: d.message,
      check_name: d.rule,
      // The line hash is unique within a file; GitLab wants it unique within the report, so the path joins it.
      fingerprint: createHash('md5').update(`${path}\0${fingerprints.of(d)}`).digest('hex'),
      severity: SEVERITY[d.severity],
      categories: ['Bug Risk'],
      location: { path, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
};
