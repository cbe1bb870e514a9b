import { describe, expect, it } from 'vitest';
import { DistinctCounter, hashString } from '../../../src/profile/sketch/index.js';

function feed(counter: DistinctCounter, from: number, to: number): DistinctCounter {
  for (let i = from; i < to; i++) counter.add(hashString(`v${i}`));
  return counter;
}

describe('DistinctCounter', () => {
  it('returns the exact count up to the limit', () => {
    // Prepare
    const counter = new DistinctCounter(1000);
    // Act
    feed(counter, 0, 1000);
    feed(counter, 0, 500);
    // Assess
    expect(counter.count()).toBe(1000);
    expect(counter.estimated).toBe(false);
  });

  it('returns an estimate within 2% once past the limit', () => {
    // Prepare
    const counter = new DistinctCounter(1000);
    // Act
    feed(counter, 0, 50_000);
    // Assess
    expect(counter.estimated).toBe(true);
    expect(Math.abs(counter.count() / 50_000 - 1)).toBeLessThan(0.02);
  });

  it('returns at least the exact count at the switch, never a lower estimate', () => {
    // Prepare
    const counter = new DistinctCounter(100);
    // Act
    feed(counter, 0, 101);
    // Assess
    expect(counter.estimated).toBe(true);
    expect(counter.count()).toBeGreaterThanOrEqual(101);
  });

  it('returns the count of A then B after merge(A, B) below the limit', () => {
    // Prepare
    const a = feed(new DistinctCounter(), 0, 30_000);
    const b = feed(new DistinctCounter(), 20_000, 60_000);
    const sequential = feed(feed(new DistinctCounter(), 0, 30_000), 20_000, 60_000);
    // Act
    a.merge(b);
    // Assess
    expect(a.estimated).toBe(false);
    expect(a.count()).toBe(60_000);
    expect(a.count()).toBe(sequential.count());
  });

  it('returns the same HyperLogLog state as A then B when the union overflows', () => {
    // Prepare
    const limit = 5000;
    const cases: [DistinctCounter, DistinctCounter][] = [
      [feed(new DistinctCounter(limit), 0, 4000), feed(new DistinctCounter(limit), 3000, 8000)],
      [feed(new DistinctCounter(limit), 0, 9000), feed(new DistinctCounter(limit), 3000, 4000)],
      [feed(new DistinctCounter(limit), 0, 100), feed(new DistinctCounter(limit), 50, 20_000)],
      [feed(new DistinctCounter(limit), 0, 9000), feed(new DistinctCounter(limit), 6000, 20_000)],
    ];
    const expected = [8000, 9000, 20_000, 20_000].map((n) =>
      feed(new DistinctCounter(limit), 0, n),
    );
    // Act
    for (const [a, b] of cases) a.merge(b);
    // Assess
    cases.forEach(([a], i) => {
      const want = expected[i]!;
      expect(a.estimated).toBe(true);
      expect(a.toJSON()).toEqual(want.toJSON());
      expect(a.count()).toBe(want.count());
    });
  });

  it('returns the same count after a JSON round trip, exact and estimated', () => {
    // Prepare
    const exact = feed(new DistinctCounter(), 0, 20_000);
    const estimated = feed(new DistinctCounter(1000), 0, 20_000);
    // Act
    const exactCopy = DistinctCounter.fromJSON(JSON.parse(JSON.stringify(exact)));
    const estimatedCopy = DistinctCounter.fromJSON(JSON.parse(JSON.stringify(estimated)));
    feed(exactCopy, 19_000, 21_000);
    // Assess
    expect(exactCopy.count()).toBe(21_000);
    expect(exactCopy.estimated).toBe(false);
    expect(estimatedCopy.estimated).toBe(true);
    expect(estimatedCopy.count()).toBe(estimated.count());
  });

  it('returns compact JSON of about 8 characters per exact hash', () => {
    // Prepare
    const counter = feed(new DistinctCounter(), 0, 100_000);
    // Act
    const text = JSON.stringify(counter);
    // Assess
    expect(text.length).toBeLessThan(100_000 * 9);
  });
});
