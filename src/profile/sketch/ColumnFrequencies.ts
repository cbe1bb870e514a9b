import { HyperLogLog, type HyperLogLogJson } from './HyperLogLog.js';

const EMPTY = -1;

/** Counters kept for heavy hitters once a column has more distinct values than the limit. */
export const FREQUENT_ITEMS = 128;

/** One reported frequent value. */
export interface FrequentValue {
  value: string;
  count: number;
}

/**
 * One counted value: its hash, count, label and, in the exact table, its number (null when its
 * cells are not numbers; the summary's exact quantiles come from these).
 */
type Entry = [hash: number, count: number, label: string | null, value?: number | null];

/** Serialized {@link ColumnFrequencies}. */
export type ColumnFrequenciesJson = { limit: number; total?: number } & (
  | { exact: Entry[] }
  | { hll: HyperLogLogJson; items: Entry[]; offset: number; floor: number }
);

/**
 * A count table's slots as they lie (key -1 for an empty slot), e.g. read from the profiler's
 * kernel, which keeps the same layout.
 */
export interface CountSlots {
  keys: Float64Array;
  counts: Float64Array;
  labels: (string | undefined)[];
  /** The number of each key's cells, NaN when they are not numbers (exact tables only). */
  values?: Float64Array;
}

/** A number of a count table, as JSON writes it (NaN, "not a number", as null). */
const jsonValue = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** A small open-addressing table of hash -> count (+ label) on typed arrays. */
export class CountTable {
  keys: Float64Array;
  counts: Float64Array;
  labels: (string | undefined)[];
  /** Per slot, the number of the key's cells (NaN: not numbers, or not kept). */
  values: Float64Array;
  mask: number;
  size = 0;
  /**
   * Entries with a count of 2 or more, kept by {@link put}; the frequent-items table also keeps
   * it on its hot path (the exact table does not need it).
   */
  heavy = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.counts = new Float64Array(slots);
    this.labels = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Float64Array(slots).fill(Number.NaN);
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

  put(hash: number, count: number, label: string | undefined, value = Number.NaN): void {
    const at = this.find(hash);
    if (at >= 0) {
      const before = this.counts[at]!;
      this.counts[at] = before + count;
      if (before < 2 && before + count >= 2) this.heavy++;
      if (this.labels[at] === undefined) this.labels[at] = label;
      if (Number.isNaN(this.values[at]!)) this.values[at] = value;
      return;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      this.put(hash, count, label, value);
      return;
    }
    const slot = -at - 1;
    this.keys[slot] = hash;
    this.counts[slot] = count;
    this.labels[slot] = label;
    this.values[slot] = value;
    this.size++;
    if (count >= 2) this.heavy++;
  }

  /** A table holding `slots` as they lie (copied); their length must be a power of two. */
  static fromSlots(slots: CountSlots): CountTable {
    const table = new CountTable(8);
    table.keys = slots.keys.slice();
    table.counts = slots.counts.slice();
    table.labels = slots.labels.slice();
    table.values = slots.values?.slice() ?? new Float64Array(slots.keys.length).fill(Number.NaN);
    table.mask = table.keys.length - 1;
    for (let i = 0; i < table.keys.length; i++) {
      if (table.keys[i] === EMPTY) continue;
      table.size++;
      if (table.counts[i]! >= 2) table.heavy++;
    }
    return table;
  }

  /** Doubles the slots (keeping the load at most one half as entries are added). */
  grow(): void {
    const { keys, counts, labels, values } = this;
    const slots = keys.length * 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.counts = new Float64Array(slots);
    this.labels = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Float64Array(slots).fill(Number.NaN);
    this.mask = slots - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === EMPTY) continue;
      const slot = -this.find(key) - 1;
      this.keys[slot] = key;
      this.counts[slot] = counts[i]!;
      this.labels[slot] = labels[i];
      this.values[slot] = values[i]!;
    }
  }

  /**
   * The `n` entries with the highest counts (ties by label), those below `minCount` left out:
   * a selection over the slots, without sorting them all.
   */
  best(n: number, minCount: number): FrequentValue[] {
    const out: FrequentValue[] = [];
    const { keys, counts, labels } = this;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const count = counts[i]!;
      if (count < minCount) continue;
      if (out.length === n) {
        const last = out[n - 1]!;
        if (count < last.count) continue;
        if (count === last.count && (labels[i] ?? '') >= last.value) continue;
      }
      const entry = { value: labels[i] ?? '', count };
      let at = out.length;
      while (
        at > 0 &&
        (out[at - 1]!.count < count ||
          (out[at - 1]!.count === count && out[at - 1]!.value > entry.value))
      ) {
        at--;
      }
      out.splice(at, 0, entry);
      if (out.length > n) out.pop();
    }
    return out;
  }

  /** The entries in slot order; with `values`, each with its number (the exact table's). */
  entries(values = false): Entry[] {
    const out: Entry[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === EMPTY) continue;
      const label = this.labels[i] ?? null;
      out.push(
        values
          ? [this.keys[i]!, this.counts[i]!, label, jsonValue(this.values[i]!)]
          : [this.keys[i]!, this.counts[i]!, label],
      );
    }
    return out;
  }

  /** The numbers of the keys whose cells are numbers, with their counts, by ascending value. */
  numbers(): { values: Float64Array; counts: Float64Array } {
    const order: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== EMPTY && !Number.isNaN(this.values[i]!)) order.push(i);
    }
    order.sort((a, b) => this.values[a]! - this.values[b]!);
    return {
      values: Float64Array.from(order, (i) => this.values[i]!),
      counts: Float64Array.from(order, (i) => this.counts[i]!),
    };
  }
}

/** The order of entries when a table spills or merges: count descending, then label. */
export const byCountThenLabel = (a: Entry, b: Entry): number =>
  b[1] - a[1] || ((a[2] ?? '') < (b[2] ?? '') ? -1 : (a[2] ?? '') > (b[2] ?? '') ? 1 : 0);

/**
 * Distinct count and most frequent values of one column in a single structure. Exact (a
 * hash -> count table) while the column has at most `limit` distinct values; past that a
 * HyperLogLog counts distinct values and a Misra-Gries frequent-items summary with median
 * purges (as in Apache DataSketches) keeps heavy hitters, whose counts are then lower bounds.
 * The kernel counts (kernel/assembly/frequencies.ts, read back by kernel/KernelFrequencies.ts);
 * this class answers, merges and serializes.
 */
export class ColumnFrequencies {
  readonly limit: number;
  /** Values added (plus merged totals). */
  total = 0;
  protected exact: CountTable | null;
  protected hll: HyperLogLog | null = null;
  protected items: CountTable | null = null;
  /** Upper bound of the count of any value not in `items`. */
  protected offset = 0;
  /** Exact distinct count when the table spilled (a floor for the estimate). */
  protected floor = 0;

  constructor(limit: number) {
    this.limit = limit;
    // Starts small and grows, so narrow and wide files alike pay only for what they hold.
    this.exact = new CountTable(Math.min(limit, 32));
  }

  /** True once distinct values are estimated and top counts are lower bounds. */
  get estimated(): boolean {
    return this.exact === null;
  }

  /**
   * Distinct values: exact while not {@link estimated}, else estimated, and never more than the
   * values counted (an estimate can overshoot them by its error).
   */
  distinct(): number {
    if (this.exact !== null) return this.exact.size;
    return Math.min(this.total, Math.max(this.floor, Math.round(this.hll!.estimate())));
  }

  /**
   * The numbers among the values and their counts, by ascending value, while the table is exact
   * (null once {@link estimated}): the exact distribution of a low-cardinality column.
   */
  exactNumbers(): { values: Float64Array; counts: Float64Array } | null {
    return this.exact === null ? null : this.exact.numbers();
  }

  /**
   * The `n` most frequent values: exact counts while not {@link estimated}; otherwise values
   * certainly seen at least twice, with lower-bound counts.
   */
  top(n: number): FrequentValue[] {
    const exact = this.exact;
    return exact !== null ? exact.best(n, 1) : this.items!.best(n, 2);
  }

  /** Moves from the exact table to HyperLogLog + frequent items. */
  protected spill(): void {
    const exact = this.exact!;
    const entries = exact.entries().sort(byCountThenLabel);
    const hll = new HyperLogLog();
    for (const e of entries) hll.add(e[0]);
    this.floor = entries.length;
    this.hll = hll;
    this.items = new CountTable(FREQUENT_ITEMS);
    for (const e of entries.slice(0, FREQUENT_ITEMS)) this.items.put(e[0], e[1], e[2] ?? undefined);
    this.offset = entries[FREQUENT_ITEMS]?.[1] ?? 0;
    this.exact = null;
  }

  /** Folds in the frequencies of the same column over other rows. */
  merge(other: ColumnFrequencies): void {
    this.total += other.total;
    if (this.exact !== null && other.exact !== null) {
      for (const [hash, count, label, value] of other.exact.entries(true)) {
        this.exact.put(hash, count, label ?? undefined, value ?? Number.NaN);
      }
      if (this.exact.size > this.limit) this.spill();
      return;
    }
    if (this.exact !== null) this.spill();
    const otherItems: Entry[] = [];
    if (other.exact !== null) {
      for (const e of other.exact.entries()) {
        this.hll!.add(e[0]);
        otherItems.push(e);
      }
    } else {
      this.hll!.merge(other.hll!);
      otherItems.push(...other.items!.entries());
      this.offset += other.offset;
    }
    this.floor = Math.max(this.floor, other.floor);
    const combined = new Map<number, Entry>();
    for (const e of [...this.items!.entries(), ...otherItems]) {
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
    if (sorted.length > FREQUENT_ITEMS) this.offset += sorted[FREQUENT_ITEMS]![1];
    this.items = items;
  }

  toJSON(): ColumnFrequenciesJson {
    if (this.exact !== null) {
      return { limit: this.limit, total: this.total, exact: this.exact.entries(true) };
    }
    return {
      limit: this.limit,
      total: this.total,
      hll: this.hll!.toJSON(),
      items: this.items!.entries(),
      offset: this.offset,
      floor: this.floor,
    };
  }

  /**
   * Frequencies from tables as they lie: the exact table's slots, or (estimated) the
   * HyperLogLog registers, the items table's slots, the offset and the floor. The state equals
   * the one that filled these slots; `toJSON` lists entries in slot order, as its own would.
   */
  static fromSlots(
    limit: number,
    total: number,
    exact: CountSlots | null,
    estimate: { registers: Uint8Array; items: CountSlots; offset: number; floor: number } | null,
  ): ColumnFrequencies {
    const f = new ColumnFrequencies(limit);
    f.total = total;
    if (exact !== null) {
      f.exact = CountTable.fromSlots(exact);
      return f;
    }
    if (estimate === null) throw new RangeError('fromSlots needs the exact table or the estimate');
    f.exact = null;
    f.hll = new HyperLogLog(estimate.registers.slice());
    f.items = CountTable.fromSlots(estimate.items);
    f.offset = estimate.offset;
    f.floor = estimate.floor;
    return f;
  }

  /** Rebuilds frequencies from {@link toJSON} output (`total` for JSON written without it). */
  static fromJSON(json: ColumnFrequenciesJson, total = json.total ?? 0): ColumnFrequencies {
    const f = new ColumnFrequencies(json.limit);
    f.total = total;
    if ('exact' in json) {
      for (const [hash, count, label, value] of json.exact) {
        f.exact!.put(hash, count, label ?? undefined, value ?? Number.NaN);
      }
      return f;
    }
    f.exact = null;
    f.hll = HyperLogLog.fromJSON(json.hll);
    f.items = new CountTable(FREQUENT_ITEMS);
    for (const [hash, count, label] of json.items) f.items.put(hash, count, label ?? undefined);
    f.offset = json.offset;
    f.floor = json.floor;
    return f;
  }
}
