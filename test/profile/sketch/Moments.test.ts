import { describe, expect, it } from 'vitest';
import { Moments, NonFiniteValueError } from '../../../src/profile/sketch/index.js';
import { ReferenceMoments } from '../../oracles/index.js';
import { gaussian, mulberry32 } from './random.js';

function twoPass(values: Float64Array): { mean: number; variance: number; sum: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, variance: ss / (values.length - 1), sum };
}

function momentsOf(values: ArrayLike<number>): Moments {
  const m = new ReferenceMoments();
  for (let i = 0; i < values.length; i++) m.add(values[i]!);
  return m;
}

const close = (a: number, b: number, rel: number): boolean =>
  Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

describe('Moments', () => {
  it('returns the two-pass mean, variance and sum within 1e-12 relative', () => {
    // Prepare
    const rand = mulberry32(1);
    const values = Float64Array.from({ length: 100_000 }, () => 1000 + 25 * gaussian(rand));
    const want = twoPass(values);
    // Act
    const m = momentsOf(values);
    // Assess
    expect(m.n).toBe(100_000);
    expect(close(m.mean!, want.mean, 1e-12)).toBe(true);
    expect(close(m.variance!, want.variance, 1e-12)).toBe(true);
    expect(close(m.stddev!, Math.sqrt(want.variance), 1e-12)).toBe(true);
    expect(close(m.sum, want.sum, 1e-12)).toBe(true);
    expect(m.min).toBe(Math.min(...values));
    expect(m.max).toBe(Math.max(...values));
  });

  it('returns a stable variance for a large offset where the naive formula fails', () => {
    // Prepare
    const values = Float64Array.from([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    // Act
    const m = momentsOf(values);
    // Assess
    expect(m.variance).toBeCloseTo(30, 9);
    expect(m.mean).toBe(1e9 + 10);
  });

  it('returns null statistics when empty and a null variance for one value', () => {
    // Prepare
    const empty = new ReferenceMoments();
    const one = momentsOf([5]);
    // Act & Assess
    expect([empty.mean, empty.min, empty.max, empty.variance, empty.stddev]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(empty.sum).toBe(0);
    expect([one.mean, one.min, one.max, one.variance, one.stddev]).toEqual([5, 5, 5, null, null]);
  });

  it('returns a compensated sum that keeps small terms next to large ones', () => {
    // Prepare
    const values = [1e16, 1, 1, 1, 1, -1e16];
    // Act
    const m = momentsOf(values);
    // Assess
    expect(m.sum).toBe(4);
  });

  it('returns the same statistics after merge as one pass and after a JSON round trip', () => {
    // Prepare
    const rand = mulberry32(9);
    const values = Float64Array.from({ length: 10_000 }, () => rand() * 100 - 30);
    const whole = momentsOf(values);
    const left = momentsOf(values.subarray(0, 3000));
    const right = momentsOf(values.subarray(3000));
    // Act
    left.merge(right);
    const copy = Moments.fromJSON(JSON.parse(JSON.stringify(left)));
    // Assess
    expect(left.n).toBe(whole.n);
    expect(close(left.mean!, whole.mean!, 1e-12)).toBe(true);
    expect(close(left.variance!, whole.variance!, 1e-12)).toBe(true);
    expect(close(left.sum, whole.sum, 1e-14)).toBe(true);
    expect([left.min, left.max]).toEqual([whole.min, whole.max]);
    expect(copy.toJSON()).toEqual(left.toJSON());
  });

  it('throws NonFiniteValueError for NaN and infinities', () => {
    // Prepare
    const m = new ReferenceMoments();
    // Act & Assess
    expect(() => m.add(Number.NaN)).toThrow(NonFiniteValueError);
    expect(() => m.add(Number.NEGATIVE_INFINITY)).toThrow(NonFiniteValueError);
    expect(m.n).toBe(0);
  });
});
