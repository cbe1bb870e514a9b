import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, TopK } from '../../../src/profile/sketch/index.js';

function feed(topk: TopK, values: readonly string[]): TopK {
  for (const v of values) {
    const h = hashString(v);
    if (topk.add(h)) topk.setLabel(h, v);
  }
  return topk;
}

function exactCounts(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Skewed streams over a small alphabet, so both exact and evicting cases occur. */
const stream = fc.array(
  fc
    .oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) },
    )
    .map((i) => `v${i}`),
  { maxLength: 400 },
);

describe('TopK (properties)', () => {
  it('returns Space-Saving bounds: count >= true count >= count - error, counts sum to total', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 20 }), (values, capacity) => {
        // Prepare
        const exact = exactCounts(values);
        // Act
        const topk = feed(new TopK(capacity), values);
        const entries = topk.entries();
        // Assess
        expect(entries.reduce((s, e) => s + e.count, 0)).toBe(values.length);
        for (const e of entries) {
          const truth = exact.get(e.value!) ?? 0;
          expect(e.count).toBeGreaterThanOrEqual(truth);
          expect(e.count - e.error).toBeLessThanOrEqual(truth);
          expect(topk.countOf(e.hash)).toBe(e.count);
        }
        if (exact.size <= capacity) expect(topk.lossy).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('returns exact merged counts when the union fits, and upper bounds otherwise', () => {
    fc.assert(
      fc.property(stream, stream, fc.integer({ min: 1, max: 64 }), (a, b, capacity) => {
        // Prepare
        const exact = exactCounts([...a, ...b]);
        const merged = feed(new TopK(capacity), a);
        // Act
        merged.merge(feed(new TopK(capacity), b));
        // Assess
        const entries = merged.entries();
        expect(merged.total).toBe(a.length + b.length);
        expect(entries.length).toBeLessThanOrEqual(capacity);
        for (const e of entries) {
          const truth = exact.get(e.value!) ?? 0;
          if (exact.size <= capacity) expect(e.count).toBe(truth);
          expect(e.count).toBeGreaterThanOrEqual(truth);
          expect(e.count - e.error).toBeLessThanOrEqual(truth);
        }
        if (exact.size <= capacity) expect(entries).toHaveLength(exact.size);
      }),
      { numRuns: 300 },
    );
  });
});
