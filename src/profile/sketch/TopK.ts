import { SketchArgumentError, SketchJsonError } from './errors.js';

const EMPTY = -1;

/** Default number of counters of a {@link TopK}. */
export const DEFAULT_TOP_K_CAPACITY = 64;

/** One reported heavy hitter. */
export interface TopKItem {
  value: string;
  count: number;
}

/** One counter: hash, label, estimated count and the bound of its overestimation. */
export interface TopKEntry {
  hash: number;
  value: string | undefined;
  count: number;
  error: number;
}

/** Serialized {@link TopK}; items are `[hash, count, error, label]`. */
export interface TopKJson {
  capacity: number;
  lossy: boolean;
  total: number;
  items: [number, number, number, string | null][];
}

/**
 * Space-Saving heavy hitters (Metwally et al. 2005) keyed by 53-bit hash, with a string label
 * per key. A min-heap on the counts makes both an increment and an eviction O(log k); an
 * open-addressing table maps hash to counter. Counts are exact while at most `capacity`
 * distinct keys were seen; after that every count overestimates by at most its `error`
 * (itself at most total/capacity).
 *
 * Hot-loop protocol without closures: `if (top.add(h)) top.setLabel(h, text)`.
 */
export class TopK {
  static readonly KIND = 'topk';
  readonly capacity: number;
  /** Number of add() calls (plus merged totals). */
  total = 0;
  /** True once a key was evicted (or a merge dropped one): counts are then upper bounds. */
  lossy = false;
  private size = 0;
  private readonly keys: Float64Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  private readonly labels: (string | undefined)[];
  /** Min-heap of counter slots ordered by count. */
  private readonly heap: Int32Array;
  /** Slot -> position in `heap`. */
  private readonly pos: Int32Array;
  private readonly tableKeys: Float64Array;
  private readonly tableSlots: Int32Array;
  private readonly tableMask: number;
  private lastSlot = 0;
  /** True when the last {@link add} inserted its key (false: it counted a present key). */
  lastWasInsert = false;

  constructor(capacity = DEFAULT_TOP_K_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new SketchArgumentError(`TopK capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.labels = new Array<string | undefined>(capacity).fill(undefined);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) {
      this.heap[i] = i;
      this.pos[i] = i;
    }
    let tableSize = 16;
    while (tableSize < capacity * 4) tableSize *= 2;
    this.tableKeys = new Float64Array(tableSize).fill(EMPTY);
    this.tableSlots = new Int32Array(tableSize);
    this.tableMask = tableSize - 1;
  }

  /**
   * Counts one occurrence of `hash`. Returns true when the key has no label yet (it was just
   * inserted); the caller then calls {@link setLabel} with the value's text.
   */
  add(hash: number): boolean {
    this.total++;
    const tableKeys = this.tableKeys;
    const mask = this.tableMask;
    let i = (hash >>> 0) & mask;
    for (;;) {
      const k = tableKeys[i]!;
      if (k === hash) {
        const slot = this.tableSlots[i]!;
        this.counts[slot]!++;
        this.siftDown(this.pos[slot]!);
        this.lastSlot = slot;
        this.lastWasInsert = false;
        return this.labels[slot] === undefined;
      }
      if (k === EMPTY) break;
      i = (i + 1) & mask;
    }
    // New key: take the minimum counter (an empty one while not full).
    const slot = this.heap[0]!;
    const min = this.counts[slot]!;
    const old = this.keys[slot]!;
    if (old === EMPTY) {
      this.size++;
    } else {
      this.tableDelete(old);
      this.lossy = true;
      // The deletion may have shifted the probe chain; find the insertion point again.
      i = (hash >>> 0) & mask;
      while (tableKeys[i] !== EMPTY) i = (i + 1) & mask;
    }
    tableKeys[i] = hash;
    this.tableSlots[i] = slot;
    this.keys[slot] = hash;
    this.counts[slot] = min + 1;
    this.errors[slot] = min;
    this.labels[slot] = undefined;
    this.siftDown(0);
    this.lastSlot = slot;
    this.lastWasInsert = true;
    return true;
  }

  /** Sets the label (the value's text) of `hash`, if it is counted. */
  setLabel(hash: number, value: string): void {
    const slot = this.keys[this.lastSlot] === hash ? this.lastSlot : this.find(hash);
    if (slot >= 0) this.labels[slot] = value;
  }

  /** Estimated count of `hash` (0 when not counted). */
  countOf(hash: number): number {
    const slot = this.find(hash);
    return slot < 0 ? 0 : this.counts[slot]!;
  }

  /** The `n` most frequent values, by count descending then value ascending. */
  top(n = 5): TopKItem[] {
    const items: TopKItem[] = [];
    for (let s = 0; s < this.capacity; s++) {
      if (this.keys[s] === EMPTY) continue;
      items.push({ value: this.labels[s] ?? '', count: this.counts[s]! });
    }
    items.sort(compareItems);
    return items.length > n ? items.slice(0, n) : items;
  }

  /** All counters, in no particular order. */
  entries(): TopKEntry[] {
    const out: TopKEntry[] = [];
    for (let s = 0; s < this.capacity; s++) {
      const hash = this.keys[s]!;
      if (hash === EMPTY) continue;
      out.push({ hash, value: this.labels[s], count: this.counts[s]!, error: this.errors[s]! });
    }
    return out;
  }

  /**
   * Folds `other` in, keeping `capacity` counters (mergeable summaries, Agarwal et al. 2012, in
   * the Space-Saving form of Cafaro et al. 2016): a key missing from a lossy summary is charged
   * that summary's minimum count (its upper bound there), counts and errors are summed, and the
   * `capacity` largest counts are kept. Exact when the union has at most `capacity` keys.
   */
  merge(other: TopK): void {
    const minThis = this.lossy ? this.minCount() : 0;
    const minOther = other.lossy ? other.minCount() : 0;
    const merged = new Map<number, TopKEntry>();
    for (const e of this.entries()) {
      merged.set(e.hash, { ...e, count: e.count + minOther, error: e.error + minOther });
    }
    for (const e of other.entries()) {
      const mine = merged.get(e.hash);
      if (mine === undefined) {
        merged.set(e.hash, { ...e, count: e.count + minThis, error: e.error + minThis });
      } else {
        mine.count += e.count - minOther;
        mine.error += e.error - minOther;
        if (mine.value === undefined) mine.value = e.value;
      }
    }
    let all = [...merged.values()];
    let lossy = this.lossy || other.lossy;
    if (all.length > this.capacity) {
      all.sort((a, b) => b.count - a.count || a.hash - b.hash);
      all = all.slice(0, this.capacity);
      lossy = true;
    }
    const total = this.total + other.total;
    this.load(all);
    this.total = total;
    this.lossy = lossy;
  }

  /** Compact JSON of the counters. */
  toJSON(): TopKJson {
    return {
      capacity: this.capacity,
      lossy: this.lossy,
      total: this.total,
      items: this.entries().map((e) => [e.hash, e.count, e.error, e.value ?? null]),
    };
  }

  /** Rebuilds a sketch from {@link TopK.toJSON} output. */
  static fromJSON(json: TopKJson): TopK {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.items)) {
      throw new SketchJsonError('TopK JSON needs {capacity, lossy, total, items}');
    }
    const topk = new TopK(json.capacity);
    if (json.items.length > topk.capacity)
      throw new SketchJsonError('TopK JSON has too many items');
    const entries: TopKEntry[] = json.items.map((item) => {
      if (!Array.isArray(item) || item.length !== 4) throw new SketchJsonError('bad TopK item');
      const [hash, count, error, label] = item;
      return { hash, count, error, value: label ?? undefined };
    });
    topk.load(entries);
    topk.total = json.total;
    topk.lossy = json.lossy === true;
    return topk;
  }

  /** Replaces all counters with `entries` (at most capacity) and rebuilds the heap and table. */
  private load(entries: TopKEntry[]): void {
    this.keys.fill(EMPTY);
    this.counts.fill(0);
    this.errors.fill(0);
    this.labels.fill(undefined);
    this.tableKeys.fill(EMPTY);
    this.size = entries.length;
    for (let s = 0; s < entries.length; s++) {
      const e = entries[s]!;
      this.keys[s] = e.hash;
      this.counts[s] = e.count;
      this.errors[s] = e.error;
      this.labels[s] = e.value;
      let i = (e.hash >>> 0) & this.tableMask;
      while (this.tableKeys[i] !== EMPTY) i = (i + 1) & this.tableMask;
      this.tableKeys[i] = e.hash;
      this.tableSlots[i] = s;
    }
    for (let s = 0; s < this.capacity; s++) {
      this.heap[s] = s;
      this.pos[s] = s;
    }
    for (let p = (this.capacity >> 1) - 1; p >= 0; p--) this.siftDown(p);
    this.lastSlot = 0;
  }

  private minCount(): number {
    return this.size < this.capacity ? 0 : this.counts[this.heap[0]!]!;
  }

  private find(hash: number): number {
    const tableKeys = this.tableKeys;
    const mask = this.tableMask;
    let i = (hash >>> 0) & mask;
    for (;;) {
      const k = tableKeys[i]!;
      if (k === hash) return this.tableSlots[i]!;
      if (k === EMPTY) return -1;
      i = (i + 1) & mask;
    }
  }

  /** Removes `hash` from the table with backward-shift deletion (linear probing). */
  private tableDelete(hash: number): void {
    const tableKeys = this.tableKeys;
    const tableSlots = this.tableSlots;
    const mask = this.tableMask;
    let i = (hash >>> 0) & mask;
    while (tableKeys[i] !== hash) i = (i + 1) & mask;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = tableKeys[j]!;
      if (k === EMPTY) break;
      const home = (k >>> 0) & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) {
        tableKeys[i] = k;
        tableSlots[i] = tableSlots[j]!;
        i = j;
      }
    }
    tableKeys[i] = EMPTY;
  }

  private siftDown(p: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const counts = this.counts;
    const n = this.capacity;
    const slot = heap[p]!;
    const c = counts[slot]!;
    for (;;) {
      let child = 2 * p + 1;
      if (child >= n) break;
      let cc = counts[heap[child]!]!;
      const right = child + 1;
      if (right < n) {
        const rc = counts[heap[right]!]!;
        if (rc < cc) {
          child = right;
          cc = rc;
        }
      }
      if (cc >= c) break;
      const childSlot = heap[child]!;
      heap[p] = childSlot;
      pos[childSlot] = p;
      p = child;
    }
    heap[p] = slot;
    pos[slot] = p;
  }
}

function compareItems(a: TopKItem, b: TopKItem): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
