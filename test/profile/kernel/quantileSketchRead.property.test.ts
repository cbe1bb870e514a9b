import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cell } from '../../../src/profile/infer/index.js';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import {
  quantileMultiplier,
  readQuantileSketch,
  readQuantiles,
} from '../../../src/profile/kernel/quantileState.js';
import { QuantileSketch } from '../../../src/profile/sketch/QuantileSketch.js';
import { ReferenceQuantileSketch } from '../../oracles/index.js';

const MAX_ROWS = 2048;
const memory = new KernelMemory();
const MAX_BINS_LIMIT = 2048;
const stateAt = memory.alloc(memory.kernel.quantileStateBytes(MAX_BINS_LIMIT));
const masksAt = memory.alloc(MAX_ROWS * 4);
const numsAt = memory.alloc(MAX_ROWS * 8);

/** Fills the kernel sketch at `stateAt` with `values` (every one a FLOAT cell). */
function fillKernel(values: readonly number[], alpha: number, maxBins: number): void {
  memory.kernel.initQuantiles(stateAt, quantileMultiplier(alpha), maxBins);
  const masks = new Int32Array(memory.buffer, masksAt, values.length);
  const nums = new Float64Array(memory.buffer, numsAt, values.length);
  values.forEach((v, r) => {
    masks[r] = Cell.FLOAT;
    nums[r] = v;
  });
  memory.kernel.addQuantiles(stateAt, masksAt, numsAt, values.length);
}

/** Everything the sketch answers, for a deep comparison (sign of zero included). */
function observe(sketch: QuantileSketch): string {
  const json = sketch.toJSON();
  const quantiles = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1].map((q) => sketch.quantile(q));
  const histogram = json.count > 0 ? sketch.histogram(json.min!, json.max!, 7) : [];
  return JSON.stringify([
    json,
    quantiles,
    histogram,
    Object.is(json.min, -0),
    Object.is(json.max, -0),
  ]);
}

// Around 1 the bin indices change sign: the kernel's ring then wraps around.
const valueArb = fc.oneof(
  fc.double({ min: 0.3, max: 3, noNaN: true }),
  fc.double({ min: -3, max: -0.3, noNaN: true }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1),
);

describe('readQuantileSketch', () => {
  it('returns the sketch of fromJSON(readQuantiles), also under later adds', () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { maxLength: MAX_ROWS }),
        fc.array(valueArb, { maxLength: 30 }),
        fc.constantFrom(0.005, 0.02),
        fc.constantFrom(8, 100, MAX_BINS_LIMIT),
        (values, later, alpha, maxBins) => {
          // Prepare
          fillKernel(values, alpha, maxBins);
          const expected = QuantileSketch.fromJSON(
            readQuantiles(memory.buffer, stateAt, alpha, maxBins),
          );

          // Act
          const actual = readQuantileSketch(memory.buffer, stateAt, alpha, maxBins);

          // Assess
          expect(observe(actual)).toBe(observe(expected));
          // Merged with more values, it answers as the sketch of all of them.
          const more = new ReferenceQuantileSketch(alpha, maxBins);
          for (const v of later) more.add(v);
          actual.merge(more);
          expected.merge(more);
          expect(observe(actual)).toBe(observe(expected));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns a copy that later kernel adds leave unchanged', () => {
    // Prepare
    fillKernel([0.5, 0.9, 1.5, 2.5], 0.005, MAX_BINS_LIMIT);
    const sketch = readQuantileSketch(memory.buffer, stateAt, 0.005, MAX_BINS_LIMIT);
    const before = observe(sketch);

    // Act
    fillKernel([7, 8, 9], 0.005, MAX_BINS_LIMIT);

    // Assess
    expect(observe(sketch)).toBe(before);
    expect(sketch.count).toBe(4);
  });
});
