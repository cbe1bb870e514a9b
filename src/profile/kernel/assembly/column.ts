// Per-column accounting of classified cells: the counters, type evidence, sample lines, length
// and date ranges and moments of a column while a file is profiled (read back into
// src/profile/state/ColumnState.ts; the TypeScript reference is test/oracles/ColumnAccumulator.ts).
// State is a block of f64 slots at a pointer the caller owns; the layout is read by
// src/profile/kernel/columnState.ts.

import {
  DATE_DOT,
  DATE_EU,
  DATE_ISO,
  DATE_US,
  DATE_YMD_SLASH,
  DATETIME,
  FALSE,
  FLOAT,
  INT,
  LEADING_ZERO,
  NULL,
  SHORT_YEAR,
  TIME,
  TRUE,
  WHITESPACE,
} from './classify';

const BOOL_MASK: i32 = TRUE | FALSE;
const DATE_MASK: i32 = DATE_ISO | DATE_US | DATE_EU | DATE_YMD_SLASH | DATE_DOT;
const TYPE_MASK: i32 = BOOL_MASK | INT | FLOAT | DATE_MASK | DATETIME;
/** The mask bits type evidence depends on. */
const FIT_BITS: i32 = TYPE_MASK | LEADING_ZERO | TIME | SHORT_YEAR;

// Slots of the state block (f64 each): see layout/columnState.ts.
import {
  DAY_MAX,
  DAY_MIN,
  FALSE_COUNT,
  FIT,
  LENGTH_MAX,
  LENGTH_MIN,
  LENGTH_SUM,
  LIST_COUNT,
  LIST_INVALID,
  LIST_LEADING_ZERO,
  LIST_LENGTHS,
  LIST_MISSING,
  LIST_WHITESPACE,
  LISTS,
  MISSING,
  MOMENTS,
  MS_MAX,
  MS_MIN,
  NEGATIVES,
  TRUE_COUNT,
  WHITESPACE_COUNT,
  ZEROS,
} from './layout/columnState';

const MS_PER_DAY: f64 = 86_400_000;
/** Slots of the FIT block (see layout/columnState.ts): where dates and datetimes count. */
const FIT_DATE = FIT + 5;
const FIT_DATETIME = FIT + 11;
const FIT_TIME = FIT + 12;
const FIT_SHORT_YEAR = FIT + 18;

/**
 * Per cell mask (its low 15 bits: the `Cell` bits up to TIME): bit `list` set for each
 * sample-line list the cell belongs to (whitespace; leading zero; each candidate type it
 * misses: a datetime is no date). Missing cells are handled apart.
 */
const NOTES_BITS = 15;
const NOTES = memory.data(1 << NOTES_BITS);
for (let mask = 0; mask < 1 << NOTES_BITS; mask++) {
  let notes = (mask & WHITESPACE) != 0 ? 1 << LIST_WHITESPACE : 0;
  if ((mask & BOOL_MASK) == 0) notes |= 1 << LIST_INVALID;
  if ((mask & INT) == 0) notes |= 1 << (LIST_INVALID + 1);
  if ((mask & FLOAT) == 0) notes |= 1 << (LIST_INVALID + 2);
  if ((mask & DATE_MASK) == 0 || (mask & TIME) != 0) notes |= 1 << (LIST_INVALID + 3);
  if ((mask & DATETIME) == 0) notes |= 1 << (LIST_INVALID + 4);
  if ((mask & LEADING_ZERO) != 0 && (mask & FLOAT) != 0) notes |= 1 << LIST_LEADING_ZERO;
  store<u8>(NOTES + <usize>mask, <u8>notes);
}

/** Bytes of one column's state block for `sampleLines` sample lines per list. */
export function columnStateBytes(sampleLines: i32): i32 {
  return (LISTS + LIST_COUNT * sampleLines) << 3;
}

/** Sets a state block to the empty column. */
export function initColumnState(state: usize, sampleLines: i32): void {
  memory.fill(state, 0, <usize>columnStateBytes(sampleLines));
  slot(state, LENGTH_MIN, Infinity);
  slot(state, LENGTH_MAX, -Infinity);
  for (let s = 0; s < 5; s++) {
    slot(state, DAY_MIN + s, Infinity);
    slot(state, DAY_MAX + s, -Infinity);
  }
  for (let s = 0; s < 5; s++) {
    slot(state, MS_MIN + s, Infinity);
    slot(state, MS_MAX + s, -Infinity);
  }
  slot(state, MOMENTS + 5, Infinity);
  slot(state, MOMENTS + 6, -Infinity);
}

// @ts-expect-error: decorator
@inline
function slot(state: usize, i: i32, value: f64): void {
  store<f64>(state + (<usize>i << 3), value);
}

// @ts-expect-error: decorator
@inline
function get(state: usize, i: i32): f64 {
  return load<f64>(state + (<usize>i << 3));
}

// @ts-expect-error: decorator
@inline
function add(state: usize, i: i32, n: f64): void {
  const at = state + (<usize>i << 3);
  store<f64>(at, load<f64>(at) + n);
}

// @ts-expect-error: decorator
@inline
function bump(state: usize, i: i32): void {
  const at = state + (<usize>i << 3);
  store<f64>(at, load<f64>(at) + 1);
}

/**
 * Accounts `rows` classified cells (masks, nums, mss, days as `classifyCells` wrote them) on
 * lines `lines[r]`. Lengths count characters: UTF-8 continuation bytes of string cells are not
 * counted unless `asciiOnly` (then there are none); cell bytes are located as in classifyCells.
 * The hot counters live in locals for the loop and are written back at its end.
 */
export function accountCells(
  state: usize,
  sampleLines: i32,
  masks: usize,
  nums: usize,
  mss: usize,
  days: usize,
  lines: usize,
  rows: i32,
  starts: usize,
  ends: usize,
  inAlt: usize,
  from: i32,
  bufBase: usize,
  altBase: usize,
  asciiOnly: bool,
): void {
  let missing = get(state, MISSING);
  let nonNull = get(state, FIT);
  let lengthMin = get(state, LENGTH_MIN);
  let lengthMax = get(state, LENGTH_MAX);
  let lengthSum = get(state, LENGTH_SUM);
  // Lists still open (bit per list): a full list is not looked at again.
  let open: i32 = 0;
  for (let list = 0; list < LIST_COUNT; list++) {
    if (<i32>get(state, LIST_LENGTHS + list) < sampleLines) open |= 1 << list;
  }
  // Moments.
  const mp = state + (<usize>MOMENTS << 3);
  let n = load<f64>(mp);
  let mu = load<f64>(mp, 8);
  let m2 = load<f64>(mp, 16);
  let sum = load<f64>(mp, 24);
  let sumc = load<f64>(mp, 32);
  let lo = load<f64>(mp, 40);
  let hi = load<f64>(mp, 48);
  let zeros = get(state, ZEROS);
  let negatives = get(state, NEGATIVES);
  // Type evidence is counted per run of equal type masks (columns are mostly uniform).
  let runMask: i32 = 0;
  let runLength: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const at = <usize>r;
    const mask = load<i32>(masks + (at << 2));
    if ((mask & NULL) != 0) {
      missing++;
      if ((open & (1 << LIST_MISSING)) != 0) {
        open = note(state, sampleLines, LIST_MISSING, load<f64>(lines + (at << 3)), open);
      }
      continue;
    }
    nonNull++;
    const fitMask = mask & FIT_BITS;
    if (fitMask == runMask) {
      runLength++;
    } else {
      if (runLength > 0) countRun(state, runMask, runLength);
      runMask = fitMask;
      runLength = 1;
    }
    if ((mask & WHITESPACE) != 0) bump(state, WHITESPACE_COUNT);
    // Sample lines: whitespace, and values that miss each candidate type (boolean, int,
    // float, date, datetime).
    if (open != 0) {
      const notes = <i32>load<u8>(NOTES + <usize>(mask & ((1 << NOTES_BITS) - 1))) & open;
      if (notes != 0) {
        const line = load<f64>(lines + (at << 3));
        for (let list = 0; list < LIST_COUNT; list++) {
          if ((notes & (1 << list)) != 0) open = note(state, sampleLines, list, line, open);
        }
      }
    }
    // Length in characters: typed values are ASCII, so only strings need counting.
    const k = <usize>(from + r);
    const start = load<i32>(starts + (k << 2));
    const end = load<i32>(ends + (k << 2));
    let length = end - start;
    if ((mask & TYPE_MASK) == 0 && !asciiOnly) {
      const base = load<u8>(inAlt + k) == 0 ? bufBase : altBase;
      const q = base + <usize>end;
      for (let p = base + <usize>start; p < q; p++) {
        if ((<u32>load<u8>(p) & 0xc0) == 0x80) length--;
      }
    }
    const len = <f64>length;
    if (len < lengthMin) lengthMin = len;
    if (len > lengthMax) lengthMax = len;
    lengthSum += len;

    if ((mask & FLOAT) != 0) {
      // Moments.add: Welford mean and m2, Neumaier sum, min and max (bit for bit).
      const x = load<f64>(nums + (at << 3));
      n += 1;
      const d = x - mu;
      mu = mu + d * (1 / n);
      m2 = m2 + d * (x - mu);
      const t = sum + x;
      sumc = sumc + (Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum);
      sum = t;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (x == 0) zeros++;
      else if (x < 0) negatives++;
    }
    if ((mask & (DATE_MASK | DATETIME)) != 0) accountDate(state, mask, days + at * 40, mss + (at << 3));
  }
  if (runLength > 0) countRun(state, runMask, runLength);
  slot(state, MISSING, missing);
  slot(state, FIT, nonNull);
  slot(state, LENGTH_MIN, lengthMin);
  slot(state, LENGTH_MAX, lengthMax);
  slot(state, LENGTH_SUM, lengthSum);
  store<f64>(mp, n);
  store<f64>(mp, mu, 8);
  store<f64>(mp, m2, 16);
  store<f64>(mp, sum, 24);
  store<f64>(mp, sumc, 32);
  store<f64>(mp, lo, 40);
  store<f64>(mp, hi, 48);
  slot(state, ZEROS, zeros);
  slot(state, NEGATIVES, negatives);
}

/** Appends `line` to list `list` (open); returns `open` without the list once it is full. */
function note(state: usize, sampleLines: i32, list: i32, line: f64, open: i32): i32 {
  const lengthAt = state + (<usize>(LIST_LENGTHS + list) << 3);
  const length = <i32>load<f64>(lengthAt);
  slot(state, LISTS + list * sampleLines + length, line);
  store<f64>(lengthAt, <f64>(length + 1));
  return length + 1 >= sampleLines ? open & ~(1 << list) : open;
}

/** Type evidence beyond the non-null count (countCells) and boolean counts of `n` cells. */
function countRun(state: usize, mask: i32, n: f64): void {
  if ((mask & TYPE_MASK) == 0) return;
  if ((mask & BOOL_MASK) != 0) {
    add(state, FIT + 1, n);
    add(state, (mask & TRUE) != 0 ? TRUE_COUNT : FALSE_COUNT, n);
  }
  if ((mask & FLOAT) != 0) {
    add(state, FIT + 3, n);
    if ((mask & INT) != 0) add(state, FIT + 2, n);
    if ((mask & LEADING_ZERO) != 0) add(state, FIT + 4, n);
  }
  if ((mask & DATE_MASK) != 0) {
    // Dates count as dates; dates with a time, in the same order, as datetimes of their form.
    const at = (mask & TIME) != 0 ? FIT_TIME : FIT_DATE;
    if ((mask & DATE_ISO) != 0) add(state, at, n);
    if ((mask & DATE_US) != 0) add(state, at + 1, n);
    if ((mask & DATE_EU) != 0) add(state, at + 2, n);
    if ((mask & (DATE_US | DATE_EU)) == (DATE_US | DATE_EU)) add(state, at + 3, n);
    if ((mask & DATE_YMD_SLASH) != 0) add(state, at + 4, n);
    if ((mask & DATE_DOT) != 0) add(state, at + 5, n);
    if ((mask & SHORT_YEAR) != 0) add(state, FIT_SHORT_YEAR, n);
  }
  if ((mask & DATETIME) != 0) add(state, FIT_DATETIME, n);
}

/**
 * Ranges of one cell per date slot of its mask: its epoch day (a date), or its epoch
 * milliseconds (every date and datetime: the day's and the time's).
 */
function accountDate(state: usize, mask: i32, days: usize, ms: usize): void {
  const timed = (mask & TIME) != 0;
  const time = load<f64>(ms);
  for (let s = 0; s < 5; s++) {
    if ((mask & (DATE_ISO << s)) == 0) continue;
    const d = load<f64>(days + (<usize>s << 3));
    if (!timed) {
      if (d < get(state, DAY_MIN + s)) slot(state, DAY_MIN + s, d);
      if (d > get(state, DAY_MAX + s)) slot(state, DAY_MAX + s, d);
    }
    const x = d * MS_PER_DAY + time;
    if (x < get(state, MS_MIN + s)) slot(state, MS_MIN + s, x);
    if (x > get(state, MS_MAX + s)) slot(state, MS_MAX + s, x);
  }
}
