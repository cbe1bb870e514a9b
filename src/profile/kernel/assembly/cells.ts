// Column batches: classifies and hashes a run of one column's cells in one call (see
// src/profile/RowBatch.ts, whose cell arrays live in kernel memory).

import {
  BIG_INT,
  cellDays,
  cellMs,
  cellNum,
  classify,
  classifyLike,
  DATETIME,
  FLOAT,
  LEADING_ZERO,
  NULL,
  SLOW,
  WHITESPACE,
} from './classify';
import { combineHash, hashBytes, hashNumber } from './hash';

/** Hash of a missing value in row hashes (`NULL_HASH` in src/profile/ClassifiedCells.ts). */
const NULL_HASH: f64 = 0x5bd1e995;
const DATE_BITS: i32 = 0x1f << 7;

/**
 * Classifies and hashes cells `from .. from + rows` of the cell arrays: cell k spans
 * `starts[k] .. ends[k]`, offsets into the block at `bufBase`, or at `altBase` when
 * `inAlt[k] != 0`. Writes per row r: `masks[r]` (i32 `Cell` mask), `nums[r]` (the number of a
 * FLOAT cell), `mss[r]` (epoch ms of a DATETIME cell), `days[r * 5 + slot]` (epoch days of each
 * date slot in the mask) and `hashes[r]` (the cell's hash for frequencies and row hashes).
 * With `present` != 0, row r has only `present[r]` (i32) cells: when `column` is not among
 * them the cell is missing. Returns the number of cells left to JavaScript: marked `SLOW` (whose
 * value needs `Number()`, src/profile/slowNumbers.ts) or `BIG_INT` (whose exact digits it keeps,
 * src/profile/bigIntegers.ts).
 */
export function classifyCells(
  starts: usize,
  ends: usize,
  inAlt: usize,
  from: i32,
  rows: i32,
  bufBase: usize,
  altBase: usize,
  masks: usize,
  nums: usize,
  mss: usize,
  days: usize,
  hashes: usize,
  present: usize,
  column: i32,
): i32 {
  let attention = 0;
  // The previous cell's mask: columns are mostly uniform, so a cell is first tried as one like it.
  let like = 0;
  for (let r = 0; r < rows; r++) {
    const at = <usize>r;
    if (present != 0 && column >= load<i32>(present + (at << 2))) {
      // A short row lacks this cell: missing.
      store<i32>(masks + (at << 2), NULL);
      store<f64>(hashes + (at << 3), NULL_HASH);
      continue;
    }
    const k = <usize>(from + r);
    const base = load<u8>(inAlt + k) == 0 ? bufBase : altBase;
    const p = base + <usize>load<i32>(starts + (k << 2));
    const q = base + <usize>load<i32>(ends + (k << 2));
    let mask = like == 0 ? 0 : classifyLike(p, q, like);
    if (mask == 0) {
      mask = classify(p, q);
      like = (mask & (NULL | SLOW | WHITESPACE)) == 0 ? mask : 0;
    }
    if ((mask & (SLOW | BIG_INT)) != 0) attention++;
    store<i32>(masks + (at << 2), mask);
    let hash: f64;
    if ((mask & NULL) != 0) {
      hash = NULL_HASH;
    } else {
      if ((mask & FLOAT) != 0) store<f64>(nums + (at << 3), cellNum);
      // A SLOW cell is hashed by its bytes until JavaScript has its value (slowNumbers.ts).
      if ((mask & (FLOAT | LEADING_ZERO | BIG_INT | SLOW)) == FLOAT) {
        hash = hashNumber(cellNum);
      } else {
        hash = hashBytes(p, <i32>(q - p));
      }
      if ((mask & DATETIME) != 0) store<f64>(mss + (at << 3), cellMs);
      if ((mask & DATE_BITS) != 0) {
        // Only the slots of the formats that matched (usually one); a bulk copy is a call.
        const to = days + at * 40;
        for (let bits = (mask & DATE_BITS) >>> 7; bits != 0; bits &= bits - 1) {
          const slot = <usize>ctz<i32>(bits) << 3;
          store<f64>(to + slot, load<f64>(cellDays + slot));
        }
      }
    }
    store<f64>(hashes + (at << 3), hash);
  }
  return attention;
}

/** Folds `hashes[r]` into `rowHashes[r]` for `rows` rows (see hash.ts `combineHash`). */
export function foldHashes(hashes: usize, rowHashes: usize, rows: i32): void {
  for (let r = 0; r < rows; r++) {
    const at = <usize>r << 3;
    store<f64>(rowHashes + at, combineHash(load<f64>(rowHashes + at), load<f64>(hashes + at)));
  }
}
