import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/summary.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** Validates a summary against schema/summary.schema.json; returns the errors as text. */
export function summaryErrors(summary: unknown): string {
  return validate(summary) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}
