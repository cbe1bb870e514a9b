import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_QUOTE } from '../../src/profile/constants.js';
import { parseOutcome } from './helpers.js';

interface Options {
  delimiter: number;
  quote: number;
  maxFieldBytes: number;
  maxRecordBytes: number;
  maxColumns: number;
  separateEscaped: boolean;
  comment: { byte: number; all: boolean };
  commentLines: number;
  firstLine: number;
  firstOffset: number;
}

/** record()/flush() calls, final state and error of one parse (see helpers.ts). */
function run(which: 'js' | 'kernel', bytes: Uint8Array, chunkSize: number, options: Options) {
  return parseOutcome(which, bytes, chunkSize, options);
}

const code = (c: string) => c.charCodeAt(0);

/** Usual dialects, and now and then an odd one (quote = delimiter, a line break as either). */
const delimiter = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(',', ';', '\t') },
  { weight: 1, arbitrary: fc.constantFrom('"', "'", '\n', '\r') },
);
const quote = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('"', "'").map(code) },
  { weight: 1, arbitrary: fc.constantFrom(',', ';', '\n', '\r').map(code) },
  // No quote character (NUL and 0xFF bytes are text then, too).
  { weight: 2, arbitrary: fc.constant(NO_QUOTE) },
);

/** Dialect and limits; small limits often, so that the errors are hit. */
const options: fc.Arbitrary<Options> = fc.record({
  delimiter: delimiter.map(code),
  quote,
  maxFieldBytes: fc.oneof(fc.constant(1 << 24), fc.integer({ min: 0, max: 40 })),
  maxRecordBytes: fc.oneof(fc.constant(1 << 26), fc.integer({ min: 0, max: 80 })),
  maxColumns: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 6 })),
  separateEscaped: fc.boolean(),
  // Comment lines (every line starting with # or ;), now and then; where reading starts.
  comment: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ byte: -1, all: false }) },
    { weight: 1, arbitrary: fc.constantFrom('#', ';').map((c) => ({ byte: code(c), all: true })) },
  ),
  commentLines: fc.integer({ min: 0, max: 3 }),
  firstLine: fc.integer({ min: 1, max: 40 }),
  firstOffset: fc.integer({ min: 0, max: 1000 }),
});

/** CSV-ish bytes: delimiters, quotes, line breaks and letters in any order. */
const shortInput = fc
  .array(fc.constantFrom('a', 'b', ',', ';', '\t', '"', "'", '\r', '\n', ' ', 'é', '\u0000', '#'), {
    maxLength: 24,
  })
  .map((units) => new TextEncoder().encode(units.join('')));

/** Longer inputs made of tokens, with runs past the 16-byte SIMD blocks. */
const longInput = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '"',
        "'",
        '""',
        '\r',
        '\n',
        '\r\n',
        'x',
        '"a""b"',
        ',"\n",',
        '\n#c',
      ),
      fc.integer({ min: 1, max: 50 }).map((n) => 'v'.repeat(n)),
      fc.integer({ min: 1, max: 20 }).map((n) => `"${'q'.repeat(n)}""${'r'.repeat(n)}"`),
    ),
    { maxLength: 60 },
  )
  .map((units) => new TextEncoder().encode(units.join('')));

describe('KernelCsvParser (properties)', () => {
  it('returns what CsvParser returns for short inputs at every chunk size', () => {
    let compared = 0;
    fc.assert(
      fc.property(shortInput, options, (bytes, o) => {
        for (let size = 0; size <= bytes.length; size++) {
          expect(run('kernel', bytes, size, o)).toEqual(run('js', bytes, size, o));
          compared++;
        }
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('returns what CsvParser returns for long inputs in one shot and random chunks', () => {
    fc.assert(
      fc.property(
        longInput,
        options,
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 4 }),
        (bytes, o, sizes) => {
          for (const size of [0, ...sizes]) {
            expect(run('kernel', bytes, size, o)).toEqual(run('js', bytes, size, o));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
