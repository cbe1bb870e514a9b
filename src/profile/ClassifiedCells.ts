import {
  Cell,
  type CellClassifier,
  cellScratch,
  DATE_MASK,
  DATE_SLOT_COUNT,
} from './infer/index.js';
import { hashBytesOut, hashNumberOut, hashOut } from './sketch/hash.js';

/**
 * Mask bit the kernel sets on a cell whose value needs JavaScript's `Number()` (it leaves the
 * cell's value unset): the consumer classifies that cell again with {@link classifyInto}.
 */
export const SLOW_CELL = 1 << 14;

/** Hash of a missing value in row hashes. */
export const NULL_HASH = 0x5bd1e995;

/**
 * One column's classified cells, by row: the `Cell` mask, the number of a FLOAT cell, the epoch
 * ms of a DATETIME cell, the epoch days of each date slot in the mask (`days[r * 5 + slot]`) and
 * the cell's hash (numbers by value; text by its bytes; {@link NULL_HASH} for missing).
 */
export interface ClassifiedCells {
  masks: Int32Array;
  nums: Float64Array;
  mss: Float64Array;
  days: Float64Array;
  hashes: Float64Array;
}

/** Arrays for `rows` classified cells. */
export function createClassifiedCells(rows: number): ClassifiedCells {
  return {
    masks: new Int32Array(rows),
    nums: new Float64Array(rows),
    mss: new Float64Array(rows),
    days: new Float64Array(rows * DATE_SLOT_COUNT),
    hashes: new Float64Array(rows),
  };
}

/**
 * Classifies and hashes `buf[start..end)` in JavaScript into row `r` of `cells` (what the kernel
 * does for a whole column batch); returns the mask.
 */
export function classifyInto(
  classify: CellClassifier,
  buf: Uint8Array,
  start: number,
  end: number,
  cells: ClassifiedCells,
  r: number,
): number {
  const mask = classify(buf, start, end);
  cells.masks[r] = mask;
  if ((mask & Cell.NULL) !== 0) {
    cells.hashes[r] = NULL_HASH;
    return mask;
  }
  // Numbers are hashed by value (cheap, and `1.50` equals `1.5`); codes with leading zeros
  // and integers beyond 2^53 keep their text.
  if ((mask & Cell.FLOAT) !== 0) cells.nums[r] = cellScratch.num;
  if ((mask & (Cell.FLOAT | Cell.LEADING_ZERO | Cell.BIG_INT)) === Cell.FLOAT) {
    hashNumberOut(cellScratch.num);
  } else {
    hashBytesOut(buf, start, end);
  }
  cells.hashes[r] = hashOut[0]!;
  if ((mask & Cell.DATETIME) !== 0) cells.mss[r] = cellScratch.ms;
  if ((mask & DATE_MASK) !== 0) cells.days.set(cellScratch.days, r * DATE_SLOT_COUNT);
  return mask;
}
