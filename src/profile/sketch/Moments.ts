import { SketchJsonError } from './errors.js';

/** Serialized {@link Moments}. */
export interface MomentsJson {
  n: number;
  mean: number;
  m2: number;
  sum: number;
  /** Compensation term of the Neumaier sum. */
  sumc: number;
  min: number | null;
  max: number | null;
}

/**
 * Running count, mean and sum of squared deviations (Welford), compensated sum (Neumaier),
 * min and max; mergeable with Chan et al.'s parallel formula. The kernel adds the values
 * (`accountCells` in kernel/assembly/column.ts); this class reads, merges and serializes them.
 */
export class Moments {
  static readonly KIND = 'moments';
  /** Number of values added. */
  n = 0;
  /** Running mean (0 while empty; see {@link mean}). */
  protected mu = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  protected s = 0;
  protected sc = 0;
  protected lo = Number.POSITIVE_INFINITY;
  protected hi = Number.NEGATIVE_INFINITY;

  /** Arithmetic mean, null when empty. */
  get mean(): number | null {
    return this.n === 0 ? null : this.mu;
  }

  /** Sum of the values (compensated). */
  get sum(): number {
    return this.s + this.sc;
  }

  /** Smallest value, null when empty. */
  get min(): number | null {
    return this.n === 0 ? null : this.lo;
  }

  /** Largest value, null when empty. */
  get max(): number | null {
    return this.n === 0 ? null : this.hi;
  }

  /** Sample variance (n - 1), null for fewer than 2 values. */
  get variance(): number | null {
    return this.n < 2 ? null : this.m2 / (this.n - 1);
  }

  /** Sample standard deviation (n - 1, as DuckDB's stddev), null for fewer than 2 values. */
  get stddev(): number | null {
    return this.n < 2 ? null : Math.sqrt(this.m2 / (this.n - 1));
  }

  /** Folds `other` in (Chan, Golub, LeVeque parallel update). */
  merge(other: Moments): void {
    const nb = other.n;
    if (nb === 0) return;
    const na = this.n;
    if (na === 0) {
      this.n = nb;
      this.mu = other.mu;
      this.m2 = other.m2;
    } else {
      const n = na + nb;
      const d = other.mu - this.mu;
      this.mu = na >= nb ? this.mu + (d * nb) / n : other.mu - (d * na) / n;
      this.m2 += other.m2 + ((d * d * na) / n) * nb;
      this.n = n;
    }
    const t = this.s + other.s;
    this.sc +=
      (Math.abs(this.s) >= Math.abs(other.s) ? this.s - t + other.s : other.s - t + this.s) +
      other.sc;
    this.s = t;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  /** JSON of the running state. */
  toJSON(): MomentsJson {
    return {
      n: this.n,
      mean: this.mu,
      m2: this.m2,
      sum: this.s,
      sumc: this.sc,
      min: this.min,
      max: this.max,
    };
  }

  /** Rebuilds the state from {@link Moments.toJSON} output. */
  static fromJSON(json: MomentsJson): Moments {
    if (json === null || typeof json !== 'object' || !(json.n >= 0)) {
      throw new SketchJsonError('Moments JSON needs {n, mean, m2, sum, sumc, min, max}');
    }
    const m = new Moments();
    m.n = json.n;
    m.mu = json.mean;
    m.m2 = json.m2;
    m.s = json.sum;
    m.sc = json.sumc ?? 0;
    if (json.n > 0) {
      if (typeof json.min !== 'number' || typeof json.max !== 'number') {
        throw new SketchJsonError('Moments JSON needs min and max');
      }
      m.lo = json.min;
      m.hi = json.max;
    }
    return m;
  }
}
