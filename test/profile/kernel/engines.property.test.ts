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
});
