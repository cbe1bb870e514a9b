import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DenseStore, type DenseStoreJson } from '../../../src/profile/sketch/DenseStore.js';
import { QuantileSketch } from '../../../src/profile/sketch/QuantileSketch.js';
import { ReferenceQuantileSketch } from '../../oracles/index.js';

/** The reference: every positive count added one by one, from the highest index down. */
function byAdding(json: DenseStoreJson, maxBins: number): DenseStore {
  const store = new DenseStore(maxBins);
  for (let k = json.c.length - 1; k >= 0; k--) {
    const c = json.c[k]!;
    if (c > 0) store.add(json.o + k, c);
  }
  return store;
}

/** Everything a store shows: JSON, extremes, count, flag and every bin around its range. */
function observe(store: DenseStore): unknown {
  const bins: number[] = [];
  for (let i = store.minIndex - 3; i <= store.maxIndex + 3; i++) bins.push(store.get(i));
  return {
    json: store.toJSON(),
    count: store.count,
    min: store.minIndex,
    max: store.maxIndex,
    collapsed: store.collapsed,
    bins,
  };
}

const maxBinsArb = fc.constantFrom(1, 2, 7, 64, 100, 2048);
const countArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 1000 }),
  fc.double({ min: 0.001, max: 1e6, noNaN: true }),
);
const jsonArb = fc.record({
  o: fc.integer({ min: -5000, max: 5000 }),
  c: fc.array(countArb, { maxLength: 300 }),
});
const addsArb = fc.array(
  fc.tuple(fc.integer({ min: -6000, max: 6000 }), fc.integer({ min: 1, max: 9 })),
  { maxLength: 40 },
);

describe('DenseStore.load', () => {
  it('returns the state of adding the bins one by one, also under later adds', () => {
    fc.assert(
      fc.property(jsonArb, maxBinsArb, addsArb, (json, maxBins, adds) => {
        // Prepare
        const reference = byAdding(json, maxBins);
        const store = new DenseStore(maxBins);

        // Act
        const loaded = store.load(json);

        // Assess
        const positive = json.c.flatMap((c, k) => (c > 0 ? [k] : []));
        const span = positive.length === 0 ? 0 : positive.at(-1)! - positive[0]! + 1;
        expect(loaded).toBe(span <= maxBins);
        if (!loaded) {
          expect(store.count).toBe(0);
          return;
        }
        expect(observe(store)).toEqual(observe(reference));
        for (const [index, weight] of adds) {
          store.add(index, weight);
          reference.add(index, weight);
        }
        expect(observe(store)).toEqual(observe(reference));
      }),
      { numRuns: 300 },
    );
  });

  it('returns false and keeps the store empty for a negative or NaN count', () => {
    for (const bad of [-1, Number.NaN]) {
      // Prepare
      const store = new DenseStore(64);

      // Act
      const loaded = store.load({ o: 3, c: [1, bad, 2] });

      // Assess
      expect(loaded).toBe(false);
      expect(store.count).toBe(0);
      expect(store.toJSON()).toEqual({ o: 0, c: [] });
    }
  });

  it('returns false for a store that already holds counts', () => {
    // Prepare
    const store = new DenseStore(64);
    store.add(5, 1);

    // Act
    const loaded = store.load({ o: 0, c: [1] });

    // Assess
    expect(loaded).toBe(false);
    expect(store.toJSON()).toEqual({ o: 5, c: [1] });
  });
});

describe('QuantileSketch.fromJSON', () => {
  it('returns a sketch equal to the original, also for later adds and merges', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ min: -1e12, max: 1e12, noNaN: true }),
            fc.integer({ min: -50, max: 50 }),
          ),
          { maxLength: 300 },
        ),
        fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { maxLength: 20 }),
        fc.constantFrom(16, 64, 2048),
        (values, later, maxBins) => {
          // Prepare
          const sketch = new ReferenceQuantileSketch(0.01, maxBins);
          for (const v of values) sketch.add(v);

          // Act
          const copy = QuantileSketch.fromJSON(structuredClone(sketch.toJSON()));

          // Assess
          expect(copy.toJSON()).toEqual(sketch.toJSON());
          // Merged with more values, the copy stays the sketch's equal.
          const more = new ReferenceQuantileSketch(0.01, maxBins);
          for (const v of later) more.add(v);
          copy.merge(more);
          sketch.merge(more);
          expect(copy.toJSON()).toEqual(sketch.toJSON());
          for (const q of [0, 0.1, 0.5, 0.9, 1]) {
            expect(Object.is(copy.quantile(q), sketch.quantile(q))).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns the re-added sketch for JSON whose bins span more than maxBins', () => {
    // Prepare
    const json = new ReferenceQuantileSketch(0.01, 4).toJSON();
    const wide = { ...json, count: 3, min: 1, max: 100, pos: { o: 10, c: [1, 0, 0, 0, 0, 1, 1] } };

    // Act
    const sketch = QuantileSketch.fromJSON(wide);

    // Assess
    expect(sketch.collapsed).toBe(true);
    expect(sketch.toJSON().pos).toEqual({ o: 13, c: [1, 0, 1, 1] });
  });
});
