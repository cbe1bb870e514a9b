/** Serialized {@link DenseStore}: index of the first bin and the counts from there on. */
export interface DenseStoreJson {
  o: number;
  c: number[];
}

/** {@link DenseStoreJson} with the counts in any array (e.g. a view of the kernel's bins). */
export interface DenseStoreBins {
  o: number;
  c: ArrayLike<number>;
}

const INITIAL_BINS = 64;

/**
 * Dense, growing array of bin counts for a DDSketch, indexed by integer bin index. Holds at most
 * `maxBins` bins: when the indices span more, the lowest bins are collapsed into the lowest
 * kept one (so the accuracy guarantee then holds only for the higher indices).
 */
export class DenseStore {
  readonly maxBins: number;
  /** Total count over all bins. */
  count = 0;
  /** Lowest and highest non-empty bin index (meaningless while count is 0). */
  minIndex = 0;
  maxIndex = 0;
  /** True once bins were collapsed. */
  collapsed = false;
  private bins: Float64Array = new Float64Array(0);
  /** Bin index of bins[0]. */
  private offset = 0;

  constructor(maxBins = 2048) {
    this.maxBins = maxBins;
  }

  /** Adds `weight` to bin `index`. */
  add(index: number, weight: number): void {
    const j = index - this.offset;
    if (j >= 0 && j < this.bins.length && this.count > 0) {
      this.bins[j]! += weight;
      this.count += weight;
      if (index < this.minIndex) this.minIndex = index;
      else if (index > this.maxIndex) this.maxIndex = index;
      return;
    }
    this.addSlow(index, weight);
  }

  /** Count of bin `index`. */
  get(index: number): number {
    const j = index - this.offset;
    return j >= 0 && j < this.bins.length ? this.bins[j]! : 0;
  }

  /** Adds every bin of `other`. */
  merge(other: DenseStore): void {
    if (other.count === 0) return;
    // Highest first, so a collapse happens at most once.
    for (let i = other.maxIndex; i >= other.minIndex; i--) {
      const c = other.get(i);
      if (c > 0) this.add(i, c);
    }
    if (other.collapsed) this.collapsed = true;
  }

  /** Compact JSON: counts from minIndex to maxIndex. */
  toJSON(): DenseStoreJson {
    if (this.count === 0) return { o: 0, c: [] };
    const start = this.minIndex - this.offset;
    return {
      o: this.minIndex,
      c: Array.from(this.bins.subarray(start, this.maxIndex - this.offset + 1)),
    };
  }

  /** Rebuilds a store from {@link DenseStore.toJSON} output. */
  static fromJSON(json: DenseStoreBins, maxBins: number, collapsed: boolean): DenseStore {
    const store = new DenseStore(maxBins);
    if (!store.load(json)) {
      for (let k = json.c.length - 1; k >= 0; k--) {
        const c = json.c[k]!;
        if (c > 0) store.add(json.o + k, c);
      }
    }
    store.collapsed = collapsed || store.collapsed;
    return store;
  }

  /**
   * Fills an empty store with the bins of `json` as they are, in one copy: the same state as
   * adding its positive counts one by one from the highest index down (as {@link fromJSON}
   * does), when that would collapse nothing. Returns false, leaving the store empty, when the
   * store is not empty or `json` does not have that shape (a non-integer offset, a negative or
   * NaN count, positive counts spanning more than `maxBins`).
   */
  load(json: DenseStoreBins): boolean {
    if (this.count !== 0 || !Number.isInteger(json.o)) return false;
    const c = json.c;
    let first = -1;
    let last = -1;
    for (let k = 0; k < c.length; k++) {
      const v = c[k]!;
      if (v > 0) {
        if (first < 0) first = k;
        last = k;
      } else if (v !== 0) return false;
    }
    if (first < 0) return true;
    const span = last - first + 1;
    if (span > this.maxBins) return false;
    let len = this.bins.length > 0 ? this.bins.length : Math.min(INITIAL_BINS, this.maxBins);
    while (len < span) len *= 2;
    if (len > this.maxBins) len = this.maxBins;
    const bins = len === this.bins.length ? this.bins.fill(0) : new Float64Array(len);
    // The count sums the bins from the highest down, as the adds would.
    let count = 0;
    for (let k = last; k >= first; k--) {
      const v = c[k]!;
      bins[k - first] = v;
      if (v > 0) count += v;
    }
    this.bins = bins;
    this.offset = json.o + first;
    this.minIndex = json.o + first;
    this.maxIndex = json.o + last;
    this.count = count;
    return true;
  }

  private addSlow(index: number, weight: number): void {
    if (this.count === 0) {
      if (this.bins.length === 0)
        this.bins = new Float64Array(Math.min(INITIAL_BINS, this.maxBins));
      else this.bins.fill(0);
      const len = this.bins.length;
      this.offset = index - (len >> 1);
      this.minIndex = index;
      this.maxIndex = index;
      this.bins[index - this.offset] = weight;
      this.count = weight;
      return;
    }
    const floor = this.maxIndex - this.maxBins + 1;
    if (index < floor) {
      index = floor;
      this.collapsed = true;
      const j = index - this.offset;
      if (j >= 0 && j < this.bins.length) {
        this.bins[j]! += weight;
        this.count += weight;
        if (index < this.minIndex) this.minIndex = index;
        return;
      }
    }
    let newMin = Math.min(this.minIndex, index);
    const newMax = Math.max(this.maxIndex, index);
    if (newMax - newMin + 1 > this.maxBins) {
      newMin = newMax - this.maxBins + 1;
      this.collapsed = true;
    }
    const span = newMax - newMin + 1;
    let len = this.bins.length;
    while (len < span) len *= 2;
    if (len > this.maxBins) len = this.maxBins;
    // Leave the free room on the side the store grows towards.
    const newOffset = index >= this.maxIndex ? newMin : newMax - len + 1;
    const bins = new Float64Array(len);
    const old = this.bins;
    for (let i = this.minIndex; i <= this.maxIndex; i++) {
      const c = old[i - this.offset]!;
      if (c !== 0) bins[Math.max(i, newMin) - newOffset]! += c;
    }
    bins[index - newOffset]! += weight;
    this.bins = bins;
    this.offset = newOffset;
    this.count += weight;
    this.minIndex = newMin;
    this.maxIndex = newMax;
  }
}
