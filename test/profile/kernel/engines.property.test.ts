import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileBytesState } from '../../../src/profile/adapters.js';
import { createClassifier, ReferenceColumnAccumulator } from '../../oracles/index.js';

const encoder = new TextEncoder();

const pieces = [
  '0',
  '1',
  '7',
  '12',
  '2020',
  '-',
  '.',
  'e',
  '/',
  ':',
  'T',
  'Z',
  ' ',
  'NA',
  'true',
  'no',
  'x',
  'é',
  '"',
  ',',
  '9007199254740993',
  '2021-03-04',
  '2021-03-04T05:06:07.089Z',
  '31.12.1999',
];
const cellText = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((p) => p.join('')),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((x) => x.toFixed(3)),
  fc.constantFrom('', 'NA', 'a', 'b', 'c', '007', '1e400', ' 5 '),
);

/** A two-column CSV (row number, then the cell, quoted) of `cells`, and each cell's line. */
function csvOf(cells: readonly string[]): Uint8Array {
  const rows = cells.map((text, i) => `${i},"${text.replaceAll('"', '""')}"`);
  return encoder.encode(`n,c\n${rows.join('\n')}\n`);
}

describe('the kernel engine', () => {
  it('returns the column state of the TypeScript accumulator fed the same cells one by one', () => {
    fc.assert(
      fc.property(
        fc.array(cellText, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (cells, limit) => {
          // Prepare
          const options = {
            delimiter: ',',
            quote: '"',
            header: true,
            decimal: '.' as const,
            exactDistinctLimit: limit,
          };
          const reference = new ReferenceColumnAccumulator('c', createClassifier(), {
            exactDistinctLimit: limit,
            sampleLines: 5,
          });
          cells.forEach((text, i) => {
            const bytes = encoder.encode(text);
            reference.add(bytes, 0, bytes.length, i + 2);
          });

          // Act: the profiler runs the kernel (scanner, classifier, accounting, sketches).
          const state = profileBytesState(csvOf(cells), options);

          // Assess
          expect(state.columns[1]).toEqual(reference.toJSON());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns the reference states for every column of a file too wide to reserve its tables', () => {
    // Prepare: 48 columns at a limit of 20,000 distinct values would reserve 48 x 1.8 MB, past
    // the 64 MB budget: each column's frequencies start small and move as their tables grow.
    const width = 48;
    const limit = 20_000;
    const rows = Array.from({ length: 700 }, (_, r) =>
      Array.from({ length: width }, (_, c) =>
        c % 3 === 0 ? `${(r * 7919 + c) % 5003}` : `v${(r * c) % 97}`,
      ),
    );
    const header = Array.from({ length: width }, (_, c) => `c${c}`).join(',');
    const csv = encoder.encode(`${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const references = Array.from(
      { length: width },
      (_, c) =>
        new ReferenceColumnAccumulator(`c${c}`, createClassifier(), {
          exactDistinctLimit: limit,
          sampleLines: 5,
        }),
    );
    rows.forEach((row, r) => {
      row.forEach((text, c) => {
        const bytes = encoder.encode(text);
        references[c]!.add(bytes, 0, bytes.length, r + 2);
      });
    });

    // Act
    const state = profileBytesState(csv, { header: true, exactDistinctLimit: limit });

    // Assess
    expect(state.columns.map((c) => c.frequencies)).toEqual(
      references.map((c) => c.toJSON().frequencies),
    );
    expect(state.columns).toEqual(references.map((c) => c.toJSON()));
  });
});
