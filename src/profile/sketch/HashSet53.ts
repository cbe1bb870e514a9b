const EMPTY = -1;
const MAX_LOAD = 0.75;

/**
 * Open-addressing (linear probing) set of 53-bit hashes on a Float64Array: no allocation per
 * add, unlike `Set<number>` which boxes every non-small-integer key. Hashes must be
 * non-negative integers below 2^53 (as from hashBytes/hashString/combineHash); their low 32
 * bits pick the slot, so they must be well mixed.
 */
export class HashSet53 {
  private keys: Float64Array;
  private mask: number;
  private growAt: number;
  /** Number of distinct hashes held. */
  size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap * MAX_LOAD < initialCapacity) cap *= 2;
    this.keys = new Float64Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.growAt = Math.floor(cap * MAX_LOAD);
  }

  /** Adds `hash`; returns true when it was not present before. */
  add(hash: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let i = (hash >>> 0) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === hash) return false;
      if (k === EMPTY) break;
      i = (i + 1) & mask;
    }
    keys[i] = hash;
    if (++this.size > this.growAt) this.grow();
    return true;
  }

  /** True when `hash` is in the set. */
  has(hash: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let i = (hash >>> 0) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === hash) return true;
      if (k === EMPTY) return false;
      i = (i + 1) & mask;
    }
  }

  /** Mask of the slot index: a hash's first probe is at `(hash >>> 0) & slotMask`. */
  get slotMask(): number {
    return this.mask;
  }

  /** Calls `fn` with every hash, in no particular order (no copy, unlike {@link values}). */
  forEach(fn: (hash: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k !== EMPTY) fn(k);
    }
  }

  /**
   * Calls `fn` with every hash, visiting the slots out of order (by a large odd stride): adding
   * them in that order to another table of this layout does not pile them into one long probe
   * run, as adding them in slot order does (which made merging two large sets quadratic).
   */
  forEachScattered(fn: (hash: number) => void): void {
    const keys = this.keys;
    const mask = this.mask;
    const stride = (Math.floor(keys.length * 0.618_033_988_75) | 1) & mask;
    for (let n = 0, i = 0; n < keys.length; n++, i = (i + stride) & mask) {
      const k = keys[i]!;
      if (k !== EMPTY) fn(k);
    }
  }

  /** The hashes, in no particular order, as a new array. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    const keys = this.keys;
    let o = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k !== EMPTY) out[o++] = k;
    }
    return out;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const keys = new Float64Array(cap).fill(EMPTY);
    rehash(this.keys, keys);
    this.keys = keys;
    this.mask = cap - 1;
    this.growAt = Math.floor(cap * MAX_LOAD);
  }
}

/** Inserts every key of `old` into the empty table `keys` (its own function: see grow). */
function rehash(old: Float64Array, keys: Float64Array): void {
  const mask = keys.length - 1;
  for (let j = 0; j < old.length; j++) {
    const k = old[j]!;
    if (k === EMPTY) continue;
    let i = (k >>> 0) & mask;
    while (keys[i] !== EMPTY) i = (i + 1) & mask;
    keys[i] = k;
  }
}
