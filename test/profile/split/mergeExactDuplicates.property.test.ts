import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHashList } from '../../../src/profile/sketch/hashList.js';
import { mergeExactDuplicates } from '../../../src/profile/state/mergeExactDuplicates.js';
import { RowDuplicates, type RowDuplicatesJson } from '../../../src/profile/state/RowDuplicates.js';

const side = fc.record({
  hashes: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
  exactDuplicates: fc.nat(20),
  lines: fc.array(fc.integer({ min: 1, max: 999 }), { maxLength: 5 }),
});

const json = (s: { hashes: number[]; exactDuplicates: number; lines: number[] }) =>
  ({
    rows: s.hashes.length + s.exactDuplicates,
    exactDuplicates: s.exactDuplicates,
    lines: s.lines,
    exact: encodeHashList(Float64Array.from(s.hashes)),
  }) satisfies RowDuplicatesJson;

describe('mergeExactDuplicates', () => {
  it('merges two exact states as RowDuplicates.merge does, or defers past the limit', () => {
    fc.assert(
      fc.property(side, side, fc.integer({ min: 1, max: 120 }), (a, b, limit) => {
        const fast = mergeExactDuplicates(json(a), json(b), 5, limit);
        const slow = RowDuplicates.fromJSON(json(a), 5);
        slow.merge(RowDuplicates.fromJSON(json(b), 5), limit);
        if (fast === null) expect(slow.estimated).toBe(true);
        else expect(fast).toEqual(slow.toJSON());
      }),
      { numRuns: 300 },
    );
  });
});
