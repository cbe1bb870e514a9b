import { HyperLogLog, type HyperLogLogJson } from './HyperLogLog.js';

const EMPTY = -1;

/** Counters kept for heavy hitters once a column has more distinct values than the limit. */
export const FREQUENT_ITEMS = 128;

/** One reported frequent value. */
export interface FrequentValue {
  value: string;
  count: number;
}

type Entry = [hash: number, count: number, label: string | null];

/** Serialized {@link ColumnFrequencies}. */
export type ColumnFrequenciesJson =
  | { limit: number; exact: Entry[] }
  | { limit: number; hll: HyperLogLogJson; items: Entry[]; offset: number; floor: number };

/** A small open-addressing table of hash -> count (+ label) on typed arrays. */
class CountTable {
  readonly keys: Float64Array;
  readonly counts: Float64Array;
  readonly labels: (string | undefined)[];
  readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.counts = new Float64Array(slots);
    this.labels = new Array<string | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** Slot of `hash`, or the empty slot where it would go (as -slot - 1). */
  find(hash: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = (hash >>> 0) & mask;
    for (;;) {
      const k = keys[i]!;
      if (k === hash) return i;
      if (k === EMPTY) return -i - 1;
      i = (i + 1) & mask;
    }
  }

  put(hash: number, count: number, label: string | undefined): void {
    const at = this.find(hash);
    if (at >= 0) {
      this.counts[at]! += count;
      if (this.labels[at] === undefined) this.labels[at] = label;
      return;
    }
    const slot = -at - 1;
    this.keys[slot] = hash;
    this.counts[slot] = count;
    this.labels[slot] = label;
    this.size++;
  }

  entries(): Entry[] {
    const out: Entry[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== EMPTY)
        out.push([this.keys[i]!, this.counts[i]!, this.labels[i] ?? null]);
    }
    return out;
  }
}

const byCountThenLabel = (a: Entry, b: Entry): number =>
  b[1] - a[1] || ((a[2] ?? '') < (b[2] ?? '') ? -1 : (a[2] ?? '') > (b[2] ?? '') ? 1 : 0);

/**
 * Distinct count and most frequent values of one column in a single structure. Exact (a
 * hash -> count table) while the column has at most `limit` distinct values; past that a
 * HyperLogLog counts distinct values and a Misra-Gries frequent-items summary with median
 * purges (as in Apache DataSketches) keeps heavy hitters, whose counts are then lower bounds.
 * Hot-loop protocol: `if (f.add(hash)) f.setLabel(hash, text)`.
 */
export class ColumnFrequencies {
  readonly limit: number;
  /** Values added (plus merged totals). */
  total = 0;
  #exact: CountTable | null;
  #hll: HyperLogLog | null = null;
  #items: CountTable | null = null;
  /** Upper bound of the count of any value not in `#items`. */
  #offset = 0;
  /** Exact distinct count when the table spilled (a floor for the estimate). */
  #floor = 0;
  #last = -1;

  constructor(limit: number) {
    this.limit = limit;
    this.#exact = new CountTable(limit);
  }

  /** True once distinct values are estimated and top counts are lower bounds. */
  get estimated(): boolean {
    return this.#exact === null;
  }

  /** Counts one value by hash; true when the caller should give its label. */
  add(hash: number): boolean {
    this.total++;
    const exact = this.#exact;
    if (exact !== null) {
      const at = exact.find(hash);
      if (at >= 0) {
        exact.counts[at]!++;
        return false;
      }
      const slot = -at - 1;
      exact.keys[slot] = hash;
      exact.counts[slot] = 1;
      exact.labels[slot] = undefined;
      this.#last = slot;
      if (++exact.size > this.limit) {
        // Label before spilling: the caller's setLabel would not find the slot any more.
        return true;
      }
      return true;
    }
    this.#hll!.add(hash);
    const items = this.#items!;
    const at = items.find(hash);
    if (at >= 0) {
      items.counts[at]!++;
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
    const items = this.#items!;
    items.keys[slot] = hash;
    items.counts[slot] = 1;
    items.labels[slot] = undefined;
    items.size++;
  }

  /** Names the value last reported by {@link add}. */
  setLabel(hash: number, value: string): void {
    const exact = this.#exact;
    if (exact !== null) {
      exact.labels[this.#last] = value;
      if (exact.size > this.limit) this.#spill();
      return;
    }
    const items = this.#items!;
    const at = items.keys[this.#last] === hash ? this.#last : items.find(hash);
    if (at >= 0) items.labels[at] = value;
  }

  /** Distinct values: exact while not {@link estimated}. */
  distinct(): number {
    if (this.#exact !== null) return this.#exact.size;
    return Math.max(this.#floor, Math.round(this.#hll!.estimate()));
  }

  /**
   * The `n` most frequent values: exact counts while not {@link estimated}; otherwise values
   * certainly seen at least twice, with lower-bound counts.
   */
  top(n: number): FrequentValue[] {
    const exact = this.#exact;
    const entries = (exact ?? this.#items!).entries();
    const kept = exact === null ? entries.filter((e) => e[1] >= 2) : entries;
    return kept
      .sort(byCountThenLabel)
      .slice(0, n)
      .map((e) => ({ value: e[2] ?? '', count: e[1] }));
  }

  /** Moves from the exact table to HyperLogLog + frequent items. */
  #spill(): void {
    const exact = this.#exact!;
    const entries = exact.entries().sort(byCountThenLabel);
    const hll = new HyperLogLog();
    for (const e of entries) hll.add(e[0]);
    this.#floor = entries.length;
    this.#hll = hll;
    this.#items = new CountTable(FREQUENT_ITEMS);
    for (const e of entries.slice(0, FREQUENT_ITEMS))
      this.#items.put(e[0], e[1], e[2] ?? undefined);
    this.#offset = entries[FREQUENT_ITEMS]?.[1] ?? 0;
    this.#exact = null;
  }

  /** Subtracts the median count from every counter and drops those at or below zero. */
  #purge(): void {
    const items = this.#items!;
    const entries = items.entries();
    const counts = entries.map((e) => e[1]).sort((a, b) => a - b);
    const median = counts[counts.length >> 1]!;
    this.#offset += median;
    items.keys.fill(EMPTY);
    items.size = 0;
    for (const e of entries) {
      if (e[1] > median) items.put(e[0], e[1] - median, e[2] ?? undefined);
    }
  }

  /** Folds in the frequencies of the same column over other rows. */
  merge(other: ColumnFrequencies): void {
    this.total += other.total;
    if (this.#exact !== null && other.#exact !== null) {
      for (const [hash, count, label] of other.#exact.entries()) {
        this.#exact.put(hash, count, label ?? undefined);
      }
      if (this.#exact.size > this.limit) this.#spill();
      return;
    }
    if (this.#exact !== null) this.#spill();
    const otherItems: Entry[] = [];
    if (other.#exact !== null) {
      for (const e of other.#exact.entries()) {
        this.#hll!.add(e[0]);
        otherItems.push(e);
      }
    } else {
      this.#hll!.merge(other.#hll!);
      otherItems.push(...other.#items!.entries());
      this.#offset += other.#offset;
    }
    this.#floor = Math.max(this.#floor, other.#floor);
    const combined = new Map<number, Entry>();
    for (const e of [...this.#items!.entries(), ...otherItems]) {
      const seen = combined.get(e[0]);
      if (seen === undefined) combined.set(e[0], [e[0], e[1], e[2]]);
      else {
        seen[1] += e[1];
        seen[2] ??= e[2];
      }
    }
    const sorted = [...combined.values()].sort(byCountThenLabel);
    const items = new CountTable(FREQUENT_ITEMS);
    for (const e of sorted.slice(0, FREQUENT_ITEMS)) items.put(e[0], e[1], e[2] ?? undefined);
    // Dropped counters bound what the dropped values could have had.
    if (sorted.length > FREQUENT_ITEMS) this.#offset += sorted[FREQUENT_ITEMS]![1];
    this.#items = items;
  }

  toJSON(): ColumnFrequenciesJson {
    if (this.#exact !== null) return { limit: this.limit, exact: this.#exact.entries() };
    return {
      limit: this.limit,
      hll: this.#hll!.toJSON(),
      items: this.#items!.entries(),
      offset: this.#offset,
      floor: this.#floor,
    };
  }

  static fromJSON(json: ColumnFrequenciesJson, total = 0): ColumnFrequencies {
    const f = new ColumnFrequencies(json.limit);
    f.total = total;
    if ('exact' in json) {
      for (const [hash, count, label] of json.exact) f.#exact!.put(hash, count, label ?? undefined);
      return f;
    }
    f.#exact = null;
    f.#hll = HyperLogLog.fromJSON(json.hll);
    f.#items = new CountTable(FREQUENT_ITEMS);
    for (const [hash, count, label] of json.items) f.#items.put(hash, count, label ?? undefined);
    f.#offset = json.offset;
    f.#floor = json.floor;
    return f;
  }
}
