// The TypeScript engine's per-cell steps around the classifier: classifying and hashing a
// cell into column arrays (what the kernel's classifyCells does for a batch), counting type
// evidence and the invalid sample lists. The reference the kernel is tested against.
import type { ClassifiedCells } from '../../src/profile/ClassifiedCells.js';
import { NULL_HASH } from '../../src/profile/ClassifiedCells.js';
import { candidateOf } from '../../src/profile/infer/chooseType.js';
import {
  BOOL_MASK,
  CANDIDATE_COUNT,
  CANDIDATE_MASK,
  Candidate,
  Cell,
  DATE_MASK,
  DATE_SLOT_COUNT,
  fitsCandidate,
  TYPE_MASK,
} from '../../src/profile/infer/constants.js';
import type { TypeFit } from '../../src/profile/infer/typeFit.js';
import type { ColumnType } from '../../src/profile/types.js';
import { type CellClassifier, cellScratch } from './classify.js';
import { hashBytesOut, hashNumberOut, hashOut } from './hash.js';

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

/** Adds one non-null cell's `Cell` bitmask to `fit` (do not pass NULL cells). */
export function countCell(fit: TypeFit, mask: number): void {
  countCells(fit, mask, 1);
}

/** Adds `n` non-null cells of one `Cell` bitmask to `fit` (as `n` calls of {@link countCell}). */
export function countCells(fit: TypeFit, mask: number, n: number): void {
  fit.nonNull += n;
  if ((mask & TYPE_MASK) === 0) return;
  if ((mask & BOOL_MASK) !== 0) fit.bool += n;
  if ((mask & Cell.FLOAT) !== 0) {
    fit.float += n;
    if ((mask & Cell.INT) !== 0) fit.int += n;
    if ((mask & Cell.LEADING_ZERO) !== 0) fit.leadingZero += n;
  }
  if ((mask & DATE_MASK) !== 0) {
    // Dates as dates; dates with a time as datetimes of their date's form.
    const ambiguous = (mask & (Cell.DATE_US | Cell.DATE_EU)) === (Cell.DATE_US | Cell.DATE_EU);
    if ((mask & Cell.TIME) === 0) {
      if ((mask & Cell.DATE_ISO) !== 0) fit.dateIso += n;
      if ((mask & Cell.DATE_US) !== 0) fit.dateUs += n;
      if ((mask & Cell.DATE_EU) !== 0) fit.dateEu += n;
      if (ambiguous) fit.dateAmbiguous += n;
      if ((mask & Cell.DATE_YMD_SLASH) !== 0) fit.dateYmdSlash += n;
      if ((mask & Cell.DATE_DOT) !== 0) fit.dateDot += n;
    } else {
      if ((mask & Cell.DATE_ISO) !== 0) fit.timeIso += n;
      if ((mask & Cell.DATE_US) !== 0) fit.timeUs += n;
      if ((mask & Cell.DATE_EU) !== 0) fit.timeEu += n;
      if (ambiguous) fit.timeAmbiguous += n;
      if ((mask & Cell.DATE_YMD_SLASH) !== 0) fit.timeYmdSlash += n;
      if ((mask & Cell.DATE_DOT) !== 0) fit.timeDot += n;
    }
    if ((mask & Cell.SHORT_YEAR) !== 0) fit.shortYear += n;
  }
  if ((mask & Cell.DATETIME) !== 0) fit.datetime += n;
}

/** Bit c set when the cell does not fit candidate c, for every cell bitmask of the type bits. */
const MISSES = new Uint8Array(TYPE_MASK + 1);
for (let mask = 0; mask <= TYPE_MASK; mask++) {
  let misses = 0;
  for (let c = 0; c < CANDIDATE_COUNT; c++) {
    if ((mask & CANDIDATE_MASK[c]!) === 0) misses |= 1 << c;
  }
  MISSES[mask] = misses;
}

/**
 * Bitset of the candidates a non-null cell does NOT fit (bit `1 << Candidate.x`). Keep one
 * invalid-sample list per candidate during the pass, push the line to each list whose bit is
 * set (while it has room), then take the list of `candidateOf(chooseType(fit).type)`.
 * Example: `for (let m = candidateMisses(mask); m !== 0; m &= m - 1) lists[31 - Math.clz32(m & -m)]`.
 */
export function candidateMisses(mask: number): number {
  // A datetime (a date with a time) is no date.
  return MISSES[mask & TYPE_MASK]! | ((mask & Cell.TIME) !== 0 ? 1 << Candidate.date : 0);
}

/**
 * True when a non-null cell's bitmask fits `type` (a date fits in any date format: one in
 * another format than the chosen one is a mixed format, not an invalid value).
 */
export function fitsType(type: ColumnType, mask: number): boolean {
  const candidate = candidateOf(type);
  return candidate === -1 || fitsCandidate(mask, candidate);
}
