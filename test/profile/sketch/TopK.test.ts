import { describe, expect, it } from 'vitest';
import { hashString, SketchArgumentError, TopK } from '../../../src/profile/sketch/index.js';
import { mulberry32 } from './random.js';

function feed(topk: TopK, values: readonly string[]): TopK {
  for (const v of values) {
    const h = hashString(v);
    if (topk.add(h)) topk.setLabel(h, v);
  }
  return topk;
}

function exactTop(values: readonly string[], n: number): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, n);
}

/** Zipf(s = 1) sample of `n` items over `distinct` values, seeded. */
function zipfStream(n: number, distinct: number, seed: number): string[] {
  const cdf = new Float64Array(distinct);
  let total = 0;
  for (let r = 0; r < distinct; r++) {
    total += 1 / (r + 1);
    cdf[r] = total;
  }
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand() * total;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out.push(`item-${lo}`);
  }
  return out;
}

describe('TopK', () => {
  it('returns exact counts sorted by count then value on low cardinality', () => {
    // Prepare
    const values = ['b', 'a', 'c', 'b', 'a', 'b', 'd', 'c', 'e', 'f'];
    // Act
    const top = feed(new TopK(), values).top(4);
    // Assess
    expect(top).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 2 },
      { value: 'c', count: 2 },
      { value: 'd', count: 1 },
    ]);
  });

  it('returns true from add only when a key is new', () => {
    // Prepare
    const topk = new TopK(2);
    const [x, y, z] = ['x', 'y', 'z'].map(hashString) as [number, number, number];
    // Act
    const results = [topk.add(x), topk.add(x), topk.add(y)];
    topk.setLabel(y, 'y');
    results.push(topk.add(y), topk.add(z), topk.add(z));
    // Assess
    expect(results).toEqual([true, true, true, false, true, true]);
  });

  it('returns exact counts whenever the distinct keys fit the capacity', () => {
    // Prepare
    const rand = mulberry32(7);
    const values = Array.from({ length: 20_000 }, () => `k${Math.floor(rand() * rand() * 64)}`);
    // Act
    const top = feed(new TopK(64), values).top(64);
    // Assess
    expect(top).toEqual(exactTop(values, 64));
  });

  it('returns the true top 5 in order on a Zipf stream of 1e5 items over 1e4 values', () => {
    // Prepare
    const values = zipfStream(100_000, 10_000, 42);
    const want = exactTop(values, 5).map((t) => t.value);
    const topk = new TopK();
    // Act
    feed(topk, values);
    const got = topk.top(5);
    // Assess
    expect(got.map((t) => t.value)).toEqual(want);
    expect(topk.lossy).toBe(true);
    expect(topk.total).toBe(100_000);
  });

  it('returns counts that bound the true counts from above within their error', () => {
    // Prepare
    const values = zipfStream(50_000, 5000, 3);
    const exact = new Map<string, number>();
    for (const v of values) exact.set(v, (exact.get(v) ?? 0) + 1);
    // Act
    const entries = feed(new TopK(32), values).entries();
    // Assess
    expect(entries).toHaveLength(32);
    for (const e of entries) {
      const truth = exact.get(e.value!) ?? 0;
      expect(e.count).toBeGreaterThanOrEqual(truth);
      expect(e.count - e.error).toBeLessThanOrEqual(truth);
      expect(e.error).toBeLessThanOrEqual(50_000 / 32);
    }
  });

  it('returns exact counts after merge(A, B) when the union fits the capacity', () => {
    // Prepare
    const rand = mulberry32(11);
    const left = Array.from({ length: 5000 }, () => `v${Math.floor(rand() * 40)}`);
    const right = Array.from({ length: 5000 }, () => `v${20 + Math.floor(rand() * 44)}`);
    const a = feed(new TopK(64), left);
    const b = feed(new TopK(64), right);
    // Act
    a.merge(b);
    // Assess
    expect(a.top(64)).toEqual(exactTop([...left, ...right], 64));
    expect(a.lossy).toBe(false);
    expect(a.total).toBe(10_000);
  });

  it('returns the heavy hitters of both halves after merging lossy summaries', () => {
    // Prepare
    const values = zipfStream(100_000, 10_000, 99);
    const a = feed(new TopK(), values.slice(0, 50_000));
    const b = feed(new TopK(), values.slice(50_000));
    const want = exactTop(values, 5);
    // Act
    a.merge(b);
    const got = a.top(5);
    // Assess
    expect(got.map((t) => t.value)).toEqual(want.map((t) => t.value));
    got.forEach((t, i) => {
      expect(t.count).toBeGreaterThanOrEqual(want[i]!.count);
    });
    // Keeps counting after a merge.
    feed(a, ['item-0']);
    expect(a.top(1)[0]!.count).toBe(got[0]!.count + 1);
  });

  it('returns the same counters after a JSON round trip', () => {
    // Prepare
    const topk = feed(new TopK(16), zipfStream(5000, 200, 5));
    // Act
    const copy = TopK.fromJSON(JSON.parse(JSON.stringify(topk)));
    // Assess
    expect(copy.top(16)).toEqual(topk.top(16));
    expect(copy.lossy).toBe(topk.lossy);
    expect(copy.total).toBe(topk.total);
    feed(copy, ['item-1']);
    expect(copy.countOf(hashString('item-1'))).toBe(topk.countOf(hashString('item-1')) + 1);
  });

  it('throws SketchArgumentError for a capacity below 1', () => {
    // Act & Assess
    expect(() => new TopK(0)).toThrow(SketchArgumentError);
  });
});
