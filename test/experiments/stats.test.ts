import { expect, it, describe as suite } from 'vitest';
import {
  bootstrapMedianCi,
  bootstrapRatioCi,
  describe,
  estimateCost,
  SCALE_PARAMETERS,
} from '../../src/experiments/index.js';

suite('describe', () => {
  it('returns median, p95, mean and sample standard deviation', () => {
    // Act
    const stats = describe([1, 2, 3, 4, 100]);

    // Assess
    expect(stats).toEqual({
      count: 5,
      min: 1,
      max: 100,
      mean: 22,
      median: 3,
      p95: 80.8,
      stddev: 43.618,
    });
  });
});

suite('bootstrapMedianCi', () => {
  it('returns the same interval for the same seed, containing the median', () => {
    // Prepare
    const samples = Array.from({ length: 30 }, (_, i) => 10 + ((i * 7) % 11));

    // Act
    const a = bootstrapMedianCi(samples, { seed: 7 });
    const b = bootstrapMedianCi(samples, { seed: 7 });

    // Assess
    expect(a).toEqual(b);
    expect(a!.low).toBeLessThanOrEqual(15);
    expect(a!.high).toBeGreaterThanOrEqual(15);
    expect(bootstrapMedianCi([5])).toBeUndefined();
  });
});

suite('bootstrapRatioCi', () => {
  it('returns an interval above 1 when the first sample is clearly slower', () => {
    // Act
    const ci = bootstrapRatioCi([20, 21, 22, 23, 24], [10, 11, 10, 12, 11]);

    // Assess
    expect(ci!.low).toBeGreaterThan(1.5);
    expect(ci!.high).toBeLessThan(2.5);
  });
});

suite('estimateCost', () => {
  it('returns more uploads for the full suite than for the safe subset', () => {
    // Act
    const safe = estimateCost(['B', 'D', 'H'], SCALE_PARAMETERS.quick);
    const full = estimateCost(['A', 'B', 'C', 'D', 'F', 'G', 'H'], SCALE_PARAMETERS.full);

    // Assess
    expect(safe.uploads).toBe(20);
    expect(full.uploads).toBeGreaterThan(200);
    expect(full.usd).toBeGreaterThan(safe.usd);
    expect(full.usd).toBeLessThan(1);
  });

  it('counts the piece invocations and requests of experiment I', () => {
    // Act
    const without = estimateCost(['F'], SCALE_PARAMETERS.full);
    const fanout = estimateCost(['F', 'I'], SCALE_PARAMETERS.full);

    // Assess: 3 runs of 1, 2, 4 and 8 pieces; the split ones invoke 2 + 4 + 8 pieces each.
    expect(fanout.uploads - without.uploads).toBe(12);
    expect(fanout.lambdaInvocations - without.lambdaInvocations).toBe(12 + 3 * 14);
    expect(fanout.usd).toBeGreaterThan(without.usd);
  });
});
