import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnFrequencies, FREQUENT_ITEMS } from '../../../src/profile/sketch/index.js';
import { hashString, ReferenceColumnFrequencies } from '../../oracles/index.js';
import { mulberry32 } from './random.js';

function feed(
  f: ReferenceColumnFrequencies,
  values: readonly string[],
): ReferenceColumnFrequencies {
  for (const v of values) {
    const h = hashString(v);
    if (f.add(h)) f.setLabel(h, v);
  }
  return f;
}

function truth(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function exactTop(values: readonly string[], n: number): { value: string; count: number }[] {
  return [...truth(values)]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, n);
}

/** Zipf(s = 1) over `distinct` values, seeded. */
function zipf(n: number, distinct: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const weights = Array.from({ length: distinct }, (_, r) => 1 / (r + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let u = rand() * total;
    let r = 0;
    while (u > weights[r]! && r < distinct - 1) u -= weights[r++]!;
    out.push(`v${r}`);
  }
  return out;
}

describe('ColumnFrequencies', () => {
  it('returns exact distinct counts and top values up to the limit', () => {
    const values = zipf(5_000, 300, 1);
    const f = feed(new ReferenceColumnFrequencies(1024), values);
    expect(f.estimated).toBe(false);
    expect(f.distinct()).toBe(truth(values).size);
    expect(f.top(5)).toEqual(exactTop(values, 5));
  });

  it('estimates distinct values within 2% past the limit', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `id-${i % 150_000}`);
    const f = feed(new ReferenceColumnFrequencies(1024), values);
    expect(f.estimated).toBe(true);
    expect(Math.abs(f.distinct() - 150_000) / 150_000).toBeLessThan(0.02);
  });

  it('finds heavy hitters past the limit with lower-bound counts', () => {
    const values = zipf(100_000, 20_000, 2);
    const f = feed(new ReferenceColumnFrequencies(256), values);
    const exact = truth(values);
    const top = f.top(5);
    expect(top.map((t) => t.value)).toEqual(exactTop(values, 5).map((t) => t.value));
    // Misra-Gries with median purges: each purge removes at least K/2 times what it subtracts,
    // so a count is at most 2n/K below the truth.
    const bound = (2 * values.length) / FREQUENT_ITEMS;
    for (const t of top) {
      expect(t.count).toBeLessThanOrEqual(exact.get(t.value)!);
      expect(t.count).toBeGreaterThanOrEqual(exact.get(t.value)! - bound);
    }
  });

  it('reports no top values for a column of unique values', () => {
    const f = feed(
      new ReferenceColumnFrequencies(64),
      Array.from({ length: 10_000 }, (_, i) => `u${i}`),
    );
    expect(f.top(5)).toEqual([]);
  });

  it('merges into the frequencies of the whole stream below the limit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 0, max: 40 }).map((i) => `k${i}`),
          { maxLength: 300 },
        ),
        fc.array(
          fc.integer({ min: 0, max: 40 }).map((i) => `k${i}`),
          { maxLength: 300 },
        ),
        (a, b) => {
          const merged = feed(new ReferenceColumnFrequencies(64), a);
          merged.merge(feed(new ReferenceColumnFrequencies(64), b));
          const whole = feed(new ReferenceColumnFrequencies(64), [...a, ...b]);
          expect(merged.distinct()).toBe(whole.distinct());
          expect(merged.top(5)).toEqual(whole.top(5));
        },
      ),
    );
  });

  it('keeps counts as lower bounds when merging past the limit', () => {
    const a = zipf(30_000, 5_000, 3);
    const b = zipf(30_000, 5_000, 4);
    const merged = feed(new ReferenceColumnFrequencies(128), a);
    merged.merge(feed(new ReferenceColumnFrequencies(128), b));
    const exact = truth([...a, ...b]);
    expect(merged.top(3).map((t) => t.value)).toEqual(
      exactTop([...a, ...b], 3).map((t) => t.value),
    );
    for (const t of merged.top(5)) expect(t.count).toBeLessThanOrEqual(exact.get(t.value)!);
    expect(Math.abs(merged.distinct() - exact.size) / exact.size).toBeLessThan(0.02);
  });

  it('round-trips through JSON in both phases', () => {
    for (const limit of [4096, 64]) {
      const f = feed(new ReferenceColumnFrequencies(limit), zipf(5_000, 500, 5));
      const copy = ColumnFrequencies.fromJSON(JSON.parse(JSON.stringify(f.toJSON())));
      expect(copy.distinct()).toBe(f.distinct());
      expect(copy.top(5)).toEqual(f.top(5));
      expect(copy.estimated).toBe(f.estimated);
    }
  });
});
