import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../../src/profile/sketch/index.js';

const hashes = fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 300 });

describe('DistinctCounter (properties)', () => {
  it('returns the state of feeding A then B after merge(A, B), on either side of the limit', () => {
    fc.assert(
      fc.property(hashes, hashes, fc.integer({ min: 1, max: 400 }), (a, b, limit) => {
        // Prepare
        const merged = new DistinctCounter(limit);
        const other = new DistinctCounter(limit);
        const sequential = new DistinctCounter(limit);
        for (const h of a) merged.add(h);
        for (const h of b) other.add(h);
        for (const h of [...a, ...b]) sequential.add(h);
        // Act
        merged.merge(other);
        // Assess
        const distinct = new Set([...a, ...b]).size;
        expect(merged.estimated).toBe(distinct > limit);
        expect(merged.toJSON()).toEqual(sequential.toJSON());
        if (distinct <= limit) expect(merged.count()).toBe(distinct);
      }),
      { numRuns: 300 },
    );
  });
});
