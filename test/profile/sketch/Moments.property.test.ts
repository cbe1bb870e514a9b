import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Moments } from '../../../src/profile/sketch/index.js';
import { ReferenceMoments } from '../../oracles/index.js';

const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 200 });

function momentsOf(xs: readonly number[]): Moments {
  const m = new ReferenceMoments();
  for (const x of xs) m.add(x);
  return m;
}

describe('Moments (properties)', () => {
  it('returns merge(A, B) equal to A then B within 1e-9 of the data scale', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        // Prepare
        const sequential = momentsOf([...a, ...b]);
        const merged = momentsOf(a);
        // Act
        merged.merge(momentsOf(b));
        // Assess: errors relative to the magnitudes involved (sum |x|, sum x^2; squares may underflow).
        const all = [...a, ...b];
        const absSum = all.reduce((s, x) => s + Math.abs(x), 0);
        const sqSum = all.reduce((s, x) => s + x * x, 0);
        const maxAbs = all.reduce((s, x) => Math.max(s, Math.abs(x)), 0);
        expect(merged.n).toBe(sequential.n);
        expect(merged.min).toBe(sequential.min);
        expect(merged.max).toBe(sequential.max);
        expect(Math.abs(merged.sum - sequential.sum)).toBeLessThanOrEqual(1e-9 * absSum + 1e-300);
        if (all.length > 0) {
          expect(Math.abs(merged.mean! - sequential.mean!)).toBeLessThanOrEqual(
            1e-9 * maxAbs + 1e-300,
          );
        }
        if (all.length > 1) {
          expect(Math.abs(merged.m2 - sequential.m2)).toBeLessThanOrEqual(1e-9 * sqSum + 1e-300);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns a non-negative variance and a mean within [min, max] up to rounding', () => {
    fc.assert(
      fc.property(values, (xs) => {
        // Act
        const m = momentsOf(xs);
        // Assess
        if (xs.length > 0) {
          const slack = 1e-12 * Math.max(Math.abs(m.min!), Math.abs(m.max!));
          expect(m.mean!).toBeGreaterThanOrEqual(m.min! - slack);
          expect(m.mean!).toBeLessThanOrEqual(m.max! + slack);
        }
        if (xs.length > 1) expect(m.variance!).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
