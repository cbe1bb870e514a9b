import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileBytes } from '../../src/profile/index.js';
import { parseAll, utf8 } from './helpers.js';
import { summaryErrors } from './schema.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const EOLS = ['\n', '\r\n', '\r'] as const;

/** Writes a table in a dialect, quoting what must be quoted (RFC 4180). */
function write(
  rows: string[][],
  delimiter: string,
  quote: string,
  eol: string,
  finalEol: boolean,
  quoteAll: boolean,
): string {
  const needs = (v: string) =>
    quoteAll ||
    v.includes(delimiter) ||
    v.includes(quote) ||
    v.includes('\n') ||
    v.includes('\r') ||
    v === '';
  const cell = (v: string) => (needs(v) ? quote + v.split(quote).join(quote + quote) + quote : v);
  return rows.map((r) => r.map(cell).join(delimiter)).join(eol) + (finalEol ? eol : '');
}

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('a,b', 'say "hi"', "it's", 'x\ny', 'tab\there', 'semi;colon', 'pipe|d', ' pad '),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.array(fc.array(value, { minLength: width, maxLength: width }), {
    minLength: 1,
    maxLength: 15,
  }),
);

describe('round trip', () => {
  it('parses random tables written in random dialects back to the same values at any chunk size', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom('"', "'"),
        fc.constantFrom(...EOLS),
        fc.boolean(),
        fc.integer({ min: 0, max: 17 }),
        (rows, delimiter, quote, eol, finalEol, chunk) => {
          // Prepare: every cell quoted, so the empty row and trailing separators stay unambiguous.
          const text = write(rows, delimiter, quote, eol, finalEol, true);
          // Act
          const { records } = parseAll(utf8(text), chunk, { delimiter, quote });
          // Assess
          expect(records).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('profiles random tables with sniffed dialects into a valid summary of the same shape', () => {
    const header = (width: number) => Array.from({ length: width }, (_, i) => `col${i}`);
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom(...EOLS),
        (body, delimiter, eol) => {
          const rows = [header(body[0]!.length), ...body];
          const text = write(rows, delimiter, '"', eol, true, false);
          const summary = profileBytes(utf8(text), { delimiter, header: true });
          expect(summaryErrors(summary)).toBe('');
          // Rows that are a single empty cell are written as blank lines and skipped.
          const blank = body.filter((r) => r.length === 1 && r[0] === '').length;
          expect(summary.row_count + summary.dataset.blank_rows).toBe(body.length);
          expect(summary.row_count).toBe(body.length - blank);
          expect(summary.column_count).toBe(rows[0]!.length);
          expect(summary.dataset.too_many_fields_rows + summary.dataset.too_few_fields_rows).toBe(
            0,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
