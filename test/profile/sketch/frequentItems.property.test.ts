import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FREQUENT_ITEMS } from '../../../src/profile/sketch/index.js';
import { hashString, ReferenceColumnFrequencies, selectKth } from '../../oracles/index.js';
import { mulberry32 } from './random.js';

/** Row-by-row model of the spilled ColumnFrequencies: Misra-Gries with median purges on a Map. */
class ReferenceFrequencies {
  exact: Map<number, { count: number; label: string }> | null = new Map();
  items = new Map<number, number>();
  offset = 0;

  constructor(readonly limit: number) {}

  add(hash: number, label: string): void {
    if (this.exact !== null) {
      const seen = this.exact.get(hash);
      if (seen !== undefined) seen.count++;
      else this.exact.set(hash, { count: 1, label });
      if (this.exact.size > this.limit) this.spill();
      return;
    }
    const count = this.items.get(hash);
    if (count !== undefined) {
      this.items.set(hash, count + 1);
      return;
    }
    if (this.items.size >= FREQUENT_ITEMS) this.purge();
    this.items.set(hash, 1);
  }

  spill(): void {
    const entries = [...this.exact!].sort(
      (a, b) => b[1].count - a[1].count || (a[1].label < b[1].label ? -1 : 1),
    );
    for (const [hash, { count }] of entries.slice(0, FREQUENT_ITEMS)) this.items.set(hash, count);
    this.offset = entries[FREQUENT_ITEMS]?.[1].count ?? 0;
    this.exact = null;
  }

  purge(): void {
    const counts = [...this.items.values()].sort((a, b) => a - b);
    const median = counts[counts.length >> 1]!;
    this.offset += median;
    for (const [hash, count] of [...this.items]) {
      if (count > median) this.items.set(hash, count - median);
      else this.items.delete(hash);
    }
  }
}

describe('selectKth', () => {
  it('returns the k-th smallest value, as sorting would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        (values, pick) => {
          // Prepare
          const k = pick % values.length;
          const sorted = [...values].sort((a, b) => a - b);
          // Act
          const kth = selectKth(Float64Array.from(values), values.length, k);
          // Assess
          expect(kth).toBe(sorted[k]);
        },
      ),
    );
  });
});

describe('ColumnFrequencies frequent items', () => {
  it('returns the counters and offset of a row-by-row Misra-Gries with median purges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 100, max: 400 }),
        fc.constantFrom(50, 200, 300, 400, 5_000, 1_000_000),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        (seed, limit, range, heavyShare) => {
          // Prepare: a few heavy hitters over a uniform background of `range` values.
          const random = mulberry32(seed);
          const f = new ReferenceColumnFrequencies(limit);
          const reference = new ReferenceFrequencies(limit);
          // Act
          for (let i = 0; i < 6_000; i++) {
            const value =
              random() < heavyShare
                ? `heavy${Math.floor(random() * 8)}`
                : `v${Math.floor(random() * range)}`;
            const hash = hashString(value);
            if (f.add(hash)) f.setLabel(hash, value);
            reference.add(hash, value);
          }
          // Assess
          const json = f.toJSON();
          if (reference.exact !== null) {
            expect('exact' in json).toBe(true);
            return;
          }
          expect('items' in json).toBe(true);
          if (!('items' in json)) return;
          const counters = json.items.map(([hash, count]) => [hash, count]);
          const expected = [...reference.items].sort((a, b) => a[0] - b[0]);
          expect(counters.sort((a, b) => a[0]! - b[0]!)).toEqual(expected);
          expect(json.offset).toBe(reference.offset);
        },
      ),
      { numRuns: 40 },
    );
  });
});
