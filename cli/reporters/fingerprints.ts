/**
 * A finding's identity across runs, for the CI systems that track findings (SARIF partialFingerprints, GitLab
 * Code Quality `fingerprint`): the rule and the trimmed text of the finding's line, never the line number, so a
 * finding keeps its identity when unrelated lines above it move; a counter tells apart equal lines of one file.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../analyzers/diagnostics.js';
import type { LineIndexCache } from './locations.js';

export class LineHashFingerprints {
  private occurrences = new Map<string, number>();

  constructor(private positions: LineIndexCache) {}

  /** `<32 hex digits>:<n>`: the hash of rule and line text, and the how-manieth such line of the file. */
  of(d: Diagnostic): string {
    const line = this.positions.lineText(d.file, d.range.start.line);
    const basis = line === undefined ? d.message : line.trim();
    const hash = createHash('sha256').update(`${d.rule}\0${basis}`).digest('hex').slice(0, 32);
    const key = `${d.file}\0${hash}`;
    const n = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, n);
    return `${hash}:${n}`;
  }
}
