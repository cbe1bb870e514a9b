import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cell } from '../../../src/profile/infer/index.js';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import { quantileMultiplier, readQuantiles } from '../../../src/profile/kernel/quantileState.js';
import { approxExp2 } from '../../../src/profile/sketch/cubicLog.js';
import {
  DEFAULT_QUANTILE_ALPHA,
  DEFAULT_QUANTILE_MAX_BINS,
  QuantileSketch,
  type QuantileSketchJson,
} from '../../../src/profile/sketch/QuantileSketch.js';
import { ReferenceQuantileSketch } from '../../oracles/index.js';

/** One classified cell as the kernel sees it: its mask and its f64 value. */
interface TestCell {
  mask: number;
  value: number;
}

const MAX_ROWS = 4096;
const memory = new KernelMemory();
const stateAt = memory.alloc(memory.kernel.quantileStateBytes(DEFAULT_QUANTILE_MAX_BINS));
const masksAt = memory.alloc(MAX_ROWS * 4);
const numsAt = memory.alloc(MAX_ROWS * 8);

/** The kernel sketch's JSON after adding `batches` in order (one `addQuantiles` call each). */
function kernelJson(batches: readonly TestCell[][], alpha: number, maxBins: number) {
  const kernel = memory.kernel;
  kernel.initQuantiles(stateAt, quantileMultiplier(alpha), maxBins);
  for (const batch of batches) {
    const masks = new Int32Array(memory.buffer, masksAt, batch.length);
    const nums = new Float64Array(memory.buffer, numsAt, batch.length);
    batch.forEach((cell, r) => {
      masks[r] = cell.mask;
      nums[r] = cell.value;
    });
    kernel.addQuantiles(stateAt, masksAt, numsAt, batch.length);
  }
  return readQuantiles(memory.buffer, stateAt, alpha, maxBins);
}

/** The reference: `QuantileSketch.add` for every non-NULL FLOAT cell (as ColumnAccumulator). */
function referenceSketch(batches: readonly TestCell[][], alpha: number, maxBins: number) {
  const sketch = new ReferenceQuantileSketch(alpha, maxBins);
  for (const batch of batches) {
    for (const cell of batch) {
      if ((cell.mask & Cell.NULL) !== 0) continue;
      if ((cell.mask & Cell.FLOAT) !== 0) sketch.add(cell.value);
    }
  }
  return sketch;
}

/** Asserts deep equality, key order and the sign of zero extremes. */
function expectSameJson(actual: QuantileSketchJson, expected: QuantileSketchJson): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(Object.is(actual.min, expected.min)).toBe(true);
  expect(Object.is(actual.max, expected.max)).toBe(true);
}

/** Splits `cells` into consecutive batches at the given cut points. */
function toBatches(cells: readonly TestCell[], cuts: readonly number[]): TestCell[][] {
  const points = [...new Set(cuts.map((c) => c % (cells.length + 1)))].sort((a, b) => a - b);
  const batches: TestCell[][] = [];
  let from = 0;
  for (const p of points) {
    batches.push(cells.slice(from, p));
    from = p;
  }
  batches.push(cells.slice(from));
  return batches;
}

const SUBNORMAL_MAX = 2.225073858507201e-308;

/** Positive magnitude 10^e for e in [lo, hi], with a random mantissa. */
const logUniform = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc
    .tuple(
      fc.double({ min: lo, max: hi, noNaN: true }),
      fc.double({ min: 1, max: 9.99, noNaN: true }),
    )
    .map(([e, m]) => m * 10 ** Math.round(e))
    .filter((x) => Number.isFinite(x) && x > 0);

const signed = (magnitude: fc.Arbitrary<number>): fc.Arbitrary<number> =>
  fc.tuple(fc.boolean(), magnitude).map(([neg, x]) => (neg ? -x : x));

/** Values shaped to hit every path of `add`: zeros, subnormals, huge ranges, one-bin runs. */
const valueArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  fc.integer({ min: -4_000_000_000, max: 4_000_000_000 }).map((c) => c / 10_000),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, SUBNORMAL_MAX, -SUBNORMAL_MAX),
  fc.constantFrom(2.2250738585072014e-308, -2.2250738585072014e-308, Number.MAX_VALUE),
  signed(fc.double({ min: Number.MIN_VALUE, max: SUBNORMAL_MAX, noNaN: true })),
  signed(logUniform(-300, 300)),
  signed(logUniform(-5, 5)),
);

const maskArb: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(Cell.FLOAT, Cell.FLOAT | Cell.INT), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      0,
      Cell.NULL,
      Cell.NULL | Cell.FLOAT,
      Cell.INT,
      Cell.TRUE,
      Cell.FLOAT | Cell.INT | Cell.BIG_INT,
      Cell.FLOAT | Cell.LEADING_ZERO | Cell.INT,
    ),
    weight: 2,
  },
);

const cellArb: fc.Arbitrary<TestCell> = fc.record({ mask: maskArb, value: valueArb });

/** Runs of one value (or values inside one bin) between ordinary cells. */
const runArb: fc.Arbitrary<TestCell[]> = fc
  .tuple(valueArb, fc.integer({ min: 1, max: 200 }), fc.boolean())
  .map(([value, n, jitter]) =>
    Array.from({ length: n }, (_, k) => ({
      mask: Cell.FLOAT,
      value: jitter && Number.isFinite(value * (1 + k * 1e-6)) ? value * (1 + k * 1e-6) : value,
    })),
  );

const cellsArb: fc.Arbitrary<TestCell[]> = fc
  .array(
    fc.oneof({ arbitrary: cellArb.map((c) => [c]), weight: 8 }, { arbitrary: runArb, weight: 1 }),
    {
      maxLength: 120,
    },
  )
  .map((parts) => parts.flat().slice(0, MAX_ROWS));

const paramsArb = fc.record({
  alpha: fc.constantFrom(DEFAULT_QUANTILE_ALPHA, 0.001, 0.01, 0.05, 0.2),
  maxBins: fc.constantFrom(DEFAULT_QUANTILE_MAX_BINS, 1, 2, 3, 7, 64, 100, 1000),
});

const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

/** Monotone sweep of `n` magnitudes from 10^from to 10^to (either direction), signed. */
const sweepArb: fc.Arbitrary<TestCell[]> = fc
  .record({
    from: fc.integer({ min: -300, max: 300 }),
    to: fc.integer({ min: -300, max: 300 }),
    n: fc.integer({ min: 2, max: 3000 }),
    negative: fc.boolean(),
    mixed: fc.boolean(),
  })
  .map(({ from, to, n, negative, mixed }) =>
    Array.from({ length: n }, (_, k) => {
      const x = 10 ** (from + ((to - from) * k) / (n - 1));
      const neg = mixed ? k % 3 === 0 : negative;
      return { mask: Cell.FLOAT, value: neg ? -x : x };
    }),
  );

/** A walk over bin indices: start, then steps of a few bins either way. */
interface Walk {
  start: number;
  steps: number[];
  /** Per step, cycling: 0 a bin's lower bound, 1 one ulp below it (previous bin), 2 mid-bin. */
  where: number[];
  negative: boolean;
}

const walkArb: fc.Arbitrary<Walk> = fc.record({
  start: fc.integer({ min: -30_000, max: 30_000 }),
  steps: fc.array(fc.integer({ min: -12, max: 12 }), { maxLength: 400 }),
  where: fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 5 }),
  negative: fc.boolean(),
});

/** The walk's values for `alpha`: bin boundaries and their neighbours, so indices are exact. */
function walkCells(walk: Walk, alpha: number): TestCell[] {
  const m = quantileMultiplier(alpha);
  const out: TestCell[] = [];
  let i = walk.start;
  walk.steps.forEach((step, k) => {
    i += step;
    const where = walk.where[k % walk.where.length]!;
    let x = approxExp2((i + (where === 2 ? 0.5 : 0)) / m);
    if (where === 1) x = x * (1 - Number.EPSILON);
    if (x > 0 && Number.isFinite(x)) out.push({ mask: Cell.FLOAT, value: walk.negative ? -x : x });
  });
  return out;
}

describe('addQuantiles', () => {
  it('returns the JSON of QuantileSketch for adversarial cells in batches', () => {
    fc.assert(
      fc.property(cellsArb, cutsArb, paramsArb, (cells, cuts, { alpha, maxBins }) => {
        // Prepare
        const batches = toBatches(cells, cuts);
        const reference = referenceSketch(batches, alpha, maxBins);

        // Act
        const json = kernelJson(batches, alpha, maxBins);

        // Assess
        expectSameJson(json, reference.toJSON());
      }),
      { numRuns: 300 },
    );
  });

  it('returns the JSON of QuantileSketch for sweeps spanning more than maxBins bins', () => {
    fc.assert(
      fc.property(
        sweepArb,
        fc.array(sweepArb, { maxLength: 1 }),
        cutsArb,
        paramsArb,
        (sweep, more, cuts, { alpha, maxBins }) => {
          // Prepare
          const cells = [...sweep, ...more.flat()].slice(0, MAX_ROWS);
          const batches = toBatches(cells, cuts);
          const reference = referenceSketch(batches, alpha, maxBins);

          // Act
          const json = kernelJson(batches, alpha, maxBins);

          // Assess
          expectSameJson(json, reference.toJSON());
        },
      ),
      { numRuns: 80 },
    );
  });

  it('returns the JSON of QuantileSketch for walks over neighbouring bins and bin bounds', () => {
    fc.assert(
      fc.property(walkArb, cutsArb, paramsArb, (walk, cuts, { alpha, maxBins }) => {
        // Prepare
        const batches = toBatches(walkCells(walk, alpha), cuts);
        const reference = referenceSketch(batches, alpha, maxBins);

        // Act
        const json = kernelJson(batches, alpha, maxBins);

        // Assess
        expectSameJson(json, reference.toJSON());
      }),
      { numRuns: 300 },
    );
  });

  it('returns JSON whose fromJSON sketch answers as the reference sketch', () => {
    fc.assert(
      fc.property(
        cellsArb,
        cutsArb,
        paramsArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (cells, cuts, { alpha, maxBins }, qs) => {
          // Prepare
          const batches = toBatches(cells, cuts);
          const reference = referenceSketch(batches, alpha, maxBins);

          const expected = QuantileSketch.fromJSON(reference.toJSON());

          // Act
          const restored = QuantileSketch.fromJSON(kernelJson(batches, alpha, maxBins));

          // Assess
          for (const q of [0, 0.5, 1, ...qs]) {
            expect([q, restored.quantile(q)]).toStrictEqual([q, reference.quantile(q)]);
          }
          // fromJSON drops `collapsed` when only the (non-empty) negative store collapsed and
          // the positive one is empty, so compare with the reference's own round trip.
          expect(restored.collapsed).toBe(expected.collapsed);
          expect(restored.toJSON()).toStrictEqual(expected.toJSON());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('returns the empty sketch JSON when no cell is a non-NULL FLOAT', () => {
    // Prepare
    const batches = [
      [
        { mask: Cell.NULL | Cell.FLOAT, value: 5 },
        { mask: Cell.INT, value: 7 },
        { mask: 0, value: 0 },
      ],
      [],
    ];

    // Act
    const json = kernelJson(batches, DEFAULT_QUANTILE_ALPHA, DEFAULT_QUANTILE_MAX_BINS);

    // Assess
    expectSameJson(json, new ReferenceQuantileSketch().toJSON());
    expect(json.count).toBe(0);
    expect(json.min).toBeNull();
  });

  it('returns the sketch of the finite values when NaN or infinities carry FLOAT', () => {
    // Prepare: the classifier never makes these; the JS class would throw, the kernel skips.
    const finite = [3.5, -2, 0].map((value) => ({ mask: Cell.FLOAT, value }));
    const odd = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((value) => ({
      mask: Cell.FLOAT,
      value,
    }));

    // Act
    const json = kernelJson([[...odd, ...finite, ...odd]], DEFAULT_QUANTILE_ALPHA, 2048);

    // Assess
    expectSameJson(json, referenceSketch([finite], DEFAULT_QUANTILE_ALPHA, 2048).toJSON());
  });

  it('returns collapsed stores with the lowest bins merged when values span 1e-300..1e300', () => {
    // Prepare
    const cells = [1e-300, 1e-200, -1e-250, 1, 1e300, -1e300, 0, -0, 5e-324].map((value) => ({
      mask: Cell.FLOAT,
      value,
    }));
    const reference = referenceSketch([cells], DEFAULT_QUANTILE_ALPHA, DEFAULT_QUANTILE_MAX_BINS);

    // Act
    const json = kernelJson([cells], DEFAULT_QUANTILE_ALPHA, DEFAULT_QUANTILE_MAX_BINS);

    // Assess
    expectSameJson(json, reference.toJSON());
    expect(json.collapsed).toBe(true);
    expect(json.pos.c.length).toBe(DEFAULT_QUANTILE_MAX_BINS);
    expect(json.zero).toBe(3);
  });
});
