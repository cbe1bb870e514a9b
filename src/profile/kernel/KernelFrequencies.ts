import {
  byCountThenLabel,
  ColumnFrequencies,
  type ColumnFrequenciesJson,
  FREQUENT_ITEMS,
} from '../sketch/ColumnFrequencies.js';
import type { KernelMemory } from './Kernel.js';
import { Freq, FreqHeader } from './layout.generated.js';

type Entry = Extract<ColumnFrequenciesJson, { exact: unknown }>['exact'][number];

// The state block's exact mode (assembly/frequencies.ts): after the header,
// keys f64[slots], counts f64[slots], ordinals i32[slots] for the table's current slots.
const EMPTY = -1;
// The state block's header and sizes, generated with the kernel's own (byte offsets).
const { HEADER } = FreqHeader;
const { ITEM_SLOTS, HLL_REGISTERS, FREQ_SPILL, FREQ_GROW } = Freq;
const ITEM_KEYS = HEADER + HLL_REGISTERS;
const ITEM_COUNTS = ITEM_KEYS + ITEM_SLOTS * 8;
const ITEM_FLAGS = ITEM_COUNTS + ITEM_SLOTS * 8;
// Header slots: i32 index (byte offset / 4) and f64 index (byte offset / 8).
const I32_EXACT_MASK = FreqHeader.EXACT_MASK >> 2;
const F64_TOTAL = FreqHeader.TOTAL >> 3;
const F64_OFFSET = FreqHeader.OFFSET >> 3;
const F64_FLOOR = FreqHeader.FLOOR >> 3;
/** Labels held after a batch past the spill before those of values not counted are dropped. */
const LABELS_KEPT = 2 * ITEM_SLOTS;

/** Scratch and request regions shared by the frequencies of one kernel memory. */
interface Shared {
  /** The memory's generation the regions belong to (a released memory's are gone). */
  generation: number;
  scratchAt: number;
  scratchBytes: number;
  requestsAt: number;
  capacity: number;
  /** State blocks left behind by states that moved to larger ones, by size in bytes. */
  free: Map<number, number[]>;
}

const shared = new WeakMap<KernelMemory, Shared>();

/** The shared regions of `memory`, (re-)allocated when they are too small. */
function sharedRegions(memory: KernelMemory, limit: number, capacity: number): Shared {
  const bytes = memory.kernel.freqScratchBytes(limit);
  let regions = shared.get(memory);
  if (regions === undefined || regions.generation !== memory.generation) {
    regions = {
      generation: memory.generation,
      scratchAt: 0,
      scratchBytes: 0,
      requestsAt: 0,
      capacity: 0,
      free: new Map(),
    };
    shared.set(memory, regions);
  }
  if (regions.scratchBytes < bytes) {
    regions.scratchAt = memory.alloc(bytes);
    regions.scratchBytes = bytes;
  }
  if (regions.capacity < capacity) {
    regions.requestsAt = memory.alloc(capacity * 4);
    regions.capacity = capacity;
  }
  return regions;
}

/**
 * One column's {@link ColumnFrequencies} counted by the WebAssembly kernel
 * (assembly/frequencies.ts), batch by batch; the labels (cell texts) are kept here. The exact
 * table grows on demand, in one of two ways. With `reserve`, the state block is as large as
 * the table can ever get and the table grows in place: the block's pages that the table never
 * reaches are reserved but never touched, so they take no resident memory. Without, the state
 * starts small and moves to a block twice as large whenever the table must grow (and to the
 * estimated layout's size after a spill), so that the kernel memory of a very wide file follows
 * what its columns hold; {@link addBatch} may then grow the memory (views of it detach; `label`
 * is called before any growth of the same step), and blocks left behind are reused by the other
 * columns of the same memory.
 */
export class KernelFrequencies {
  readonly limit: number;
  readonly #memory: KernelMemory;
  #state: number;
  #stateBytes: number;
  /** True when the state's block is as large as it can need (it never moves). */
  readonly #reserved: boolean;
  readonly #free: Map<number, number[]>;
  readonly #scratch: number;
  readonly #requests: number;
  readonly #capacity: number;
  /** True while the exact table counts (mirrors the kernel's mode, read often). */
  #exact = true;
  /**
   * Exact mode: the label of each key by its ordinal (insertion rank), which the kernel keeps
   * per slot, so a slot's label is an array read, not a lookup by hash.
   */
  #ordered: string[] = [];
  /** Estimated mode: label per hash of the frequent items labelled so far. */
  #labels = new Map<number, string>();

  /**
   * A column state in `memory` for `limit` exact distinct values and batches of `capacity` rows;
   * with `reserve`, in a block it never leaves (see the class note).
   */
  constructor(memory: KernelMemory, limit: number, capacity: number, reserve = false) {
    this.limit = limit;
    this.#memory = memory;
    this.#capacity = capacity;
    const regions = sharedRegions(memory, limit, capacity);
    this.#scratch = regions.scratchAt;
    this.#requests = regions.requestsAt;
    this.#free = regions.free;
    this.#reserved = reserve;
    this.#stateBytes = reserve
      ? memory.kernel.freqMaxBytes(limit)
      : memory.kernel.freqInitialBytes(limit);
    this.#state = this.#block(this.#stateBytes);
    memory.kernel.initFrequencies(this.#state, limit, this.#scratch, this.#stateBytes);
  }

  /** Kernel bytes of the column's state block (it grows with the exact table). */
  get stateBytes(): number {
    return this.#stateBytes;
  }

  /** A block of `bytes` for a state: one left behind by another column, or a new one. */
  #block(bytes: number): number {
    return this.#free.get(bytes)?.pop() ?? this.#memory.alloc(bytes);
  }

  /** Moves the state to a block of at least the bytes its next step needs. */
  #reserve(): void {
    const bytes = this.#memory.kernel.freqNeedBytes(this.#state);
    if (bytes > this.#stateBytes) this.#move(bytes);
  }

  /** Moves the state to a block of `bytes` and leaves its block to the other columns. */
  #move(bytes: number): void {
    const kernel = this.#memory.kernel;
    const to = this.#block(bytes);
    kernel.freqMove(this.#state, to, bytes);
    const free = this.#free.get(this.#stateBytes);
    if (free === undefined) this.#free.set(this.#stateBytes, [this.#state]);
    else free.push(this.#state);
    this.#state = to;
    this.#stateBytes = bytes;
  }

  /** Values counted. */
  get total(): number {
    return new Float64Array(this.#memory.buffer, this.#state, 8)[F64_TOTAL]!;
  }

  /** True once distinct values are estimated (the exact table spilled). */
  get estimated(): boolean {
    return !this.#exact;
  }

  /** Labels held (bounded: those of values no longer counted are dropped now and then). */
  get labelCount(): number {
    return this.#exact ? this.#ordered.length : this.#labels.size;
  }

  /**
   * Counts rows `0..rows-1` of one batch: `masks` (i32, rows with the NULL bit are skipped)
   * and `hashes` (f64) are kernel addresses; `label(r)` gives the text of row r when needed.
   */
  addBatch(masks: number, hashes: number, rows: number, label: (row: number) => string): void {
    if (rows > this.#capacity) throw new RangeError(`batch of ${rows} rows > ${this.#capacity}`);
    const kernel = this.#memory.kernel;
    let from = 0;
    while (from < rows) {
      const state = this.#state;
      const next = kernel.addFrequencies(state, masks, hashes, from, rows, this.#requests);
      const n = kernel.freqRequests(state);
      if (n > 0) {
        const requests = new Int32Array(this.#memory.buffer, this.#requests, n);
        if (this.#exact) {
          // Requests are the new keys in insertion order: their ordinals follow on.
          const ordered = this.#ordered;
          for (let i = 0; i < n; i++) ordered.push(label(requests[i]!));
        } else {
          const hashOf = new Float64Array(this.#memory.buffer, hashes, rows);
          const labels = this.#labels;
          for (let i = 0; i < n; i++) {
            const r = requests[i]!;
            labels.set(hashOf[r]!, label(r));
          }
        }
      }
      const stop = kernel.freqStop(state);
      if (stop === FREQ_SPILL) this.#spill();
      else if (stop === FREQ_GROW) this.#reserve();
      else break;
      from = next;
    }
    if (!this.#exact && this.#labels.size > LABELS_KEPT) this.#pruneLabels();
  }

  /** Moves from the exact table to HyperLogLog + frequent items (ColumnFrequencies.#spill). */
  #spill(): void {
    this.#reserve();
    const buffer = this.#memory.buffer;
    const header = new Int32Array(buffer, this.#state, 16);
    const slots = header[I32_EXACT_MASK]! + 1;
    const keys = new Float64Array(buffer, this.#state + HEADER, slots);
    const counts = new Float64Array(buffer, this.#state + HEADER + slots * 8, slots);
    const ords = new Int32Array(buffer, this.#state + HEADER + slots * 16, slots);
    const ordered = this.#ordered;
    const entries: Entry[] = [];
    for (let i = 0; i < slots; i++) {
      const key = keys[i]!;
      if (key !== EMPTY) entries.push([key, counts[i]!, ordered[ords[i]!] ?? null]);
    }
    entries.sort(byCountThenLabel);
    const n = entries.length;
    const top = Math.min(n, FREQUENT_ITEMS);
    const sortedHashes = new Float64Array(buffer, this.#scratch, n);
    const sortedCounts = new Float64Array(buffer, this.#scratch + n * 8, top);
    const sortedFlags = new Uint8Array(buffer, this.#scratch + n * 8 + top * 8, top);
    const kept = new Map<number, string>();
    entries.forEach((e, j) => {
      sortedHashes[j] = e[0];
      if (j >= top) return;
      sortedCounts[j] = e[1];
      sortedFlags[j] = e[2] === null ? 0 : 1;
      if (e[2] !== null) kept.set(e[0], e[2]);
    });
    const kernel = this.#memory.kernel;
    kernel.spillFrequencies(this.#state, n, entries[FREQUENT_ITEMS]?.[1] ?? 0);
    // The estimated state is smaller than the exact table it replaces: the next column to grow
    // takes the table's block (a reserved block stays: its untouched pages cost nothing).
    const estimated = kernel.freqEstimatedBytes();
    if (!this.#reserved && this.#stateBytes > estimated) this.#move(estimated);
    this.#labels = kept;
    this.#ordered = [];
    this.#exact = false;
  }

  /** Drops the labels of values no longer in the frequent-items table. */
  #pruneLabels(): void {
    const buffer = this.#memory.buffer;
    const keys = new Float64Array(buffer, this.#state + ITEM_KEYS, ITEM_SLOTS);
    const flags = new Uint8Array(buffer, this.#state + ITEM_FLAGS, ITEM_SLOTS);
    const kept = new Map<number, string>();
    for (let i = 0; i < ITEM_SLOTS; i++) {
      const key = keys[i]!;
      const text = this.#labels.get(key);
      if (key !== EMPTY && flags[i] !== 0 && text !== undefined) kept.set(key, text);
    }
    this.#labels = kept;
  }

  /** The same JSON as `ColumnFrequencies.toJSON()` after the same adds and labels. */
  toJSON(): ColumnFrequenciesJson {
    return this.toFrequencies().toJSON();
  }

  /**
   * A {@link ColumnFrequencies} equal to the JavaScript engine's after the same adds: its
   * tables are the kernel's slots as they lie (the kernel keeps CountTable's layout), so its
   * `toJSON()` (entry order included), `top`, `distinct`, `estimated` and `total` match. While
   * the table is exact, `numbersOf` gives the number of each label (NaN for text), which the
   * summary's exact quantiles read.
   */
  toFrequencies(numbersOf?: (labels: readonly string[]) => Float64Array): ColumnFrequencies {
    // First: classifying the labels may grow the memory (views taken before would detach).
    const numbers = this.#exact ? numbersOf?.(this.#ordered) : undefined;
    const buffer = this.#memory.buffer;
    const labels = this.#labels;
    if (this.#exact) {
      const header = new Int32Array(buffer, this.#state, 16);
      const slots = header[I32_EXACT_MASK]! + 1;
      const keys = new Float64Array(buffer, this.#state + HEADER, slots);
      const counts = new Float64Array(buffer, this.#state + HEADER + slots * 8, slots);
      const ords = new Int32Array(buffer, this.#state + HEADER + slots * 16, slots);
      const ordered = this.#ordered;
      // Sized and filled up front: much faster than growing it slot by slot.
      const names = new Array<string | undefined>(slots).fill(undefined);
      const values = new Float64Array(slots).fill(Number.NaN);
      for (let i = 0; i < slots; i++) {
        if (keys[i] === EMPTY) continue;
        names[i] = ordered[ords[i]!];
        if (numbers !== undefined) values[i] = numbers[ords[i]!]!;
      }
      return ColumnFrequencies.fromSlots(
        this.limit,
        this.total,
        { keys, counts, labels: names, values },
        null,
      );
    }
    const keys = new Float64Array(buffer, this.#state + ITEM_KEYS, ITEM_SLOTS);
    const counts = new Float64Array(buffer, this.#state + ITEM_COUNTS, ITEM_SLOTS);
    const flags = new Uint8Array(buffer, this.#state + ITEM_FLAGS, ITEM_SLOTS);
    const names = new Array<string | undefined>(ITEM_SLOTS).fill(undefined);
    for (let i = 0; i < ITEM_SLOTS; i++) {
      const key = keys[i]!;
      if (key !== EMPTY && flags[i] !== 0) names[i] = labels.get(key);
    }
    const f64 = new Float64Array(buffer, this.#state, 8);
    return ColumnFrequencies.fromSlots(this.limit, this.total, null, {
      registers: new Uint8Array(buffer, this.#state + HEADER, HLL_REGISTERS),
      items: { keys, counts, labels: names },
      offset: f64[F64_OFFSET]!,
      floor: f64[F64_FLOOR]!,
    });
  }
}
