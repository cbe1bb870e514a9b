import { bigIntegerOf } from '../bigIntegers.js';
import type { ClassifiedCells } from '../ClassifiedCells.js';
import { CANDIDATE_COUNT, Cell, DATE_SLOT_COUNT } from '../infer/constants.js';
import { createTypeFit, mergeTypeFit, type TypeFit } from '../infer/typeFit.js';
import { ColumnFrequencies } from '../sketch/ColumnFrequencies.js';
import { Moments } from '../sketch/Moments.js';
import { QuantileSketch } from '../sketch/QuantileSketch.js';
import { type ColumnStateJson, finiteOrNull, type KernelColumnState } from './types.js';

/** Options a column's state is kept with. */
export interface ColumnStateOptions {
  exactDistinctLimit: number;
  sampleLines: number;
}

/**
 * One column's state: type evidence, counters, sample lines, ranges and sketches, as the kernel
 * left them after a file's pass (`absorbKernelState`, plus the exact extremes of integers beyond
 * 2^53 that JavaScript keeps, `addKernelCells`), as a JSON state read back, or merged from two.
 * The summary reads it. Cells are never added here: the kernel accounts them.
 */
export class ColumnState {
  readonly name: string;
  missing = 0;
  readonly missingLines: number[] = [];
  whitespace = 0;
  readonly whitespaceLines: number[] = [];
  readonly leadingZeroLines: number[] = [];
  /** Type evidence over the non-null cells. */
  readonly fit: TypeFit = createTypeFit();
  /** Sample lines of values that miss each candidate type (see infer `Candidate`). */
  readonly invalidLines: number[][] = Array.from({ length: CANDIDATE_COUNT }, () => []);
  /** Distinct count and top values. */
  frequencies: ColumnFrequencies;
  moments = new Moments();
  quantiles = new QuantileSketch();
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

  readonly #sampleLines: number;

  constructor(name: string, options: ColumnStateOptions) {
    this.name = name;
    this.#sampleLines = options.sampleLines;
    this.frequencies = new ColumnFrequencies(options.exactDistinctLimit);
  }

  /**
   * Keeps the exact extremes of the BIG_INT cells among `rows` classified cells (cell r spans
   * `starts[from + r]..ends[from + r]` of `buf`, or of `alt` when `inAlt[from + r] !== 0`): the
   * part of a column the kernel cannot hold in doubles.
   */
  addKernelCells(
    buf: Uint8Array,
    alt: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    inAlt: Uint8Array,
    from: number,
    cells: ClassifiedCells,
    rows: number,
  ): void {
    const masks = cells.masks;
    for (let r = 0; r < rows; r++) {
      if ((masks[r]! & (Cell.NULL | Cell.BIG_INT)) !== Cell.BIG_INT) continue;
      const k = from + r;
      const value = bigIntegerOf(inAlt[k] === 0 ? buf : alt, starts[k]!, ends[k]!);
      if (this.minBig === null || value < this.minBig) this.minBig = value;
      if (this.maxBig === null || value > this.maxBig) this.maxBig = value;
    }
  }

  /** Takes what the kernel accounted for this column over the whole file, and its sketch. */
  absorbKernelState(state: KernelColumnState, quantiles: QuantileSketch): void {
    this.quantiles = quantiles;
    this.#assign(state);
  }

  /** Takes the counters, sample lines, type evidence, moments and ranges of a JSON state. */
  #assign(json: KernelColumnState): void {
    this.missing = json.missing;
    this.missingLines.push(...json.missingLines);
    this.whitespace = json.whitespace;
    this.whitespaceLines.push(...json.whitespaceLines);
    this.leadingZeroLines.push(...json.leadingZeroLines);
    Object.assign(this.fit, json.fit);
    json.invalidLines.forEach((lines, c) => {
      this.invalidLines[c]!.push(...lines);
    });
    this.moments = Moments.fromJSON(json.moments);
    this.zeros = json.zeros;
    this.negatives = json.negatives;
    this.trueCount = json.trueCount;
    this.falseCount = json.falseCount;
    json.dayMin.forEach((d, s) => {
      this.dayMin[s] = d ?? Number.POSITIVE_INFINITY;
    });
    json.dayMax.forEach((d, s) => {
      this.dayMax[s] = d ?? Number.NEGATIVE_INFINITY;
    });
    json.msMin.forEach((x, s) => {
      this.msMin[s] = x ?? Number.POSITIVE_INFINITY;
    });
    json.msMax.forEach((x, s) => {
      this.msMax[s] = x ?? Number.NEGATIVE_INFINITY;
    });
    this.lengthMin = json.lengthMin ?? Number.POSITIVE_INFINITY;
    this.lengthMax = json.lengthMax ?? Number.NEGATIVE_INFINITY;
    this.lengthSum = json.lengthSum;
  }

  /** Folds in the state of the same column over later rows. */
  merge(other: ColumnState): void {
    const limit = this.#sampleLines;
    this.missing += other.missing;
    mergeLines(this.missingLines, other.missingLines, limit);
    this.whitespace += other.whitespace;
    mergeLines(this.whitespaceLines, other.whitespaceLines, limit);
    mergeLines(this.leadingZeroLines, other.leadingZeroLines, limit);
    mergeTypeFit(this.fit, other.fit);
    for (let c = 0; c < CANDIDATE_COUNT; c++) {
      mergeLines(this.invalidLines[c]!, other.invalidLines[c]!, limit);
    }
    this.frequencies.merge(other.frequencies);
    this.moments.merge(other.moments);
    this.quantiles.merge(other.quantiles);
    this.zeros += other.zeros;
    this.negatives += other.negatives;
    if (other.minBig !== null && (this.minBig === null || other.minBig < this.minBig))
      this.minBig = other.minBig;
    if (other.maxBig !== null && (this.maxBig === null || other.maxBig > this.maxBig))
      this.maxBig = other.maxBig;
    this.trueCount += other.trueCount;
    this.falseCount += other.falseCount;
    for (let s = 0; s < DATE_SLOT_COUNT; s++) {
      this.dayMin[s] = Math.min(this.dayMin[s]!, other.dayMin[s]!);
      this.dayMax[s] = Math.max(this.dayMax[s]!, other.dayMax[s]!);
    }
    for (let s = 0; s < DATE_SLOT_COUNT; s++) {
      this.msMin[s] = Math.min(this.msMin[s]!, other.msMin[s]!);
      this.msMax[s] = Math.max(this.msMax[s]!, other.msMax[s]!);
    }
    this.lengthMin = Math.min(this.lengthMin, other.lengthMin);
    this.lengthMax = Math.max(this.lengthMax, other.lengthMax);
    this.lengthSum += other.lengthSum;
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

  /** Rebuilds a column from {@link toJSON} output. */
  static fromJSON(json: ColumnStateJson, options: ColumnStateOptions): ColumnState {
    const col = new ColumnState(json.name, options);
    col.#assign(json);
    col.frequencies = ColumnFrequencies.fromJSON(json.frequencies, json.fit.nonNull);
    col.quantiles = QuantileSketch.fromJSON(json.quantiles);
    col.minBig = json.minBig === null ? null : BigInt(json.minBig);
    col.maxBig = json.maxBig === null ? null : BigInt(json.maxBig);
    return col;
  }
}

/** Keeps the first `limit` line numbers of both lists (`into` holds the earlier lines). */
function mergeLines(into: number[], from: readonly number[], limit: number): void {
  for (const line of from) {
    if (into.length >= limit) return;
    into.push(line);
  }
}
