import { Cell } from './kernel/layout.generated.js';

/**
 * Mask bit the kernel sets on a cell whose value needs JavaScript's `Number()` (it leaves the
 * cell's value unset): slowNumbers.ts gives it.
 */
export const SLOW_CELL = Cell.SLOW;

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
