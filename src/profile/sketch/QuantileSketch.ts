import { approxExp2, BinBounds, CUBIC_LOG_STRETCH } from './cubicLog.js';
import { DenseStore, type DenseStoreBins, type DenseStoreJson } from './DenseStore.js';
import { SketchArgumentError, SketchJsonError, SketchMergeError } from './errors.js';
import { quantileDiscIndex } from './quantileDiscIndex.js';

/** Default relative accuracy: each quantile is within 0.5% of a value of that rank. */
export const DEFAULT_QUANTILE_ALPHA = 0.005;
/** Default bound on the bins of each store (positive, negative). */
export const DEFAULT_QUANTILE_MAX_BINS = 2048;

/** Serialized {@link QuantileSketch}. */
export interface QuantileSketchJson {
  alpha: number;
  maxBins: number;
  count: number;
  zero: number;
  min: number | null;
  max: number | null;
  collapsed: boolean;
  pos: DenseStoreJson;
  neg: DenseStoreJson;
}

/** {@link QuantileSketchJson} whose stores' counts may be in any array (see {@link DenseStoreBins}). */
export type QuantileSketchBins = Omit<QuantileSketchJson, 'pos' | 'neg'> & {
  pos: DenseStoreBins;
  neg: DenseStoreBins;
};

/** One equal-width histogram bin. */
export interface QuantileHistogramBin {
  lower: number;
  upper: number;
  count: number;
}

/**
 * DDSketch (Masson, Rim, Lee 2019) with relative accuracy `alpha` (default 0.005). A value
 * x > 0 falls in bin floor(approxLog2(x) * m), where approxLog2 is the cubically interpolated
 * log of the reference implementations (see cubicLog.ts) and m is chosen so that every bin
 * [L, U) has U / L <= gamma = (1 + alpha) / (1 - alpha); a bin reports the harmonic mean of L
 * and U, within alpha of every value in it. Negative values use a second store on |x|, zeros
 * (and magnitudes below 2.2e-308) a counter. The exact min and max are kept and every reported
 * value is clamped to them, so q = 0 and q = 1 are exact.
 *
 * Each store keeps at most `maxBins` (2048) bins, a value range of about 6e8 (2^(2048 / 70)) per
 * sign. Beyond that the lowest-magnitude bins are collapsed: the guarantee then still holds for
 * positive values above the collapsed range (the upper quantiles) and for negative values of
 * large magnitude (the lower quantiles); `collapsed` tells when this happened.
 *
 * Quantiles use DuckDB's `quantile_disc` rank (see {@link quantileDiscIndex}). The kernel adds
 * the values (`addQuantiles` in kernel/assembly/quantiles.ts, read back by
 * kernel/quantileState.ts); this class answers, merges and serializes.
 */
export class QuantileSketch {
  static readonly KIND = 'ddsketch';
  readonly alpha: number;
  readonly maxBins: number;
  /** Number of values added. */
  count = 0;
  /** Number of zeros (and near-zero values) added. */
  zero = 0;
  /** Exact extremes (Infinity / -Infinity while empty). */
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  protected readonly multiplier: number;
  /** Memoized bin bounds of this multiplier (shared by the process), or null. */
  private readonly bounds: BinBounds | null;
  protected pos: DenseStore;
  protected readonly neg: DenseStore;

  constructor(alpha = DEFAULT_QUANTILE_ALPHA, maxBins = DEFAULT_QUANTILE_MAX_BINS) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new SketchArgumentError(`alpha must be in (0, 1), got ${alpha}`);
    }
    if (!Number.isInteger(maxBins) || maxBins < 1) {
      throw new SketchArgumentError(`maxBins must be a positive integer, got ${maxBins}`);
    }
    this.alpha = alpha;
    this.maxBins = maxBins;
    this.multiplier = CUBIC_LOG_STRETCH / Math.log((1 + alpha) / (1 - alpha));
    this.bounds = BinBounds.of(this.multiplier);
    this.pos = new DenseStore(maxBins);
    this.neg = new DenseStore(maxBins);
  }

  /** True once a store dropped its lowest bins (see the class note on accuracy). */
  get collapsed(): boolean {
    return this.pos.collapsed || this.neg.collapsed;
  }

  /**
   * The value at DuckDB `quantile_disc` rank `q` (0..1), within `alpha` relative of the exact
   * element; NaN when empty.
   */
  quantile(q: number): number {
    const n = this.count;
    if (n === 0) {
      quantileDiscIndex(q, 1);
      return Number.NaN;
    }
    const rank = quantileDiscIndex(q, n);
    if (rank === 0) return this.min;
    if (rank === n - 1) return this.max;
    let seen = 0;
    const neg = this.neg;
    if (neg.count > 0) {
      if (rank < neg.count) {
        for (let i = neg.maxIndex; i >= neg.minIndex; i--) {
          seen += neg.get(i);
          if (seen > rank) return this.clamp(-this.binValue(i));
        }
      }
      seen = neg.count;
    }
    seen += this.zero;
    if (seen > rank) return this.clamp(0);
    const pos = this.pos;
    for (let i = pos.minIndex; i <= pos.maxIndex; i++) {
      seen += pos.get(i);
      if (seen > rank) return this.clamp(this.binValue(i));
    }
    return this.max;
  }

  /**
   * Counts in `bins` equal-width bins over [min, max], estimated from the sketch: each sketch
   * bin's count is spread over the value range it covers (clamped to the exact min and max),
   * then rounded by largest remainder so the counts are integers adding up to `count`. Values
   * outside [min, max] go to the end bins. With max <= min, one bin holds everything.
   * Pass `integers` when every value is an integer: a sketch bin's count is then spread over
   * the integers it can hold only, which makes histograms of small integers exact.
   */
  histogram(min: number, max: number, bins: number, integers = false): QuantileHistogramBin[] {
    if (!Number.isInteger(bins) || bins < 1) {
      throw new SketchArgumentError(`bins must be a positive integer, got ${bins}`);
    }
    if (!(max > min)) return [{ lower: min, upper: max, count: this.count }];
    const width = (max - min) / bins;
    const counts = new Float64Array(bins);
    const binOf = (value: number): number =>
      Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)));
    this.forEachMass(integers, (lower, upper, c) => {
      const a = Math.min(Math.max(lower, min), max);
      const b = Math.min(Math.max(upper, min), max);
      const first = binOf(a);
      const last = binOf(b);
      if (first === last || !(b > a)) {
        counts[first]! += c;
        return;
      }
      for (let k = first; k <= last; k++) {
        const lo = Math.max(a, min + k * width);
        const hi = Math.min(b, k === bins - 1 ? max : min + (k + 1) * width);
        if (hi > lo) counts[k]! += (c * (hi - lo)) / (b - a);
      }
    });
    const rounded = roundPreservingTotal(counts, this.count);
    const out: QuantileHistogramBin[] = [];
    for (let k = 0; k < bins; k++) {
      out.push({
        lower: min + k * width,
        upper: k === bins - 1 ? max : min + (k + 1) * width,
        count: rounded[k]!,
      });
    }
    return out;
  }

  /**
   * Estimated number of values below `lo` or above `hi` (each sketch bin counted by the share
   * of its value range outside); exactly 0 when [lo, hi] covers [min, max]. `integers` as in
   * {@link histogram}.
   */
  countOutside(lo: number, hi: number, integers = false): number {
    if (this.count === 0 || (lo <= this.min && hi >= this.max)) return 0;
    let outside = 0;
    this.forEachMass(integers, (lower, upper, c) => {
      if (!(upper > lower)) {
        if (lower < lo || lower > hi) outside += c;
        return;
      }
      const below = Math.min(upper, lo) - lower;
      const above = upper - Math.max(lower, hi);
      const share = (Math.max(0, below) + Math.max(0, above)) / (upper - lower);
      outside += c * Math.min(1, share);
    });
    return Math.round(outside);
  }

  /** Folds `other` in; the result equals the sketch of both streams, bin for bin. */
  merge(other: QuantileSketch): void {
    if (other.alpha !== this.alpha) {
      throw new SketchMergeError(`QuantileSketch alpha ${other.alpha} != ${this.alpha}`);
    }
    this.pos.merge(other.pos);
    this.neg.merge(other.neg);
    this.zero += other.zero;
    this.count += other.count;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Compact JSON: parameters, extremes and the non-empty bin ranges. */
  toJSON(): QuantileSketchJson {
    const empty = this.count === 0;
    return {
      alpha: this.alpha,
      maxBins: this.maxBins,
      count: this.count,
      zero: this.zero,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      collapsed: this.collapsed,
      pos: this.pos.toJSON(),
      neg: this.neg.toJSON(),
    };
  }

  /** Rebuilds a sketch from {@link QuantileSketch.toJSON} output (or the same with typed bins). */
  static fromJSON(json: QuantileSketchBins): QuantileSketch {
    if (json === null || typeof json !== 'object' || !json.pos || !json.neg) {
      throw new SketchJsonError(
        'QuantileSketch JSON needs {alpha, maxBins, count, zero, pos, neg}',
      );
    }
    const sketch = new QuantileSketch(json.alpha, json.maxBins);
    // The stores take the bins as they are (one copy each); when a store's JSON is not in that
    // shape (re-adding would collapse or skip bins), both are rebuilt by adding, from scratch.
    let counts: number;
    if (sketch.pos.load(json.pos) && sketch.neg.load(json.neg)) {
      counts = sketch.pos.count + sketch.neg.count;
    } else {
      const pos = DenseStore.fromJSON(json.pos, json.maxBins, json.collapsed === true);
      const neg = DenseStore.fromJSON(json.neg, json.maxBins, false);
      sketch.pos = new DenseStore(json.maxBins);
      sketch.pos.merge(pos);
      sketch.neg.merge(neg);
      counts = pos.count + neg.count;
    }
    // A store that collapsed and then was empty merges as nothing: keep its flag anyway.
    if (json.collapsed === true) sketch.pos.collapsed = true;
    sketch.zero = json.zero;
    sketch.count = json.count;
    if (counts + json.zero !== json.count) {
      throw new SketchJsonError('QuantileSketch JSON counts do not add up');
    }
    if (json.count > 0) {
      if (typeof json.min !== 'number' || typeof json.max !== 'number') {
        throw new SketchJsonError('QuantileSketch JSON needs min and max');
      }
      sketch.min = json.min;
      sketch.max = json.max;
    }
    return sketch;
  }

  /**
   * Calls `fn(lower, upper, count)` for the mass of every non-empty bin, its range clamped to
   * [min, max]; with `integers`, narrowed to the integers in the range (one call per integer,
   * lower === upper, when there are at most 256 of them).
   */
  private forEachMass(
    integers: boolean,
    fn: (lower: number, upper: number, count: number) => void,
  ): void {
    const emit = (a: number, b: number, first: number, last: number, c: number): void => {
      if (integers) {
        first = Math.max(first, Math.ceil(this.min));
        last = Math.min(last, Math.floor(this.max));
        if (first <= last) {
          const m = last - first + 1;
          if (m > 256) fn(first, last, c);
          else for (let j = first; j <= last; j++) fn(j, j, c / m);
          return;
        }
      }
      fn(this.clamp(a), this.clamp(b), c);
    };
    // A bin's upper bound is the next bin's lower one: each bound is computed once (`known`
    // is the bound of bin index `knownAt`).
    let knownAt = Number.NaN;
    let known = 0;
    const neg = this.neg;
    if (neg.count > 0) {
      for (let i = neg.maxIndex; i >= neg.minIndex; i--) {
        const c = neg.get(i);
        if (c === 0) continue;
        // Values in (-U, -L].
        const upper = knownAt === i + 1 ? known : this.binLower(i + 1);
        const lower = this.binLower(i);
        knownAt = i;
        known = lower;
        emit(-upper, -lower, Math.floor(-upper) + 1, Math.floor(-lower), c);
      }
    }
    if (this.zero > 0) fn(this.clamp(0), this.clamp(0), this.zero);
    const pos = this.pos;
    if (pos.count > 0) {
      for (let i = pos.minIndex; i <= pos.maxIndex; i++) {
        const c = pos.get(i);
        if (c === 0) continue;
        // Values in [L, U).
        const lower = knownAt === i ? known : this.binLower(i);
        const upper = this.binLower(i + 1);
        knownAt = i + 1;
        known = upper;
        emit(lower, upper, Math.ceil(lower), Math.ceil(upper) - 1, c);
      }
    }
  }

  /** Smallest magnitude of bin `index` (the largest of bin index - 1). */
  private binLower(index: number): number {
    const bounds = this.bounds;
    return bounds !== null ? bounds.lower(index) : approxExp2(index / this.multiplier);
  }

  /** The value a bin reports: the harmonic mean of its bounds (overflow-safe). */
  private binValue(index: number): number {
    const upper = Math.min(this.binLower(index + 1), Number.MAX_VALUE);
    return 2 / (1 / this.binLower(index) + 1 / upper);
  }

  private clamp(value: number): number {
    return Math.min(Math.max(value, this.min), this.max);
  }
}

/** Rounds non-negative `values` to integers adding up to `total` (largest remainder). */
function roundPreservingTotal(values: Float64Array, total: number): number[] {
  const out = Array.from(values, Math.floor);
  let missing = total - out.reduce((s, v) => s + v, 0);
  if (missing <= 0) return out;
  const order = Array.from(values.keys()).sort(
    (a, b) => values[b]! - out[b]! - (values[a]! - out[a]!) || a - b,
  );
  for (let j = 0; missing > 0; j = (j + 1) % order.length, missing--) out[order[j]!]!++;
  return out;
}
