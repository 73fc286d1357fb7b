import { describe, expect, it } from 'vitest';
import { formatJson, JSON_SCHEMA_VERSION } from './json.js';
import { errorsOf, lintJsonValidator } from './testing/validators.js';
import { sampleOptions, sampleReport } from './testing/sample-report.js';

describe('json reporter', () => {
  const validate = lintJsonValidator();

  it('matches the golden and validates against docs/schemas/lint-result-v1.schema.json', async () => {
    const out = formatJson(sampleReport(), sampleOptions());
    await expect(out).toMatchFileSnapshot('./__golden__/sample.json');
    const parsed = JSON.parse(out);
    expect(validate(parsed), errorsOf(validate)).toBe(true);
    expect(parsed.schemaVersion).toBe(JSON_SCHEMA_VERSION);
  });

  it('gives both 1-based UTF-8 columns and the 0-based UTF-16 range', () => {
    const parsed = JSON.parse(formatJson(sampleReport(), sampleOptions()));
    const holds = parsed.diagnostics.find((d: { rule: string }) => d.rule === 'KPA101');
    expect([holds.file, holds.line, holds.column, holds.endColumn]).toEqual(['plugins/main.go', 4, 23, 40]);
    expect(holds.range.start).toEqual({ line: 3, character: 19 });
    expect(holds.docs).toMatch(/docs\/rules\/KPA101\.md$/);
    expect(parsed.summary).toEqual({ problems: 4, errors: 2, warnings: 1, notes: 1, suppressed: 1, files: 4 });
    expect(parsed.suppressed[0]).toMatchObject({ rule: 'KPA101', reason: 'patched loader', line: 7, comment: { line: 6 } });
  });

  it('a clean run with no target is valid too, and the validator does reject a broken document', () => {
    const clean = JSON.parse(formatJson(sampleReport({ diagnostics: [], suppressed: [], target: null }), sampleOptions()));
    expect(validate(clean), errorsOf(validate)).toBe(true);
    expect(validate({ ...clean, diagnostics: [{ rule: 'KPA101' }] })).toBe(false);
  });
});
