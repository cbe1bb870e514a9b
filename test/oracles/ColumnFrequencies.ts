// The TypeScript engine's frequency counting: the reference the kernel's frequencies
// (kernel/assembly/frequencies.ts) are tested against, slot for slot. Production reads,
// merges and serializes what the kernel counted (ColumnFrequencies); only tests add here.
import { ColumnFrequencies, FREQUENT_ITEMS } from '../../src/profile/sketch/ColumnFrequencies.js';
import { hashOut } from './hash.js';

const EMPTY = -1;

// Scratch of #purge (shared: purges never nest).
let purgeKeys = new Float64Array(0);
let purgeCounts = new Float64Array(0);
let purgeSelect = new Float64Array(0);
let purgeLabels: (string | undefined)[] = [];

function growPurgeScratch(slots: number): void {
  purgeKeys = new Float64Array(slots);
  purgeCounts = new Float64Array(slots);
  purgeSelect = new Float64Array(slots);
  purgeLabels = new Array<string | undefined>(slots).fill(undefined);
}

/** The k-th smallest (0-based) of `a[0..n)`, by quickselect; reorders `a`. */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three as the pivot.
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * {@link ColumnFrequencies} that values are counted into one by one (Misra-Gries with median
 * purges past the exact table, as in Apache DataSketches). Hot-loop protocol:
 * `if (f.add(hash)) f.setLabel(hash, text, value)`.
 */
export class ReferenceColumnFrequencies extends ColumnFrequencies {
  #last = -1;

  /** Counts one value by hash; true when the caller should give its label. */
  add(hash: number): boolean {
    hashOut[0] = hash;
    return this.addOut();
  }

  /** {@link add} of the hash in `hashOut[0]` (hot loops: no boxed double argument). */
  addOut(): boolean {
    const hash = hashOut[0]!;
    this.total++;
    const exact = this.exact;
    if (exact !== null) {
      const at = exact.find(hash);
      if (at >= 0) {
        exact.counts[at]!++;
        return false;
      }
      let slot = -at - 1;
      if ((exact.size + 1) * 2 > exact.keys.length) {
        exact.grow();
        slot = -exact.find(hash) - 1;
      }
      exact.keys[slot] = hash;
      exact.counts[slot] = 1;
      exact.labels[slot] = undefined;
      this.#last = slot;
      // Past the limit, setLabel labels the new key and then spills the table.
      exact.size++;
      return true;
    }
    this.hll!.add(hash);
    const items = this.items!;
    const at = items.find(hash);
    if (at >= 0) {
      if (++items.counts[at]! === 2) items.heavy++;
      this.#last = at;
      // Label lazily: a value is named once it is seen a second time while counted.
      return items.labels[at] === undefined;
    }
    if (items.size >= FREQUENT_ITEMS) {
      this.#purge();
      const slot = -items.find(hash) - 1;
      this.#insertItem(slot, hash);
    } else {
      this.#insertItem(-at - 1, hash);
    }
    return false;
  }

  #insertItem(slot: number, hash: number): void {
    const items = this.items!;
    items.keys[slot] = hash;
    items.counts[slot] = 1;
    items.labels[slot] = undefined;
    items.size++;
  }

  /**
   * Names the value last reported by {@link add}; `value` is the number of its cells (NaN when
   * they are not numbers).
   */
  setLabel(hash: number, label: string, value = Number.NaN): void {
    const exact = this.exact;
    if (exact !== null) {
      exact.labels[this.#last] = label;
      exact.values[this.#last] = value;
      if (exact.size > this.limit) this.spill();
      return;
    }
    const items = this.items!;
    const at = items.keys[this.#last] === hash ? this.#last : items.find(hash);
    if (at >= 0) items.labels[at] = label;
  }

  /**
   * Subtracts the median count from every counter and drops those at or below zero. No
   * allocation: the counters are copied to module scratch arrays in slot order, the median
   * found by quickselect, and the survivors re-inserted in the same order as before.
   */
  #purge(): void {
    const items = this.items!;
    const keys = items.keys;
    const counts = items.counts;
    const labels = items.labels;
    const slots = keys.length;
    if (purgeKeys.length < slots) growPurgeScratch(slots);
    const pk = purgeKeys;
    const pc = purgeCounts;
    const ps = purgeSelect;
    const pl = purgeLabels;
    if (items.heavy === 0) {
      // Every counter is 1 (typical of a column of unique values): the median is 1, none stays.
      this.offset += 1;
      keys.fill(EMPTY);
      items.size = 0;
      return;
    }
    // Counters above 1 go to the scratch arrays in slot order; counters of 1 are only counted.
    // When those are the majority the median is 1 and exactly the collected ones survive.
    let n = 0;
    let ones = 0;
    for (let i = 0; i < slots; i++) {
      const k = keys[i]!;
      if (k === EMPTY) continue;
      const c = counts[i]!;
      if (c <= 1) {
        ones++;
        continue;
      }
      pk[n] = k;
      pc[n] = c;
      pl[n] = labels[i];
      n++;
    }
    const size = n + ones;
    let median = 1;
    if (ones <= size >> 1) {
      // Rare: take every counter, in slot order again, and select the median.
      n = 0;
      for (let i = 0; i < slots; i++) {
        const k = keys[i]!;
        if (k === EMPTY) continue;
        pk[n] = k;
        pc[n] = counts[i]!;
        ps[n] = counts[i]!;
        pl[n] = labels[i];
        n++;
      }
      median = selectKth(ps, n, n >> 1);
    }
    this.offset += median;
    keys.fill(EMPTY);
    items.size = 0;
    items.heavy = 0;
    const mask = items.mask;
    for (let j = 0; j < n; j++) {
      const c = pc[j]!;
      if (c <= median) continue;
      const hash = pk[j]!;
      let i = (hash >>> 0) & mask;
      while (keys[i] !== EMPTY) i = (i + 1) & mask;
      keys[i] = hash;
      counts[i] = c - median;
      labels[i] = pl[j];
      items.size++;
      if (c - median >= 2) items.heavy++;
    }
    pl.fill(undefined, 0, n);
  }
}
