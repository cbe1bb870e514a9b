import { type ColumnAccumulator, cellHash, NULL_HASH } from './ColumnAccumulator.js';
import type { RowDeduplicator } from './RowDeduplicator.js';
import { combineHash, ROW_HASH_SEED } from './sketch/hash.js';

/**
 * Cells buffered before a batch is profiled: rows = this / columns, between 1 and
 * {@link MAX_BATCH_ROWS}. Wide files need many rows per column too: a column's HyperLogLog
 * registers (16 KB) are then loaded once per batch and hit many times.
 */
const BATCH_CELLS = 1 << 18;
const MAX_BATCH_ROWS = 2048;
/** A scratch grown past this by huge escaped fields is dropped after its batch. */
const MAX_KEPT_SCRATCH = 1 << 22;
const EMPTY = Buffer.alloc(0);

/**
 * Data rows of one parser call, buffered so that they are profiled column by column: each
 * column's sketches and tables then stay hot in the CPU caches for a run of cells, instead of
 * all columns' state being touched for every row. Every column still sees its cells in file
 * order and every row hash folds its cells in column order, so the result equals row-by-row
 * processing. Cells point into the parser's buffer, which stays valid only during the parser
 * call: the owner must {@link flush} before the call returns. Cells the parser unescaped into
 * its per-record scratch are copied into the batch's own scratch.
 */
export class RowBatch {
  /** Rows buffered. */
  rows = 0;
  #buf: Uint8Array = EMPTY;
  #width = 0;
  #capacity = 0;
  #starts = new Int32Array(0);
  #ends = new Int32Array(0);
  /** Per cell: 1 when it is in `#alt`, else in `#buf`. */
  #inAlt = new Uint8Array(0);
  /** A Buffer like the parser's, so the cell code sees one array map. */
  #alt = Buffer.alloc(1024);
  #altUsed = 0;
  /** Per row: fields present (at most the width) and line. */
  #present = new Int32Array(0);
  /** Fewest fields present in a buffered row (the width when none is short). */
  #minPresent = 0;
  #lines = new Float64Array(0);
  #hashes = new Float64Array(0);
  /** Per row: hash of the cell of the column being profiled. */
  #cellHashes = new Float64Array(0);

  /** Sets the number of columns (once, when the header is known). */
  setWidth(width: number): void {
    this.#width = width;
    this.#minPresent = width;
    this.#capacity = Math.max(
      1,
      Math.min(MAX_BATCH_ROWS, Math.floor(BATCH_CELLS / Math.max(1, width))),
    );
    const cells = this.#capacity * width;
    this.#starts = new Int32Array(cells);
    this.#ends = new Int32Array(cells);
    this.#inAlt = new Uint8Array(cells);
    this.#present = new Int32Array(this.#capacity);
    this.#lines = new Float64Array(this.#capacity);
    this.#hashes = new Float64Array(this.#capacity);
    this.#cellHashes = new Float64Array(this.#capacity);
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
    const r = this.rows;
    this.#buf = buf;
    const width = this.#width;
    const capacity = this.#capacity;
    const present = Math.min(n, width);
    const cellStarts = this.#starts;
    const cellEnds = this.#ends;
    const cellInAlt = this.#inAlt;
    for (let c = 0; c < present; c++) {
      const k = c * capacity + r;
      if (inAlt[c] === 0) {
        cellStarts[k] = starts[c]!;
        cellEnds[k] = ends[c]!;
        cellInAlt[k] = 0;
      } else {
        const s = starts[c]!;
        const e = ends[c]!;
        const at = this.#reserve(e - s);
        this.#alt.set(alt.subarray(s, e), at);
        cellStarts[k] = at;
        cellEnds[k] = at + e - s;
        cellInAlt[k] = 1;
      }
    }
    this.#present[r] = present;
    if (present < this.#minPresent) this.#minPresent = present;
    this.#lines[r] = line;
    this.rows = r + 1;
    return this.rows === this.#capacity;
  }

  /** Profiles the buffered rows into `columns` and `dedupe`, column by column. */
  flush(columns: readonly ColumnAccumulator[], dedupe: RowDeduplicator): void {
    const rows = this.rows;
    if (rows === 0) return;
    // Small functions per loop: each is optimized as a whole (no on-stack replacement of one
    // long function whose later loops have no type feedback yet, which deoptimizes repeatedly).
    this.#hashes.fill(ROW_HASH_SEED, 0, rows);
    for (let c = 0; c < this.#width; c++) this.#profileColumn(columns[c]!, c, rows);
    this.#addRows(dedupe, rows);
    this.rows = 0;
    this.#minPresent = this.#width;
    this.#altUsed = 0;
    this.#buf = EMPTY;
    if (this.#alt.length > MAX_KEPT_SCRATCH) this.#alt = Buffer.alloc(1024);
  }

  /** Profiles column `c` of the buffered rows and folds its cell hashes into the row hashes. */
  #profileColumn(column: ColumnAccumulator, c: number, rows: number): void {
    const buf = this.#buf;
    const alt = this.#alt;
    const cellStarts = this.#starts;
    const cellEnds = this.#ends;
    const cellInAlt = this.#inAlt;
    const present = this.#present;
    const lines = this.#lines;
    const hashes = this.#hashes;
    const base = c * this.#capacity;
    if (c < this.#minPresent) {
      // Every row has this cell (the common case): no per-row presence test.
      const cellHashes = this.#cellHashes;
      column.addCells(buf, alt, cellStarts, cellEnds, cellInAlt, base, lines, cellHashes, rows);
      for (let r = 0; r < rows; r++) hashes[r] = combineHash(hashes[r]!, cellHashes[r]!);
      return;
    }
    for (let r = 0, k = base; r < rows; r++, k++) {
      if (c < present[r]!) {
        column.add(cellInAlt[k] === 0 ? buf : alt, cellStarts[k]!, cellEnds[k]!, lines[r]!);
        hashes[r] = combineHash(hashes[r]!, cellHash[0]!);
      } else {
        column.addAbsent(lines[r]!);
        hashes[r] = combineHash(hashes[r]!, NULL_HASH);
      }
    }
  }

  #addRows(dedupe: RowDeduplicator, rows: number): void {
    const hashes = this.#hashes;
    const lines = this.#lines;
    for (let r = 0; r < rows; r++) dedupe.add(hashes[r]!, lines[r]!);
  }

  /** Room for `size` bytes in the batch scratch; returns its offset. */
  #reserve(size: number): number {
    const at = this.#altUsed;
    if (at + size > this.#alt.length) {
      const grown = Buffer.alloc(Math.max((at + size) * 2, this.#alt.length * 2));
      grown.set(this.#alt.subarray(0, at));
      this.#alt = grown;
    }
    this.#altUsed = at + size;
    return at;
  }
}
