import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QuantileSketch, quantileDiscIndex } from '../../../src/profile/sketch/index.js';
import { ReferenceQuantileSketch } from '../../oracles/index.js';

const ALPHA = 0.005;
/** Magnitudes below this are counted as zero by the sketch. */
const MIN_INDEXABLE = 2.2250738585072014e-308;
const QS = [0, 0.01, 0.05, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

function sketchOf(xs: readonly number[]): QuantileSketch {
  const s = new ReferenceQuantileSketch();
  for (const x of xs) s.add(x);
  return s;
}

function withinAlpha(estimate: number, exact: number): boolean {
  return Math.abs(estimate - exact) <= (ALPHA + 1e-9) * Math.abs(exact) + MIN_INDEXABLE;
}

/** Finite doubles of magnitude 1e-3..1e3 (no collapse possible), zeros and both signs. */
const moderate = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  fc.double({ min: -1e3, max: -1e-3, noNaN: true }),
  fc.integer({ min: -100, max: 100 }),
);

describe('QuantileSketch (properties)', () => {
  it('returns every quantile within alpha of the exact element when no bins collapsed', () => {
    fc.assert(
      fc.property(fc.array(moderate, { minLength: 1, maxLength: 300 }), (xs) => {
        // Prepare
        const sorted = Float64Array.from(xs).sort();
        // Act
        const sketch = sketchOf(xs);
        // Assess
        expect(sketch.collapsed).toBe(false);
        for (const q of QS) {
          const exact = sorted[quantileDiscIndex(q, sorted.length)]!;
          const estimate = sketch.quantile(q);
          if (exact === 0) expect(estimate).toBe(0);
          else expect(withinAlpha(estimate, exact), `q=${q} ${estimate} vs ${exact}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('returns monotone quantiles within [min, max], exact extremes, and alpha accuracy unless collapsed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 200,
        }),
        (xs) => {
          // Prepare
          const sorted = Float64Array.from(xs).sort();
          // Act
          const sketch = sketchOf(xs);
          const values = QS.map((q) => sketch.quantile(q));
          // Assess: the extremes exactly, but for the sign of a zero (min and max keep the
          // first of 0 and -0 they meet, a sort puts -0 first).
          expect(values[0] === sorted[0], `min ${values[0]} vs ${sorted[0]}`).toBe(true);
          expect(values[QS.length - 1] === sorted[sorted.length - 1]).toBe(true);
          for (let i = 1; i < values.length; i++) {
            expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
          }
          if (!sketch.collapsed) {
            QS.forEach((q, i) => {
              const exact = sorted[quantileDiscIndex(q, sorted.length)]!;
              expect(withinAlpha(values[i]!, exact), `q=${q} ${values[i]} vs ${exact}`).toBe(true);
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns bin-exact merges and histogram totals equal to the count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 150 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 150 }),
        fc.integer({ min: 1, max: 30 }),
        (a, b, bins) => {
          // Prepare
          const whole = sketchOf([...a, ...b]);
          const merged = sketchOf(a);
          // Act
          merged.merge(sketchOf(b));
          // Assess
          expect(merged.toJSON()).toEqual(whole.toJSON());
          if (whole.count > 0) {
            const histogram = whole.histogram(whole.min, whole.max, bins);
            expect(histogram.reduce((s, bin) => s + bin.count, 0)).toBe(whole.count);
            for (const bin of histogram) expect(Number.isInteger(bin.count)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
