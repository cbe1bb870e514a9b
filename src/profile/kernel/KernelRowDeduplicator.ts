import { HyperLogLog } from '../sketch/HyperLogLog.js';
import { decodeHashList, encodeHashList } from '../sketch/hashList.js';
import type { RowDuplicatesJson, RowDuplicatesView } from '../state/RowDuplicates.js';
import type { KernelMemory } from './Kernel.js';
import { DedupeHeader, Freq } from './layout.generated.js';

// The state block's layout, generated with the kernel's own (byte offsets): the header, the
// HyperLogLog registers, then the sample lines.
const { HEADER } = DedupeHeader;
const HLL_REGISTERS = Freq.HLL_REGISTERS;
const LINES = HEADER + HLL_REGISTERS;
// Header slots: i32 index (byte offset / 4) and f64 index (byte offset / 8).
const I32_MODE = DedupeHeader.MODE >> 2;
const I32_SIZE = DedupeHeader.SIZE >> 2;
const I32_MASK = DedupeHeader.MASK >> 2;
const I32_TABLE = DedupeHeader.TABLE >> 2;
const I32_LINES_N = DedupeHeader.LINES_N >> 2;
const F64_ROWS = DedupeHeader.ROWS >> 3;
const F64_EXACT_DUPLICATES = DedupeHeader.EXACT_DUPLICATES >> 3;
const F64_DISTINCT_AT_SWITCH = DedupeHeader.DISTINCT_AT_SWITCH >> 3;
const F64_ROWS_AT_SWITCH = DedupeHeader.ROWS_AT_SWITCH >> 3;
const TWO_32 = 4_294_967_296;

/** Rows buffered in the kernel before they are checked against the set. */
export const DEDUPE_BATCH = 1 << 15;
/** Slots of the kernel's set at first (8 bytes each); it grows fourfold as needed, in place. */
export const DEDUPE_INITIAL_SLOTS = 1 << 14;
/** Smaller sets (256 KB) stay in the caches: their rows are probed in row order, unsorted. */
export const DEDUPE_SORT_MIN_SLOTS = 1 << 15;
/** Fewer pending rows are probed in row order, unsorted. */
export const DEDUPE_SORT_MIN_ROWS = 256;

/** Sizes of a {@link KernelRowDeduplicator}'s regions (tests force growth with small ones). */
export interface KernelRowDeduplicatorOptions {
  /** Slots of the set at first: a power of two, at least 4. */
  initialSlots?: number;
  /** Rows buffered before they are checked against the set. */
  batch?: number;
  /** Sets of fewer slots are probed in row order (results are the same either way). */
  sortMinSlots?: number;
  /** Fewer pending rows are probed in row order. */
  sortMinRows?: number;
}

/**
 * Duplicate rows counted by the WebAssembly kernel (assembly/dedupe.ts), batch by batch: the
 * same answers and `toJSON()` as the reference RowDeduplicator (test/oracles) after the same
 * rows. The set lives in a
 * kernel region that grows (in place when it can) when it fills; the memory may grow then:
 * callers re-take their views after {@link addBatch}. Reads never copy the set; only
 * {@link toJSON} walks it.
 */
export class KernelRowDeduplicator implements RowDuplicatesView {
  readonly limit: number;
  readonly sampleLines: number;
  readonly #memory: KernelMemory;
  readonly #state: number;

  /** A deduplicator in `memory`: exact up to `limit` distinct rows, `sampleLines` lines kept. */
  constructor(
    memory: KernelMemory,
    limit: number,
    sampleLines: number,
    options: KernelRowDeduplicatorOptions = {},
  ) {
    const slots = options.initialSlots ?? DEDUPE_INITIAL_SLOTS;
    const batch = options.batch ?? DEDUPE_BATCH;
    if (!Number.isInteger(Math.log2(slots)) || slots < 4) {
      throw new RangeError(`initial slots ${slots} is not a power of two >= 4`);
    }
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch ${batch} < 1`);
    this.limit = limit;
    this.sampleLines = sampleLines;
    this.#memory = memory;
    const kernel = memory.kernel;
    this.#state = memory.alloc(kernel.dedupeStateBytes(sampleLines, batch));
    const table = memory.alloc(slots * 8);
    kernel.initDedupe(
      this.#state,
      limit,
      sampleLines,
      batch,
      table,
      slots,
      options.sortMinSlots ?? DEDUPE_SORT_MIN_SLOTS,
      options.sortMinRows ?? DEDUPE_SORT_MIN_ROWS,
    );
  }

  /**
   * Adds rows `0..rows-1`: `rowHashesAt` (f64 53-bit row hashes) and `linesAt` (f64 line
   * numbers) are kernel addresses. May grow the memory (views of it detach).
   */
  addBatch(rowHashesAt: number, linesAt: number, rows: number): void {
    const kernel = this.#memory.kernel;
    let from = 0;
    for (;;) {
      const next = kernel.dedupeAddRows(this.#state, rowHashesAt, linesAt, from, rows);
      if (next >= 0) return;
      this.#grow();
      from = -next - 1;
    }
  }

  /**
   * Continues the exact state of the rows before these (a piece of a split file that goes on
   * from the pieces before it, see split/mergePieces.ts): their distinct row hashes, counts and
   * sample lines. Call before the first batch.
   */
  seed(json: RowDuplicatesJson): void {
    if (!('exact' in json)) throw new RangeError('only an exact duplicate-row state continues');
    const hashes = decodeHashList(json.exact);
    const n = hashes.length;
    if (n > 0) {
      const hashesAt = this.#memory.alloc(n * 8);
      const linesAt = this.#memory.alloc(n * 8);
      new Float64Array(this.#memory.buffer, hashesAt, n).set(hashes);
      this.addBatch(hashesAt, linesAt, n);
      this.#flush();
    }
    const f64 = this.#f64();
    f64[F64_ROWS] = json.rows;
    f64[F64_EXACT_DUPLICATES] = json.exactDuplicates;
    const lines = json.lines.slice(0, this.sampleLines);
    new Float64Array(this.#memory.buffer, this.#state + LINES, lines.length).set(lines);
    this.#i32()[I32_LINES_N] = lines.length;
  }

  /** Rows added. */
  get rows(): number {
    return this.#f64()[F64_ROWS]!;
  }

  /** True once distinct rows are estimated (past `limit`). */
  get estimated(): boolean {
    this.#flush();
    return this.#i32()[I32_MODE] !== 0;
  }

  /** Duplicates counted exactly (all of them while not estimated). */
  get exactDuplicates(): number {
    this.#flush();
    return this.#f64()[F64_EXACT_DUPLICATES]!;
  }

  /** Lines of the first duplicate rows (at most `sampleLines`), as a new array. */
  get lines(): number[] {
    this.#flush();
    const n = this.#i32()[I32_LINES_N]!;
    return Array.from(new Float64Array(this.#memory.buffer, this.#state + LINES, n));
  }

  /** Duplicate rows: exact, or rows minus the estimated distinct rows once past the limit. */
  duplicates(): number {
    if (!this.estimated) return this.exactDuplicates;
    const f64 = this.#f64();
    const distinct = Math.round(this.#hll().estimate());
    const exact = f64[F64_EXACT_DUPLICATES]!;
    return Math.max(exact, f64[F64_ROWS]! - Math.max(distinct, f64[F64_DISTINCT_AT_SWITCH]!));
  }

  /** The state as JSON, for RowDuplicates.fromJSON (walks the set). */
  toJSON(): RowDuplicatesJson {
    const estimated = this.estimated;
    const f64 = this.#f64();
    const base = {
      rows: f64[F64_ROWS]!,
      exactDuplicates: f64[F64_EXACT_DUPLICATES]!,
      lines: this.lines,
    };
    if (!estimated) return { ...base, exact: encodeHashList(this.#values()) };
    return {
      ...base,
      hll: this.#hll().toJSON(),
      distinctAtSwitch: f64[F64_DISTINCT_AT_SWITCH]!,
      rowsAtSwitch: f64[F64_ROWS_AT_SWITCH]!,
    };
  }

  /** Checks the pending rows against the set, growing it first when the kernel asks. */
  #flush(): void {
    const kernel = this.#memory.kernel;
    while (kernel.dedupeFlush(this.#state) < 0) this.#grow();
  }

  /**
   * Makes the set as large as the kernel asks: in place when its region is the memory's last
   * (as it is after the first growth), else in a new region (the old one stays behind unused).
   */
  #grow(): void {
    const kernel = this.#memory.kernel;
    const slots = kernel.dedupeWantSlots(this.#state);
    const i32 = this.#i32();
    const table = i32[I32_TABLE]! >>> 0;
    const bytes = (i32[I32_MASK]! + 1) * 8;
    if (this.#memory.extend(table, bytes, slots * 8)) {
      if (kernel.dedupeGrowInPlace(this.#state, slots) === 1) return;
    }
    kernel.dedupeRehash(this.#state, this.#memory.alloc(slots * 8), slots);
  }

  /** The hashes in the set, in slot order. */
  #values(): Float64Array {
    const i32 = this.#i32();
    const slots = i32[I32_MASK]! + 1;
    const words = new Uint32Array(this.#memory.buffer, i32[I32_TABLE]! >>> 0, slots * 2);
    const out = new Float64Array(i32[I32_SIZE]!);
    let o = 0;
    for (let i = 0; i < slots; i++) {
      const hi = words[2 * i + 1]!;
      if (hi === 0xffffffff) continue;
      out[o++] = hi * TWO_32 + words[2 * i]!;
    }
    return out;
  }

  #hll(): HyperLogLog {
    const registers = new Uint8Array(this.#memory.buffer, this.#state + HEADER, HLL_REGISTERS);
    return new HyperLogLog(registers.slice());
  }

  #i32(): Int32Array {
    return new Int32Array(this.#memory.buffer, this.#state, HEADER / 4);
  }

  #f64(): Float64Array {
    return new Float64Array(this.#memory.buffer, this.#state, HEADER / 8);
  }
}
