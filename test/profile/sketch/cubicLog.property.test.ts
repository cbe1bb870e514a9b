import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxExp2, BinBounds, CUBIC_LOG_STRETCH } from '../../../src/profile/sketch/cubicLog.js';

const A = 6 / 35;
const B = -3 / 5;
const C = 10 / 7;

/** The reference: Newton's method run until it stops moving or for all 60 steps. */
function referenceExp2(y: number): number {
  const e = Math.floor(y);
  const t = y - e;
  let s = t;
  for (let k = 0; k < 60; k++) {
    const f = ((A * s + B) * s + C) * s - t;
    const d = (3 * A * s + 2 * B) * s + C;
    const next = Math.min(1, Math.max(0, s - f / d));
    if (Math.abs(next - s) <= 1e-17) {
      s = next;
      break;
    }
    s = next;
  }
  return 2 ** e * (1 + s);
}

describe('approxExp2', () => {
  it('returns the reference bits for every bin bound of the quantile sketch', () => {
    for (const alpha of [0.005, 0.01, 0.05]) {
      // Prepare
      const multiplier = CUBIC_LOG_STRETCH / Math.log((1 + alpha) / (1 - alpha));
      const bound = Math.ceil(1100 * multiplier);
      let mismatches = 0;

      // Act
      for (let index = -bound; index <= bound; index++) {
        const y = index / multiplier;
        if (!Object.is(approxExp2(y), referenceExp2(y))) mismatches++;
      }

      // Assess
      expect(mismatches).toBe(0);
    }
  });

  it('returns the reference bits for any double', () => {
    fc.assert(
      fc.property(fc.double({ min: -1100, max: 1100 }), (y) => {
        // Act / Assess
        expect(Object.is(approxExp2(y), referenceExp2(y))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns the reference bits around the normal, subnormal and overflow bounds', () => {
    // Prepare
    const ys: number[] = [];
    for (let e = -1080; e <= 1030; e++) for (const t of [0, 0.25, 0.999]) ys.push(e + t);
    ys.push(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0);

    // Act
    const mismatches = ys.filter((y) => !Object.is(approxExp2(y), referenceExp2(y)));

    // Assess
    expect(mismatches).toEqual([]);
  });
});

describe('BinBounds', () => {
  it('returns approxExp2(index / multiplier) bit for bit, memoized or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -140_000, max: 140_000 }),
          fc.integer({ min: -300, max: 300 }),
          fc.double({ min: -200_000, max: 200_000, noNaN: true }),
        ),
        (index) => {
          // Prepare
          const bounds = BinBounds.of(CUBIC_LOG_STRETCH / Math.log(1.005 / 0.995))!;
          const expected = approxExp2(index / bounds.multiplier);

          // Act: the first call may compute, the second reads the memo.
          const first = bounds.lower(index);
          const second = bounds.lower(index);

          // Assess
          expect(Object.is(first, expected)).toBe(true);
          expect(Object.is(second, expected)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('returns the same memo per multiplier and null past the fourth multiplier', () => {
    // Prepare
    const multipliers = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5];

    // Act
    const memos = multipliers.map((m) => BinBounds.of(m));

    // Assess
    expect(BinBounds.of(1.5)).toBe(memos[0]);
    expect(memos.filter((m) => m === null).length).toBeGreaterThan(0);
    for (const memo of memos)
      if (memo !== null) expect(memo.lower(3)).toBe(approxExp2(3 / memo.multiplier));
  });
});
