import type { QuantileHistogramBin } from './QuantileSketch.js';
import { quantileDiscIndex } from './quantileDiscIndex.js';

/**
 * The exact distribution of a column's numbers while its exact frequency table holds them all
 * (at most `exactDistinctLimit` distinct values): the same queries as {@link QuantileSketch},
 * answered without the sketch's relative error. A column of years 2012..2022 falls into one or
 * two of the sketch's bins (0.5% of 2019 is 10), so the sketch would report one year for every
 * quantile; from the table each quantile is the year of its rank.
 */
export class ExactDistribution {
  /** Distinct values, ascending, and how often each occurs. */
  readonly #values: Float64Array;
  readonly #counts: Float64Array;
  /** Number of values (the sum of the counts). */
  readonly count: number;

  constructor(values: Float64Array, counts: Float64Array) {
    this.#values = values;
    this.#counts = counts;
    let n = 0;
    for (let i = 0; i < counts.length; i++) n += counts[i]!;
    this.count = n;
  }

  /** The value at DuckDB `quantile_disc` rank `q` (0..1); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) {
      quantileDiscIndex(q, 1);
      return Number.NaN;
    }
    const rank = quantileDiscIndex(q, this.count);
    let seen = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      seen += this.#counts[i]!;
      if (seen > rank) return this.#values[i]!;
    }
    return this.#values[this.#values.length - 1]!;
  }

  /** Exact counts in `bins` equal-width bins over [min, max] (as QuantileSketch.histogram). */
  histogram(min: number, max: number, bins: number): QuantileHistogramBin[] {
    if (!(max > min)) return [{ lower: min, upper: max, count: this.count }];
    const width = (max - min) / bins;
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < this.#values.length; i++) {
      const k = Math.min(bins - 1, Math.max(0, Math.floor((this.#values[i]! - min) / width)));
      counts[k]! += this.#counts[i]!;
    }
    return counts.map((count, k) => ({
      lower: min + k * width,
      upper: k === bins - 1 ? max : min + (k + 1) * width,
      count,
    }));
  }

  /** Number of values below `lo` or above `hi`. */
  countOutside(lo: number, hi: number): number {
    let outside = 0;
    for (let i = 0; i < this.#values.length; i++) {
      const v = this.#values[i]!;
      if (v < lo || v > hi) outside += this.#counts[i]!;
    }
    return outside;
  }
}
