import { describe, expect, it } from 'vitest';
import {
  NonFiniteValueError,
  QuantileSketch,
  quantileDiscIndex,
  SketchMergeError,
} from '../../../src/profile/sketch/index.js';
import { ReferenceQuantileSketch } from '../../oracles/index.js';
import { gaussian, mulberry32 } from './random.js';

const N = 100_000;
const PERCENTILES = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function sketchOf(values: ArrayLike<number>): QuantileSketch {
  const sketch = new ReferenceQuantileSketch();
  for (let i = 0; i < values.length; i++) sketch.add(values[i]!);
  return sketch;
}

function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[quantileDiscIndex(q, sorted.length)]!;
}

function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return estimate === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(estimate - exact) / Math.abs(exact);
}

const rand = mulberry32(2024);
const distributions: Record<string, Float64Array> = {
  uniform: Float64Array.from({ length: N }, () => rand() * 1000),
  lognormal: Float64Array.from({ length: N }, () => Math.exp(1 + 2 * gaussian(rand))),
  'normal with negatives and 5% zeros': Float64Array.from({ length: N }, () =>
    rand() < 0.05 ? 0 : 50 * gaussian(rand) - 10,
  ),
  'integers 0..100': Float64Array.from({ length: N }, () => Math.floor(rand() * 101)),
};

describe('QuantileSketch', () => {
  for (const [name, values] of Object.entries(distributions)) {
    it(`returns p1..p99 within 1% of the exact quantile_disc value (${name})`, () => {
      // Prepare
      const sorted = values.slice().sort();
      // Act
      const sketch = sketchOf(values);
      // Assess
      let worst = 0;
      for (const q of PERCENTILES) {
        const error = relativeError(sketch.quantile(q), exactQuantile(sorted, q));
        worst = Math.max(worst, error);
      }
      expect(worst).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(sketch.quantile(0)).toBe(sorted[0]);
      expect(sketch.quantile(1)).toBe(sorted[N - 1]);
      expect(sketch.count).toBe(N);
      expect(sketch.collapsed).toBe(false);
    });
  }

  it('returns 0 for quantiles that fall on exact zeros', () => {
    // Prepare
    const values = [-3, -1, 0, 0, 0, 0, 0, 2, 5, 8];
    // Act
    const sketch = sketchOf(values);
    // Assess
    expect(sketch.quantile(0.3)).toBe(0);
    expect(sketch.quantile(0.7)).toBe(0);
    expect(sketch.quantile(0.1)).toBe(-3);
    expect(Math.abs(sketch.quantile(0.2) + 1)).toBeLessThanOrEqual(0.005);
  });

  it('returns the sketch of the whole, bin for bin, after merging two halves', () => {
    // Prepare
    const values = distributions['normal with negatives and 5% zeros']!;
    const whole = sketchOf(values);
    const left = sketchOf(values.subarray(0, N / 2));
    const right = sketchOf(values.subarray(N / 2));
    // Act
    left.merge(right);
    // Assess
    expect(left.toJSON()).toEqual(whole.toJSON());
    for (const q of PERCENTILES) expect(left.quantile(q)).toBe(whole.quantile(q));
  });

  it('returns bin-exact merges and accurate upper quantiles after collapsing', () => {
    // Prepare: magnitudes 1e-200..1e200 need far more than 2048 bins.
    const r = mulberry32(5);
    const values = Float64Array.from({ length: 20_000 }, () => 10 ** (400 * r() - 200));
    const sorted = values.slice().sort();
    const whole = sketchOf(values);
    const left = sketchOf(values.subarray(0, 7000));
    // Act
    left.merge(sketchOf(values.subarray(7000)));
    // Assess
    expect(whole.collapsed).toBe(true);
    expect(left.toJSON()).toEqual(whole.toJSON());
    // 2048 bins of at most gamma, about 70 per octave: values below this share the lowest bin.
    const floorValue = whole.max / 2 ** (2048 / (0.7 / Math.log(1.005 / 0.995)));
    for (const q of PERCENTILES) {
      const exact = exactQuantile(sorted, q);
      if (exact > floorValue * 1.02) {
        expect(relativeError(whole.quantile(q), exact)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    }
    expect(relativeError(whole.quantile(0.99), exactQuantile(sorted, 0.99))).toBeLessThan(0.006);
  });

  it('returns histogram counts that add up to the count and follow the data', () => {
    // Prepare
    const values = distributions.uniform!;
    const sketch = sketchOf(values);
    const exact = new Float64Array(20);
    for (const v of values)
      exact[Math.min(19, Math.floor(((v - sketch.min) / (sketch.max - sketch.min)) * 20))]!++;
    // Act
    const histogram = sketch.histogram(sketch.min, sketch.max, 20);
    // Assess
    expect(histogram).toHaveLength(20);
    expect(histogram.reduce((s, b) => s + b.count, 0)).toBe(N);
    expect(histogram[0]!.lower).toBe(sketch.min);
    expect(histogram[19]!.upper).toBe(sketch.max);
    histogram.forEach((bin, k) => {
      expect(Math.abs(bin.count - exact[k]!)).toBeLessThan(0.02 * exact[k]!);
    });
  });

  it('returns exact histograms and outlier counts of small integers in integer mode', () => {
    // Prepare
    const values = distributions['integers 0..100']!;
    const sketch = sketchOf(values);
    const exact = new Float64Array(20);
    for (const v of values) exact[Math.min(19, Math.floor(v / 5))]!++;
    const exactOutside = values.filter((v) => v < 9.5 || v > 90).length;
    // Act
    const histogram = sketch.histogram(0, 100, 20, true);
    const outside = sketch.countOutside(9.5, 90, true);
    // Assess
    expect(histogram.map((b) => b.count)).toEqual(Array.from(exact));
    expect(outside).toBe(exactOutside);
  });

  it('returns one bin holding every value when min equals max', () => {
    // Prepare
    const sketch = sketchOf([7, 7, 7]);
    // Act
    const histogram = sketch.histogram(7, 7, 20);
    // Assess
    expect(histogram).toEqual([{ lower: 7, upper: 7, count: 3 }]);
  });

  it('returns outlier counts close to the exact count outside Tukey fences', () => {
    // Prepare
    const values = distributions.lognormal!;
    const sorted = values.slice().sort();
    const sketch = sketchOf(values);
    const q1 = sketch.quantile(0.25);
    const q3 = sketch.quantile(0.75);
    const lo = q1 - 1.5 * (q3 - q1);
    const hi = q3 + 1.5 * (q3 - q1);
    const exact = sorted.filter((v) => v < lo || v > hi).length;
    // Act
    const estimate = sketch.countOutside(lo, hi);
    // Assess
    expect(exact).toBeGreaterThan(1000);
    expect(Math.abs(estimate - exact)).toBeLessThan(0.02 * exact);
    expect(sketch.countOutside(sketch.min, sketch.max)).toBe(0);
  });

  it('returns an equal sketch after a JSON round trip', () => {
    // Prepare
    const sketch = sketchOf(distributions['normal with negatives and 5% zeros']!);
    // Act
    const copy = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(sketch)));
    // Assess
    expect(copy.toJSON()).toEqual(sketch.toJSON());
    expect(copy.quantile(0.42)).toBe(sketch.quantile(0.42));
    expect(JSON.stringify(sketch).length).toBeLessThan(10_000);
  });

  it('returns collapsed after a JSON round trip when only the negative store collapsed', () => {
    // Prepare: two negatives farther apart than 3 bins, no positives.
    const sketch = new ReferenceQuantileSketch(0.005, 3);
    sketch.add(-1);
    sketch.add(-2);

    // Act
    const restored = QuantileSketch.fromJSON(sketch.toJSON());

    // Assess
    expect(sketch.collapsed).toBe(true);
    expect(restored.collapsed).toBe(true);
    expect(restored.toJSON()).toEqual(sketch.toJSON());
  });

  it('returns NaN for an empty sketch and throws for non-finite values', () => {
    // Prepare
    const sketch = new ReferenceQuantileSketch();
    // Act & Assess
    expect(sketch.quantile(0.5)).toBeNaN();
    expect(() => sketch.add(Number.NaN)).toThrow(NonFiniteValueError);
    expect(() => sketch.add(Number.POSITIVE_INFINITY)).toThrow(NonFiniteValueError);
    expect(sketch.count).toBe(0);
  });

  it('throws SketchMergeError when alphas differ', () => {
    // Act & Assess
    expect(() =>
      new ReferenceQuantileSketch(0.005).merge(new ReferenceQuantileSketch(0.01)),
    ).toThrow(SketchMergeError);
  });
});
