import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isProfileError,
  type ProfileOptions,
  profileBytes,
  type Summary,
  summarizeState,
} from '../../../src/profile/index.js';
import { bytesSource } from '../../../src/profile/split/ByteSource.js';
import { profileSplit } from '../../../src/profile/split/profileSplit.js';
import { expectClose } from './expectClose.js';

// Issue 15's property: random CSVs (multi-line quoted fields, CRLF and bare CR, blank lines,
// ragged rows, non-ASCII and invalid UTF-8) cut into any number of pieces at any points give
// the single-pass summary: exact fields equal, floating-point sums to rounding, sketches within
// their stated error.

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A cell as bytes: plain, quoted (with delimiters, quotes and line breaks inside), or odd. */
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 40 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('1.5', '2.25', '-0.5', '1e3', '3.14159', '0') },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'cc', 'Dan', ' pad ', '007', 'x y') },
  { weight: 1, arbitrary: fc.constantFrom('2020-01-31', '2021-12-01', '03/04/2020', 'true', 'no') },
  { weight: 1, arbitrary: fc.constantFrom('', 'NA', 'null', '-') },
  { weight: 2, arbitrary: fc.constantFrom('"a,b"', '"say ""hi"""', '"x\ny"', '"p\r\nq"', '"\n"') },
  { weight: 1, arbitrary: fc.constantFrom('"r\rs"', '"two\n\nbreaks"', 'ab"c', '"q"x') },
  { weight: 1, arbitrary: fc.constantFrom('São', 'naïve', '日本') },
  // Unterminated: it swallows the rest of the file (MALFORMED_CSV) or ends at a later quote.
  { weight: 1, arbitrary: fc.constantFrom('"open', '1', '2', '3', '4', '5', '6', '7', '8') },
);

/** A few bytes that are not UTF-8 (Latin-1 text): the decoder falls back from the first. */
const latin1Cell = fc.constantFrom('caf\xe9', '\xc0 la', 'Gr\xfc\xdfe');

const EOLS = ['\n', '\r\n', '\r'] as const;

interface Csv {
  bytes: Uint8Array;
  description: string;
}

const csv: fc.Arbitrary<Csv> = fc
  .record({
    width: fc.integer({ min: 1, max: 5 }),
    header: fc.boolean(),
    // One file in four has Latin-1 bytes (invalid UTF-8) in some rows.
    latin1: fc.integer({ min: 0, max: 3 }),
    rows: fc.array(
      fc.record({
        cells: fc.array(cell, { minLength: 0, maxLength: 7 }),
        ragged: fc.integer({ min: 0, max: 9 }),
        blank: fc.integer({ min: 0, max: 12 }),
        eol: fc.constantFrom(...EOLS, '\n', '\n', '\r\n'),
        latin1: fc.option(latin1Cell, { freq: 6 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    finalEol: fc.boolean(),
  })
  .map(({ width, header, latin1: withLatin1, rows, finalEol }) => {
    const parts: Uint8Array[] = [];
    if (header) parts.push(utf8(`${Array.from({ length: width }, (_, i) => `c${i}`).join(',')}\n`));
    rows.forEach((row, r) => {
      // Ragged now and then: a row one field short or long.
      const n = row.ragged === 0 ? width - 1 : row.ragged === 1 ? width + 1 : width;
      // Files with Latin-1 bytes have no bare CR, so none inside quotes (docs/profiler.md, known
      // limit): their line endings are LF or CRLF.
      const cells = Array.from({ length: Math.max(1, n) }, (_, i) => row.cells[i] ?? String(r)).map(
        (c) => (withLatin1 === 0 && c === '"r\rs"' ? '"r s"' : c),
      );
      const bareCr = withLatin1 === 0 && row.eol === '\r' ? '\n' : row.eol;
      const eol = r === rows.length - 1 && !finalEol ? '' : bareCr;
      parts.push(utf8(cells.join(',')));
      if (withLatin1 === 0 && row.latin1 !== null) parts.push(latin1(`,${row.latin1}`));
      parts.push(utf8(eol));
      if (row.blank === 0 && eol !== '') parts.push(utf8(eol));
    });
    const bytes = new Uint8Array(Buffer.concat(parts));
    return { bytes, description: Buffer.from(bytes).toString('latin1') };
  });

/** Cut points anywhere in the file (the planner keeps those inside it, past the first 4 bytes). */
const cuts = fc.array(
  fc.integer({ min: 0, max: 9999 }).map((n) => n / 10_000),
  { minLength: 1, maxLength: 8 },
);

/** The summary, or the error, of one pass. */
function single(bytes: Uint8Array, options: ProfileOptions): Summary | { error: string } {
  try {
    return profileBytes(bytes, options);
  } catch (error) {
    if (isProfileError(error)) return { error: `${error.code}: ${error.message}` };
    throw error;
  }
}

/** Re-runs seen, by reason (the property must meet every kind of wrong speculation). */
const seen = new Map<string, number>();

async function split(
  bytes: Uint8Array,
  at: number[],
  chunk: number,
  options: ProfileOptions,
): Promise<Summary | { error: string }> {
  try {
    const cutsAt = at.map((f) => Math.floor(f * bytes.length));
    const { state, reruns } = await profileSplit(
      bytesSource(bytes, chunk),
      { cuts: cutsAt },
      options,
    );
    for (const { reason } of reruns) seen.set(reason, (seen.get(reason) ?? 0) + 1);
    return summarizeState(state, options);
  } catch (error) {
    if (isProfileError(error)) {
      seen.set('error', (seen.get('error') ?? 0) + 1);
      return { error: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}

/** The summary without the time it was made. */
function comparable(s: Summary | { error: string }): unknown {
  if ('error' in s) return s;
  return { ...s, processed_timestamp: undefined };
}

describe('profileSplit', () => {
  it('gives the single-pass summary for random CSVs cut anywhere into any number of pieces', async () => {
    await fc.assert(
      fc.asyncProperty(csv, cuts, fc.integer({ min: 1, max: 40 }), async (file, at, chunk) => {
        // Act
        const whole = single(file.bytes, {});
        const pieces = await split(file.bytes, at, chunk, {});
        // Assess
        expectClose(comparable(pieces), comparable(whole));
      }),
      { numRuns: 300 },
    );
    // The runs met cuts inside quoted fields, pieces after a bare CR, rows that repeat rows of earlier pieces, and files that cannot be profiled
    // (so each check was exercised; profileSplit.test.ts has one case of each).
    expect([...seen.keys()].sort()).toEqual(['cr', 'duplicate-lines', 'error', 'start']);
  });

  it('keeps sketched columns within their stated error', async () => {
    // A distinct limit of 4 puts the columns of these small files on their sketches.
    const options: ProfileOptions = { exactDistinctLimit: 4, duplicateRowLimit: 8 };
    await fc.assert(
      fc.asyncProperty(csv, cuts, async (file, at) => {
        const whole = single(file.bytes, options);
        const pieces = await split(file.bytes, at, 1 << 20, options);
        if ('error' in whole || 'error' in pieces) {
          expect(pieces).toEqual(whole);
          return;
        }
        expect(pieces.row_count).toBe(whole.row_count);
        expect(pieces.dataset).toEqual({
          ...whole.dataset,
          duplicate_rows: pieces.dataset.duplicate_rows,
        });
        // Rows minus distinct rows, the distinct rows within the HyperLogLog's error.
        const rows = whole.dataset.rows;
        expect(
          Math.abs(pieces.dataset.duplicate_rows - whole.dataset.duplicate_rows),
        ).toBeLessThanOrEqual(Math.max(1, 0.025 * rows));
        pieces.columns.forEach((c, i) => {
          const w = whole.columns[i]!;
          // Exact in every mode.
          expect([c.count, c.missing, c.type, c.invalid]).toEqual([
            w.count,
            w.missing,
            w.type,
            w.invalid,
          ]);
          expect(c.numeric?.min).toEqual(w.numeric?.min);
          expect(c.numeric?.max).toEqual(w.numeric?.max);
          // HyperLogLog (p = 14): within 3 standard errors of 0.81%, and never above the count.
          expect(Math.abs(c.distinct - w.distinct)).toBeLessThanOrEqual(
            Math.max(1, 0.025 * w.distinct),
          );
          expect(c.distinct).toBeLessThanOrEqual(c.count);
          // Top values: lower bounds of the true counts when estimated.
          for (const top of c.top) {
            const exact = w.top_estimated ? undefined : w.top.find((t) => t.value === top.value);
            if (exact !== undefined) expect(top.count).toBeLessThanOrEqual(exact.count);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
