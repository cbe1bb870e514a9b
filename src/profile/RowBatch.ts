import { type ClassifiedCells, SLOW_CELL } from './ClassifiedCells.js';
import { decodeText } from './cellText.js';
import { Cell } from './infer/constants.js';
import { DATE_SLOT_COUNT } from './infer/index.js';
import { columnStateSlots, NUMBERS_SLOT, readColumnState } from './kernel/columnState.js';
import { configureClassifier } from './kernel/configureClassifier.js';
import { KernelMemory } from './kernel/Kernel.js';
import { KernelFrequencies } from './kernel/KernelFrequencies.js';
import type { KernelRowDeduplicator } from './kernel/KernelRowDeduplicator.js';
import { quantileMultiplier, readQuantileSketch } from './kernel/quantileState.js';
import { ROW_BLOCK_WORDS, RowBlock, type RowCounts, readRowCounts } from './kernel/rowBlock.js';
import { TextClassifier } from './kernel/TextClassifier.js';
import {
  DEFAULT_QUANTILE_ALPHA,
  DEFAULT_QUANTILE_MAX_BINS,
  QuantileSketch,
} from './sketch/QuantileSketch.js';
import { resolveSlowNumber } from './slowNumbers.js';
import type { ColumnState } from './state/ColumnState.js';

/**
 * Cells buffered before a batch is profiled: rows = this / columns, between 1 and
 * {@link MAX_BATCH_ROWS}. Wide files need many rows per column too: a column's HyperLogLog
 * registers (16 KB) are then loaded once per batch and hit many times.
 */
const BATCH_CELLS = 1 << 18;
const MAX_BATCH_ROWS = 2048;
/** Initial size of the regions that receive a batch's cell bytes and unescaped cells. */
const INITIAL_BYTES = 1 << 16;
const EMPTY = Buffer.alloc(0);
/**
 * Kernel memory the columns' frequency states may reserve up front (their largest size, most of
 * it untouched and so not resident, as each exact table grows in place); wider files, or much
 * higher limits, start each state small and move it as its table grows (see KernelFrequencies).
 */
const FREQUENCY_RESERVE_BYTES = 64 << 20;

/**
 * Data rows of one parser call, buffered so that they are profiled column by column: each
 * column's sketches and tables then stay hot in the CPU caches for a run of cells, instead of
 * all columns' state being touched for every row. Every column still sees its cells in file
 * order and every row hash folds its cells in column order, so the result equals row-by-row
 * processing. Cells point into the parser's buffer, which stays valid only during the parser
 * call: the owner must {@link flush} before the call returns. Cells the parser unescaped into
 * its per-record scratch are copied into the batch's own scratch.
 *
 * The cell arrays, the scratch and the per-column results live in the memory of a WebAssembly
 * kernel (src/profile/kernel): at flush the batch's bytes are copied there once, and the kernel
 * classifies and hashes each column's cells in one call; the column then consumes the results.
 */
export class RowBatch {
  readonly #memory: KernelMemory;
  #buf: Uint8Array = EMPTY;
  /** True when `#buf` views the kernel's memory (cell offsets are then memory addresses). */
  #bufInKernel = false;
  /** Range of `#buf` that the buffered cells (those not in the scratch) span. */
  #lo = Number.POSITIVE_INFINITY;
  #hi = 0;
  #width = 0;
  #capacity = 0;
  // Kernel memory offsets of the regions.
  #startsAt = 0;
  #endsAt = 0;
  #inAltAt = 0;
  #rowHashesAt = 0;
  #masksAt = 0;
  #numsAt = 0;
  #mssAt = 0;
  #daysAt = 0;
  #hashesAt = 0;
  #presentAt = 0;
  #linesAt = 0;
  /** Per column: its state block (see kernel/columnState.ts) and quantile sketch. */
  #statesAt: number[] = [];
  #quantilesAt: number[] = [];
  /** Per column: its frequency tables in the kernel. */
  #frequencies: KernelFrequencies[] = [];
  #sampleLines = 0;
  /** The decimal separator is a comma (numbers the kernel leaves to `Number()` need it). */
  #decimalComma = false;
  /** Per column, the null tokens it reads as values (the kernel's mask), or null for none. */
  #valueTokens: readonly number[] | null = null;
  /** Where the batch's bytes of `#buf` are copied at flush, and its size. */
  #inAt = 0;
  #inSize = 0;
  /** The scratch for unescaped cells, and its size. */
  #altAt = 0;
  #altSize = 0;
  #altUsed = 0;
  /** Views of the regions (re-created when the memory grows). */
  #starts = new Int32Array(0);
  #ends = new Int32Array(0);
  /** Per cell: 1 when it is in the scratch, else in `#buf`. */
  #inAlt = new Uint8Array(0);
  #hashes = new Float64Array(0);
  /** The whole memory as f64 (to read a column state's slot). */
  #f64 = new Float64Array(0);
  #cells: ClassifiedCells = {
    masks: new Int32Array(0),
    nums: new Float64Array(0),
    mss: new Float64Array(0),
    days: new Float64Array(0),
    hashes: new Float64Array(0),
  };
  /** A Buffer over the scratch, so the cell code sees one array map. */
  #alt: Uint8Array = EMPTY;
  #viewsOf: ArrayBuffer | null = null;
  /** Per row: fields present (at most the width) and line. */
  #present = new Int32Array(0);
  /**
   * The row block shared with the kernel's `scanRows` (rows buffered, fewest fields present,
   * the region pointers and what it counted), as i32 words.
   */
  #blockAt = 0;
  #block = new Int32Array(0);
  #lines = new Float64Array(0);

  /** Set by the owner while every text byte so far is ASCII: lengths then need no counting. */
  asciiOnly = true;

  /** A batch whose cells and results live in `memory` (shared with the kernel parser). */
  constructor(memory: KernelMemory = new KernelMemory()) {
    this.#memory = memory;
  }

  /** Sets the kernel classifier's options (see kernel/configureClassifier.ts). */
  configure(nullTokens: readonly string[], decimalComma: boolean): void {
    configureClassifier(this.#memory, nullTokens, decimalComma);
    this.#decimalComma = decimalComma;
  }

  /**
   * Per column, the null tokens it reads as values (`valueTokenMask` masks; see
   * sniff/valueTokens.ts); columns beyond the list read none.
   */
  setValueTokens(masks: readonly number[]): void {
    this.#valueTokens = masks.some((m) => m !== 0) ? masks : null;
  }

  /**
   * Sets the number of columns (once, when the header is known), the sample lines kept per
   * list of each column's kernel state and the columns' exact distinct limit.
   */
  setWidth(width: number, sampleLines: number, exactDistinctLimit: number): void {
    this.#width = width;
    let capacity = Math.max(
      1,
      Math.min(MAX_BATCH_ROWS, Math.floor(BATCH_CELLS / Math.max(1, width))),
    );
    // Columns exactly a multiple of 1 KB apart (4-byte cells) fall into the same few cache
    // sets, so a row's cells evict one another: keep the stride off such multiples.
    if (capacity >= 512 && capacity % 256 === 0) capacity -= 8;
    this.#capacity = capacity;
    const cells = capacity * width;
    const memory = this.#memory;
    this.#startsAt = memory.alloc(cells * 4);
    this.#endsAt = memory.alloc(cells * 4);
    this.#inAltAt = memory.alloc(cells);
    this.#rowHashesAt = memory.alloc(capacity * 8);
    this.#masksAt = memory.alloc(capacity * 4);
    this.#numsAt = memory.alloc(capacity * 8);
    this.#mssAt = memory.alloc(capacity * 8);
    this.#daysAt = memory.alloc(capacity * 8 * DATE_SLOT_COUNT);
    this.#hashesAt = memory.alloc(capacity * 8);
    this.#inAt = memory.alloc(INITIAL_BYTES);
    this.#inSize = INITIAL_BYTES;
    this.#altAt = memory.alloc(INITIAL_BYTES);
    this.#altSize = INITIAL_BYTES;
    this.#presentAt = memory.alloc(capacity * 4);
    this.#linesAt = memory.alloc(capacity * 8);
    this.#blockAt = memory.alloc(ROW_BLOCK_WORDS * 4);
    const listsAt = memory.alloc(4 * sampleLines * 8);
    this.#sampleLines = sampleLines;
    const stateBytes = columnStateSlots(sampleLines) * 8;
    this.#statesAt = Array.from({ length: width }, () => {
      const at = memory.alloc(stateBytes);
      memory.kernel.initColumnState(at, sampleLines);
      return at;
    });
    // A column's quantile sketch (32 KB) is made when its first number arrives.
    this.#quantilesAt = new Array<number>(width).fill(0);
    const reserve =
      width * memory.kernel.freqMaxBytes(exactDistinctLimit) <= FREQUENCY_RESERVE_BYTES;
    this.#frequencies = Array.from(
      { length: width },
      () => new KernelFrequencies(memory, exactDistinctLimit, capacity, reserve),
    );
    this.#views();
    const block = this.#block;
    block[RowBlock.WIDTH] = width;
    block[RowBlock.CAPACITY] = capacity;
    block[RowBlock.MIN_PRESENT] = width;
    block[RowBlock.STARTS] = this.#startsAt;
    block[RowBlock.ENDS] = this.#endsAt;
    block[RowBlock.PRESENT] = this.#presentAt;
    block[RowBlock.LINES] = this.#linesAt;
    block[RowBlock.SAMPLE_LINES] = sampleLines;
    block[RowBlock.BLANK_LINES] = listsAt;
    block[RowBlock.MANY_LINES] = listsAt + sampleLines * 8;
    block[RowBlock.FEW_LINES] = listsAt + 2 * sampleLines * 8;
    block[RowBlock.MALFORMED_LINES] = listsAt + 3 * sampleLines * 8;
  }

  /** Rows buffered. */
  get rows(): number {
    return this.#width === 0 ? 0 : this.#rowBlock()[RowBlock.ROWS]!;
  }

  /** Kernel address of the row block `scanRows` fills (see kernel/rowBlock.ts). */
  get blockAt(): number {
    return this.#blockAt;
  }

  /** What `scanRows` counted so far (rows it read straight into batches). */
  rowCounts(): RowCounts {
    this.#views();
    return readRowCounts(this.#block, this.#f64);
  }

  #rowBlock(): Int32Array {
    this.#views();
    return this.#block;
  }

  /** (Re-)creates the views of the kernel regions (the memory's buffer changes when it grows). */
  #views(): void {
    // Growing detaches the old buffer (its length becomes 0); the memory's own buffer getter
    // is too slow to ask once per row.
    if (this.#viewsOf !== null && this.#viewsOf.byteLength !== 0) return;
    const memory = this.#memory.buffer;
    this.#viewsOf = memory;
    const cells = this.#capacity * this.#width;
    const capacity = this.#capacity;
    this.#starts = new Int32Array(memory, this.#startsAt, cells);
    this.#ends = new Int32Array(memory, this.#endsAt, cells);
    this.#inAlt = new Uint8Array(memory, this.#inAltAt, cells);
    this.#hashes = new Float64Array(memory, this.#rowHashesAt, capacity);
    this.#f64 = new Float64Array(memory);
    this.#block = new Int32Array(memory, this.#blockAt, ROW_BLOCK_WORDS);
    this.#present = new Int32Array(memory, this.#presentAt, capacity);
    this.#lines = new Float64Array(memory, this.#linesAt, capacity);
    this.#cells = {
      masks: new Int32Array(memory, this.#masksAt, capacity),
      nums: new Float64Array(memory, this.#numsAt, capacity),
      mss: new Float64Array(memory, this.#mssAt, capacity),
      days: new Float64Array(memory, this.#daysAt, capacity * DATE_SLOT_COUNT),
      hashes: new Float64Array(memory, this.#hashesAt, capacity),
    };
    this.#alt = Buffer.from(memory, this.#altAt, this.#altSize);
  }

  /** Buffers one data row (see {@link RecordSink}); true when the batch is full. */
  add(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    n: number,
    line: number,
    alt: Uint8Array,
    inAlt: Uint8Array,
  ): boolean {
    this.#views(); // the parser may have grown the memory
    const r = this.#block[RowBlock.ROWS]!;
    this.#buf = buf;
    // The kernel parser hands a view of kernel memory as both `buf` and `alt`: its unescaped
    // cells stay in place until the flush, so every cell is read from `buf` directly.
    const inKernel = buf.buffer === this.#viewsOf;
    this.#bufInKernel = inKernel;
    const width = this.#width;
    const capacity = this.#capacity;
    const present = Math.min(n, width);
    let cellStarts = this.#starts;
    let cellEnds = this.#ends;
    let cellInAlt = this.#inAlt;
    if (inKernel) {
      // Every cell is in kernel memory already: only the offsets move.
      for (let c = 0, k = r; c < present; c++, k += capacity) {
        cellStarts[k] = starts[c]!;
        cellEnds[k] = ends[c]!;
      }
      return this.#added(r, present, line);
    }
    let lo = this.#lo;
    let hi = this.#hi;
    for (let c = 0; c < present; c++) {
      const k = c * capacity + r;
      const s = starts[c]!;
      const e = ends[c]!;
      if (inAlt[c] === 0 || inKernel) {
        cellStarts[k] = s;
        cellEnds[k] = e;
        cellInAlt[k] = 0;
        if (s < lo) lo = s;
        if (e > hi) hi = e;
      } else {
        const at = this.#reserve(e - s);
        // Reserving may have grown the memory: take the views again.
        cellStarts = this.#starts;
        cellEnds = this.#ends;
        cellInAlt = this.#inAlt;
        this.#alt.set(alt.subarray(s, e), at);
        cellStarts[k] = at;
        cellEnds[k] = at + e - s;
        cellInAlt[k] = 1;
      }
    }
    this.#lo = lo;
    this.#hi = hi;
    return this.#added(r, present, line);
  }

  /** Records row `r`'s presence and line; true when the batch is full. */
  #added(r: number, present: number, line: number): boolean {
    this.#present[r] = present;
    const block = this.#block;
    if (present < block[RowBlock.MIN_PRESENT]!) block[RowBlock.MIN_PRESENT] = present;
    this.#lines[r] = line;
    block[RowBlock.ROWS] = r + 1;
    return r + 1 === this.#capacity;
  }

  /** Profiles the buffered rows into `columns` and `dedupe`, column by column. */
  flush(columns: readonly ColumnState[], dedupe: KernelRowDeduplicator): void {
    const rows = this.rows;
    if (rows === 0) return;
    this.#views();
    // Rows the kernel scanned in (no `add` call: `#buf` is empty) are in kernel memory too. A
    // view of kernel memory is detached when the memory grew since: take a fresh one.
    if (this.#buf === EMPTY) this.#bufInKernel = true;
    if (this.#bufInKernel) this.#buf = Buffer.from(this.#memory.buffer);
    const bufBase = this.#bufInKernel ? 0 : this.#copyIn();
    // Small functions per loop: each is optimized as a whole (no on-stack replacement of one
    // long function whose later loops have no type feedback yet, which deoptimizes repeatedly).
    this.#hashes.fill(this.#memory.kernel.rowHashSeed(), 0, rows);
    const valueTokens = this.#valueTokens;
    const kernel = this.#memory.kernel;
    for (let c = 0; c < this.#width; c++) {
      if (valueTokens !== null) kernel.setValueTokens(valueTokens[c] ?? 0);
      this.#profileColumn(columns[c]!, c, rows, bufBase);
    }
    if (valueTokens !== null) kernel.setValueTokens(0);
    dedupe.addBatch(this.#rowHashesAt, this.#linesAt, rows); // may grow the memory
    // Views may have changed during the flush.
    const block = this.#rowBlock();
    block[RowBlock.ROWS] = 0;
    block[RowBlock.MIN_PRESENT] = this.#width;
    this.#altUsed = 0;
    this.#buf = EMPTY;
    this.#bufInKernel = false;
    this.#lo = Number.POSITIVE_INFINITY;
    this.#hi = 0;
  }

  /**
   * Copies the range of `#buf` the cells span into the kernel's memory; returns the kernel
   * address that offset 0 of `#buf` maps to (it may lie below the copy, or wrap: the kernel
   * adds cell offsets to it in 32-bit arithmetic).
   */
  #copyIn(): number {
    const lo = this.#lo;
    if (lo === Number.POSITIVE_INFINITY) return 0;
    const size = this.#hi - lo;
    if (size > this.#inSize) {
      this.#inSize = Math.max(size, this.#inSize * 2);
      this.#inAt = this.#memory.alloc(this.#inSize);
      this.#views();
    }
    new Uint8Array(this.#memory.buffer, this.#inAt, size).set(this.#buf.subarray(lo, this.#hi));
    return (this.#inAt - lo) >>> 0;
  }

  /**
   * Profiles column `c` of the buffered rows and folds its cell hashes into the row hashes:
   * the kernel classifies and hashes the run of cells (numbers it leaves to `Number()` get
   * their values here) and accounts them in the column's state, its quantile sketch and its
   * frequencies; the column keeps the exact digits of integers beyond 2^53.
   */
  #profileColumn(column: ColumnState, c: number, rows: number, bufBase: number): void {
    // The previous column's frequencies may have grown the memory.
    this.#freshViews();
    const kernel = this.#memory.kernel;
    const base = c * this.#capacity;
    const attention = kernel.classifyCells(
      this.#startsAt,
      this.#endsAt,
      this.#inAltAt,
      base,
      rows,
      bufBase,
      this.#altAt,
      this.#masksAt,
      this.#numsAt,
      this.#mssAt,
      this.#daysAt,
      this.#hashesAt,
      c < this.#block[RowBlock.MIN_PRESENT]! ? 0 : this.#presentAt,
      c,
    );
    if (attention > 0) this.#resolveSlowNumbers(base, rows);
    kernel.accountCells(
      this.#statesAt[c]!,
      this.#sampleLines,
      this.#masksAt,
      this.#numsAt,
      this.#mssAt,
      this.#daysAt,
      this.#linesAt,
      rows,
      this.#startsAt,
      this.#endsAt,
      this.#inAltAt,
      base,
      bufBase,
      this.#altAt,
      this.asciiOnly,
    );
    let quantilesAt = this.#quantilesAt[c]!;
    if (quantilesAt === 0 && this.#f64[(this.#statesAt[c]! >> 3) + NUMBERS_SLOT]! > 0) {
      quantilesAt = this.#newQuantiles();
      this.#quantilesAt[c] = quantilesAt;
    }
    if (quantilesAt !== 0) kernel.addQuantiles(quantilesAt, this.#masksAt, this.#numsAt, rows);
    this.#frequencies[c]!.addBatch(this.#masksAt, this.#hashesAt, rows, (r) =>
      this.#text(base + r),
    );
    if (attention > 0) {
      this.#freshViews();
      column.addKernelCells(
        this.#buf,
        this.#alt,
        this.#starts,
        this.#ends,
        this.#inAlt,
        base,
        this.#cells,
        rows,
      );
    }
    kernel.foldHashes(this.#hashesAt, this.#rowHashesAt, rows);
  }

  /** Gives the cells the kernel left to `Number()` their values (see slowNumbers.ts). */
  #resolveSlowNumbers(base: number, rows: number): void {
    const kernel = this.#memory.kernel;
    const cells = this.#cells;
    const masks = cells.masks;
    for (let r = 0; r < rows; r++) {
      if ((masks[r]! & SLOW_CELL) === 0) continue;
      const k = base + r;
      const cell = this.#inAlt[k] === 0 ? this.#buf : this.#alt;
      resolveSlowNumber(
        kernel,
        cell,
        this.#starts[k]!,
        this.#ends[k]!,
        this.#decimalComma,
        cells,
        r,
      );
    }
  }

  /** The text of cell `k` (a label for the frequencies). */
  #text(k: number): string {
    this.#freshViews();
    const cell = this.#inAlt[k] === 0 ? this.#buf : this.#alt;
    return decodeText(cell, this.#starts[k]!, this.#ends[k]!);
  }

  /** Views of the regions, and of the cells' buffer when it is the kernel's, after a growth. */
  #freshViews(): void {
    this.#views();
    if (this.#bufInKernel && this.#buf.buffer !== this.#viewsOf) {
      this.#buf = Buffer.from(this.#memory.buffer);
    }
  }

  /** A new quantile sketch in kernel memory (the views are taken again: it may grow). */
  #newQuantiles(): number {
    const memory = this.#memory;
    const at = memory.alloc(memory.kernel.quantileStateBytes(DEFAULT_QUANTILE_MAX_BINS));
    memory.kernel.initQuantiles(
      at,
      quantileMultiplier(DEFAULT_QUANTILE_ALPHA),
      DEFAULT_QUANTILE_MAX_BINS,
    );
    this.#views();
    if (this.#bufInKernel) this.#buf = Buffer.from(memory.buffer);
    return at;
  }

  /** Hands each column what the kernel accounted for it (once, after the last flush). */
  exportStates(columns: readonly ColumnState[]): void {
    const slots = columnStateSlots(this.#sampleLines);
    // The numbers of the exact tables' values, for the summary's exact quantiles.
    const classifier = new TextClassifier(this.#memory);
    const numbersOf = (labels: readonly string[]): Float64Array => {
      const { masks, nums } = classifier.classify(labels, this.#decimalComma);
      return nums.map((x, i) => ((masks[i]! & Cell.FLOAT) !== 0 ? x : Number.NaN));
    };
    columns.forEach((column, c) => {
      const buffer = this.#memory.buffer;
      const state = new Float64Array(buffer, this.#statesAt[c]!, slots);
      const quantilesAt = this.#quantilesAt[c]!;
      const quantiles =
        quantilesAt === 0
          ? new QuantileSketch()
          : readQuantileSketch(
              buffer,
              quantilesAt,
              DEFAULT_QUANTILE_ALPHA,
              DEFAULT_QUANTILE_MAX_BINS,
            );
      column.absorbKernelState(readColumnState(state, this.#sampleLines), quantiles);
      column.frequencies = this.#frequencies[c]!.toFrequencies(numbersOf);
    });
  }

  /** Room for `size` bytes in the batch scratch; returns its offset. */
  #reserve(size: number): number {
    const at = this.#altUsed;
    if (at + size > this.#altSize) {
      // A new, larger region: the old one's bytes move along (the memory may grow meanwhile).
      const grownSize = Math.max((at + size) * 2, this.#altSize * 2);
      const grownAt = this.#memory.alloc(grownSize);
      const bytes = new Uint8Array(this.#memory.buffer);
      bytes.copyWithin(grownAt, this.#altAt, this.#altAt + at);
      this.#altAt = grownAt;
      this.#altSize = grownSize;
      this.#viewsOf = null;
      this.#views();
    }
    this.#altUsed = at + size;
    return at;
  }
}
