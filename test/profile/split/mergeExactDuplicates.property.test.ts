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

  it('folds many states as RowDuplicates does, its lazily encoded lists read as written', () => {
    fc.assert(
      fc.property(fc.array(side, { minLength: 2, maxLength: 6 }), (sides) => {
        // Act: a fold over pieces, as mergePieces folds them (each result is merged again
        // without being encoded), and the same through RowDuplicates.
        let fast: RowDuplicatesJson | null = json(sides[0]!);
        const slow = RowDuplicates.fromJSON(json(sides[0]!), 5);
        for (const s of sides.slice(1)) {
          fast = fast && mergeExactDuplicates(fast, json(s), 5, Number.POSITIVE_INFINITY);
          slow.merge(RowDuplicates.fromJSON(json(s), 5));
        }

        // Assess: the same JSON text, through a worker's message and a file as well.
        const text = JSON.stringify(slow.toJSON());
        expect(JSON.stringify(fast)).toBe(text);
        expect(JSON.stringify(structuredClone(fast))).toBe(text);
        expect(JSON.stringify(RowDuplicates.fromJSON(fast!, 5).toJSON())).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
