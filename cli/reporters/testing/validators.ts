/** ajv validators for the JSON output schema and the official SARIF 2.1.0 schema (draft-04, loaded as draft-07). */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function newAjv(): Ajv {
  // unicodeRegExp off: the SARIF schema's language pattern is not valid in /u mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is not installed; these checks are strict enough for our output.
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/\s/.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv;
}

export function sarifValidator(): ValidateFunction {
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // Draft-04 names the schema with `id`; draft-07 calls it `$id`. Nothing else in this schema differs.
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  return newAjv().compile(schema);
}

export function lintJsonValidator(): ValidateFunction {
  const path = fileURLToPath(new URL('../../../docs/schemas/lint-result-v1.schema.json', import.meta.url));
  return newAjv().compile(JSON.parse(readFileSync(path, 'utf8')));
}

export function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
}
