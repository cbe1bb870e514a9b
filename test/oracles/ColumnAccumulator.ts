// The TypeScript engine's per-column accounting: cells added one by one (or a batch at a time),
// classified and hashed in TypeScript. The reference the kernel's column accounting
// (kernel/assembly/column.ts, quantiles.ts, frequencies.ts) is tested against: its `toJSON()`
// must equal the column state the profiler returns for the same cells.
import type { ClassifiedCells } from '../../src/profile/ClassifiedCells.js';
import { SLOW_CELL } from '../../src/profile/ClassifiedCells.js';
import { decodeText } from '../../src/profile/cellText.js';
import {
  CANDIDATE_COUNT,
  Cell,
  DATE_MASK,
  DATE_SLOT_COUNT,
  TYPE_MASK,
} from '../../src/profile/infer/constants.js';
import { createTypeFit, type TypeFit } from '../../src/profile/infer/typeFit.js';
import { type ColumnStateJson, finiteOrNull } from '../../src/profile/state/types.js';
import { ReferenceColumnFrequencies } from './ColumnFrequencies.js';
import { candidateMisses, classifyInto, countCells, createClassifiedCells } from './cells.js';
import type { CellClassifier } from './classify.js';
import { hashOut } from './hash.js';
import { ReferenceMoments, ReferenceQuantileSketch } from './sketches.js';

/** The `Cell` bits that type evidence ({@link countCells}) depends on. */
const MS_PER_DAY = 86_400_000;
const FIT_BITS = TYPE_MASK | Cell.LEADING_ZERO | Cell.TIME | Cell.SHORT_YEAR;

/**
 * Hash of the cell last given to {@link ReferenceColumnAccumulator.add} (for the row hash). A
 * typed array slot instead of a return value: a 53-bit double returned from a call is boxed.
 */
export const cellHash = new Float64Array(1);

// One-cell arguments of {@link ReferenceColumnAccumulator.add}.
const oneStart = new Int32Array(1);
const oneEnd = new Int32Array(1);
const oneInAlt = new Uint8Array(1);
const oneLine = new Float64Array(1);
const oneCell = createClassifiedCells(1);

/** Per-column state of the single pass: type evidence, sketches and counters. */
export class ReferenceColumnAccumulator {
  readonly name: string;
  missing = 0;
  readonly missingLines: number[] = [];
  whitespace = 0;
  readonly whitespaceLines: number[] = [];
  readonly leadingZeroLines: number[] = [];
  readonly #fit: TypeFit = createTypeFit();
  /**
   * Type evidence is counted per run of equal masks (columns are mostly uniform): the run's
   * mask (its {@link FIT_BITS}) and length, folded into `#fit` when the mask changes or the
   * fit is read.
   */
  #runMask = 0;
  #runLength = 0;
  /** Sample lines of values that miss each candidate type (see infer `Candidate`). */
  readonly invalidLines: number[][] = Array.from({ length: CANDIDATE_COUNT }, () => []);
  /** Bit c set once invalidLines[c] is full. */
  #fullLists = 0;
  /** Distinct count and top values. */
  frequencies: ReferenceColumnFrequencies;
  moments = new ReferenceMoments();
  quantiles = new ReferenceQuantileSketch();
  zeros = 0;
  negatives = 0;
  minBig: bigint | null = null;
  maxBig: bigint | null = null;
  trueCount = 0;
  falseCount = 0;
  readonly dayMin = new Float64Array(DATE_SLOT_COUNT).fill(Number.POSITIVE_INFINITY);
  readonly dayMax = new Float64Array(DATE_SLOT_COUNT).fill(Number.NEGATIVE_INFINITY);
  readonly msMin = new Float64Array(DATE_SLOT_COUNT).fill(Number.POSITIVE_INFINITY);
  readonly msMax = new Float64Array(DATE_SLOT_COUNT).fill(Number.NEGATIVE_INFINITY);
  lengthMin = Number.POSITIVE_INFINITY;
  lengthMax = Number.NEGATIVE_INFINITY;
  lengthSum = 0;
  /** Set by the caller while every byte it passes is ASCII: lengths then need no counting. */
  asciiOnly = false;

  readonly #classify: CellClassifier;
  readonly #sampleLines: number;

  constructor(
    name: string,
    classify: CellClassifier,
    options: { exactDistinctLimit: number; sampleLines: number },
  ) {
    this.name = name;
    this.#classify = classify;
    this.#sampleLines = options.sampleLines;
    this.frequencies = new ReferenceColumnFrequencies(options.exactDistinctLimit);
  }

  /** Type evidence over the non-null cells so far. */
  get fit(): TypeFit {
    this.#foldRun();
    return this.#fit;
  }

  #foldRun(): void {
    if (this.#runLength === 0) return;
    countCells(this.#fit, this.#runMask, this.#runLength);
    this.#runLength = 0;
  }

  /** Profiles one cell; its hash (for the row hash) goes to {@link cellHash}. */
  add(buf: Uint8Array, start: number, end: number, line: number): void {
    classifyInto(this.#classify, buf, start, end, oneCell, 0);
    oneStart[0] = start;
    oneEnd[0] = end;
    oneLine[0] = line;
    this.addClassified(buf, buf, oneStart, oneEnd, oneInAlt, 0, oneLine, oneCell, 1);
    cellHash[0] = oneCell.hashes[0]!;
  }

  /**
   * Profiles `rows` cells in order: cell r spans `starts[from + r]..ends[from + r]` of `buf`,
   * or of `alt` when `inAlt[from + r] !== 0`, and is on line `lines[r]`; its hash (for the row
   * hash) goes to `hashes[r]`. Classifies in JavaScript; see {@link addClassified}.
   */
  addCells(
    buf: Uint8Array,
    alt: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    inAlt: Uint8Array,
    from: number,
    lines: Float64Array,
    hashes: Float64Array,
    rows: number,
  ): void {
    const cells = createClassifiedCells(rows);
    for (let r = 0; r < rows; r++) {
      const k = from + r;
      classifyInto(this.#classify, inAlt[k] === 0 ? buf : alt, starts[k]!, ends[k]!, cells, r);
    }
    this.addClassified(buf, alt, starts, ends, inAlt, from, lines, cells, rows);
    hashes.set(cells.hashes.subarray(0, rows));
  }

  /**
   * Profiles `rows` classified cells in order (cells as in {@link addCells}; their masks, values
   * and hashes in `cells`, from the kernel or {@link classifyInto}). A cell the kernel left to
   * JavaScript ({@link SLOW_CELL}) is classified again here, and its entries in `cells` with it.
   */
  addClassified(
    buf: Uint8Array,
    alt: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    inAlt: Uint8Array,
    from: number,
    lines: Float64Array,
    cells: ClassifiedCells,
    rows: number,
  ): void {
    const frequencies = this.frequencies;
    const masks = cells.masks;
    const hashes = cells.hashes;
    for (let r = 0; r < rows; r++) {
      const k = from + r;
      const cell = inAlt[k] === 0 ? buf : alt;
      const start = starts[k]!;
      const end = ends[k]!;
      let mask = masks[r]!;
      if ((mask & SLOW_CELL) !== 0) mask = classifyInto(this.#classify, cell, start, end, cells, r);
      if ((mask & Cell.NULL) !== 0) {
        this.missing++;
        if (this.missingLines.length < this.#sampleLines) this.missingLines.push(lines[r]!);
        continue;
      }
      hashOut[0] = hashes[r]!;
      if (frequencies.addOut()) {
        const value = (mask & Cell.FLOAT) !== 0 ? cells.nums[r]! : Number.NaN;
        frequencies.setLabel(hashes[r]!, decodeText(cell, start, end), value);
      }
      const fitMask = mask & FIT_BITS;
      if (fitMask === this.#runMask) {
        this.#runLength++;
      } else {
        this.#foldRun();
        this.#runMask = fitMask;
        this.#runLength = 1;
      }

      if ((mask & Cell.WHITESPACE) !== 0) {
        this.whitespace++;
        if (this.whitespaceLines.length < this.#sampleLines) this.whitespaceLines.push(lines[r]!);
      }

      // Length in characters: typed values are ASCII, so only strings need counting.
      let length = end - start;
      if ((mask & TYPE_MASK) === 0 && !this.asciiOnly) {
        for (let i = start; i < end; i++) if ((cell[i]! & 0xc0) === 0x80) length--;
      }
      if (length < this.lengthMin) this.lengthMin = length;
      if (length > this.lengthMax) this.lengthMax = length;
      this.lengthSum += length;

      const misses = candidateMisses(mask) & ~this.#fullLists;
      if (misses !== 0) this.#noteMisses(misses, lines[r]!);

      if ((mask & Cell.FLOAT) !== 0) {
        this.#addNumber(mask, cells.nums[r]!, cell, start, end, lines[r]!);
      } else if ((mask & Cell.TRUE) !== 0) {
        this.trueCount++;
      } else if ((mask & Cell.FALSE) !== 0) {
        this.falseCount++;
      }
      if ((mask & (DATE_MASK | Cell.DATETIME)) !== 0) this.#addDate(mask, cells, r);
    }
  }

  /** The date part of {@link addClassified}. */
  #addDate(mask: number, cells: ClassifiedCells, r: number): void {
    // Per date form of the cell: the day's range (a date), the milliseconds' (every one).
    const days = cells.days;
    const at = r * DATE_SLOT_COUNT;
    const timed = (mask & Cell.TIME) !== 0;
    const time = cells.mss[r]!;
    for (let slot = 0; slot < DATE_SLOT_COUNT; slot++) {
      if ((mask & (Cell.DATE_ISO << slot)) === 0) continue;
      const d = days[at + slot]!;
      if (!timed) {
        if (d < this.dayMin[slot]!) this.dayMin[slot] = d;
        if (d > this.dayMax[slot]!) this.dayMax[slot] = d;
      }
      const ms = d * MS_PER_DAY + time;
      if (ms < this.msMin[slot]!) this.msMin[slot] = ms;
      if (ms > this.msMax[slot]!) this.msMax[slot] = ms;
    }
  }

  /** The numeric part of {@link addClassified}: kept apart so it inlines. */
  #addNumber(
    mask: number,
    x: number,
    buf: Uint8Array,
    start: number,
    end: number,
    line: number,
  ): void {
    this.moments.add(x);
    this.quantiles.add(x);
    if (x === 0) this.zeros++;
    else if (x < 0) this.negatives++;
    if ((mask & Cell.BIG_INT) !== 0) this.#noteBig(buf, start, end);
    if ((mask & Cell.LEADING_ZERO) !== 0 && this.leadingZeroLines.length < this.#sampleLines) {
      this.leadingZeroLines.push(line);
    }
  }

  #noteMisses(misses: number, line: number): void {
    const limit = this.#sampleLines;
    for (let m = misses; m !== 0; m &= m - 1) {
      const c = 31 - Math.clz32(m & -m);
      const list = this.invalidLines[c]!;
      list.push(line);
      if (list.length >= limit) this.#fullLists |= 1 << c;
    }
  }

  #noteBig(buf: Uint8Array, start: number, end: number): void {
    let text = decodeText(buf, start, end).replace(/^[ \t]+|[ \t]+$/g, '');
    if (text.startsWith('+')) text = text.slice(1);
    const value = BigInt(text);
    if (this.minBig === null || value < this.minBig) this.minBig = value;
    if (this.maxBig === null || value > this.maxBig) this.maxBig = value;
  }

  toJSON(): ColumnStateJson {
    return {
      name: this.name,
      missing: this.missing,
      missingLines: this.missingLines,
      whitespace: this.whitespace,
      whitespaceLines: this.whitespaceLines,
      leadingZeroLines: this.leadingZeroLines,
      fit: this.fit,
      invalidLines: this.invalidLines,
      frequencies: this.frequencies.toJSON(),
      moments: this.moments.toJSON(),
      quantiles: this.quantiles.toJSON(),
      zeros: this.zeros,
      negatives: this.negatives,
      minBig: this.minBig === null ? null : this.minBig.toString(),
      maxBig: this.maxBig === null ? null : this.maxBig.toString(),
      trueCount: this.trueCount,
      falseCount: this.falseCount,
      dayMin: Array.from(this.dayMin, finiteOrNull),
      dayMax: Array.from(this.dayMax, finiteOrNull),
      msMin: Array.from(this.msMin, finiteOrNull),
      msMax: Array.from(this.msMax, finiteOrNull),
      lengthMin: finiteOrNull(this.lengthMin),
      lengthMax: finiteOrNull(this.lengthMax),
      lengthSum: this.lengthSum,
    };
  }
}
