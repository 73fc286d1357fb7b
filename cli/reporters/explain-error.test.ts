import { Ajv } from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CAUSES } from '../../analyzers/explain-log/failure-causes.js';
import { explainLog } from '../../analyzers/explain-log/explain-log.js';
import { formatExplainErrorJson, formatExplainErrorText } from './explain-error.js';

const REPO = join(import.meta.dirname, '../..');
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'docs/schemas/explain-error-v1.schema.json'), 'utf8')) as {
  properties: { errors: { items: { properties: { cause: { enum: string[] } } } } };
};
const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);
const LOGS = join(REPO, 'fixtures/logs');

describe('kpa explain-error JSON (docs/schemas/explain-error-v1.schema.json)', () => {
  test.each(readdirSync(LOGS).filter((f) => f.endsWith('.log')))('%s validates', (name) => {
    const report = explainLog(readFileSync(join(LOGS, name), 'utf8'), { chosen: null, facts: null, diagnostics: [] });
    const json = JSON.parse(formatExplainErrorJson(report)) as unknown;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  test('the schema lists exactly the engine\'s cause ids', () => {
    expect(SCHEMA.properties.errors.items.properties.cause.enum).toEqual([...CAUSES]);
  });

  test('the schema rejects what breaks the contract', () => {
    const report = explainLog('plugin #0 (a.so): plugin already loaded', { chosen: null, facts: null, diagnostics: [] });
    const json = JSON.parse(formatExplainErrorJson(report)) as { errors: Record<string, unknown>[] };
    json.errors[0].cause = 'something-else';
    expect(validate(json)).toBe(false);
  });
});

describe('kpa explain-error text', () => {
  test('log data shows control characters as escapes', () => {
    const report = explainLog('plugin #0 (evil\u001b]0;pwned\u0007.so): plugin already loaded\n', { chosen: null, facts: null, diagnostics: [] });
    const text = formatExplainErrorText(report, 'x.log');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text).toContain('evil\\x1b]0;pwned\\x07.so');
  });

  test('a log without failures says why it may be empty', () => {
    const text = formatExplainErrorText(explainLog('KRAKEND INFO: Listening on port: 8080\n', { chosen: null, facts: null, diagnostics: [] }), 'x.log');
    expect(text).toContain('No plugin failure in x.log (1 line read)');
    expect(text).toContain('DEBUG');
  });
});
