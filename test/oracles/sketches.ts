// The TypeScript engine's adds to the sketches: the reference the kernel's accounting
// (kernel/assembly/column.ts, quantiles.ts) is tested against. Production reads, merges and
// serializes the sketches the kernel fills; only tests add to them one value at a time.
import { approxLog2 } from '../../src/profile/sketch/cubicLog.js';
import { NonFiniteValueError } from '../../src/profile/sketch/errors.js';
import { Moments } from '../../src/profile/sketch/Moments.js';
import { QuantileSketch } from '../../src/profile/sketch/QuantileSketch.js';

/** Magnitudes below the smallest normal double are counted as zero. */
const MIN_INDEXABLE = 2.2250738585072014e-308;

/** {@link Moments} that values are added to one by one. */
export class ReferenceMoments extends Moments {
  /** Adds a finite number; throws {@link NonFiniteValueError} for NaN and infinities. */
  add(x: number): void {
    if (x - x !== 0) throw new NonFiniteValueError(x);
    const n = ++this.n;
    const d = x - this.mu;
    // Times the reciprocal, not divided: 1 / n is off the chain of dependent steps from one
    // value to the next (the kernel's accountCells does the same, bit for bit).
    this.mu += d * (1 / n);
    this.m2 += d * (x - this.mu);
    const t = this.s + x;
    this.sc += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }
}

/** {@link QuantileSketch} that values are added to one by one. */
export class ReferenceQuantileSketch extends QuantileSketch {
  /** Adds a finite number; throws {@link NonFiniteValueError} for NaN and infinities. */
  add(x: number): void {
    if (x - x !== 0) throw new NonFiniteValueError(x);
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x > 0) {
      if (x >= MIN_INDEXABLE) this.pos.add(Math.floor(approxLog2(x) * this.multiplier), 1);
      else this.zero++;
    } else if (x < 0) {
      if (x <= -MIN_INDEXABLE) this.neg.add(Math.floor(approxLog2(-x) * this.multiplier), 1);
      else this.zero++;
    } else {
      this.zero++;
    }
  }
}
