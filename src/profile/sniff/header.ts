import { Cell, TYPE_MASK } from '../infer/constants.js';
import type { SampleRecords } from './SampleScanner.js';

const textDecoder = new TextDecoder();

/** A string column votes on the header when its most common cell pattern is this share. */
const PATTERNED_SHARE = 0.5;
/** In such a column, a first cell whose pattern is this share of the body's fits it. */
const COMMON_PATTERN_SHARE = 0.1;
/** A string column of at most this many distinct values (and half its cells) is categorical. */
const CATEGORIES = 10;
/** A string column votes only with at least this many values below the first row. */
const MIN_STRING_VOTERS = 5;
/** Bytes of a cell its pattern looks at (longer cells are free text). */
const PATTERN_BYTES = 64;

/**
 * True when the first record is a header: when its cells do not fit their columns the way the
 * body's cells do. Each column votes (`masks` are the kernel classifier's `Cell` masks of the
 * records' fields):
 * - a typed column (90% of its non-null body cells typed) votes for a header when the first
 *   cell does not fit the body's types, or is an integer over a column of decimals without one
 *   (`1960` over `4.82`, `7.45`: a year heading a float column); against when it fits;
 * - a categorical string column (at most 10 values, `hen`, `rooster`) votes against when the
 *   first cell is one of them, for when it is not (`sex`); one whose cells mostly share one
 *   pattern (letters as A or a, digits as 9, the rest as is: codes `AD`, coordinates
 *   `+4230+00131`) votes against when the first cell has a common pattern of the body (a tenth
 *   of it), for when not (`#code`, `coordinates`); free text, and a column of fewer than 5
 *   values, does not vote.
 * With no vote, a first row of distinct, non-empty, untyped names is a header (as before).
 */
export function detectHeader(records: SampleRecords, masks: readonly Int32Array[]): boolean {
  return judgeHeader(records, masks).header;
}

/** {@link detectHeader}'s verdict, and whether columns voted on it (else it is the fallback's). */
export function judgeHeader(
  records: SampleRecords,
  masks: readonly Int32Array[],
): { header: boolean; voted: boolean } {
  const first = records[0];
  if (first === undefined) return { header: true, voted: false };
  const firstClass = masks[0]!;
  const typed = (m: number): boolean => (m & TYPE_MASK) !== 0;
  if (records.length === 1) {
    // Only one row: a header if nothing in it looks like data.
    return { header: first.every((f, i) => f.length > 0 && !typed(firstClass[i]!)), voted: false };
  }
  let forHeader = 0;
  let against = 0;
  for (let c = 0; c < first.length; c++) {
    const m = firstClass[c]!;
    if ((m & Cell.NULL) !== 0) continue;
    let nonNull = 0;
    let typedCells = 0;
    let bodyMask = TYPE_MASK;
    let bodyAny = 0;
    for (let r = 1; r < records.length; r++) {
      const b = masks[r]![c];
      if (b === undefined || (b & Cell.NULL) !== 0) continue;
      nonNull++;
      bodyAny |= b;
      if (typed(b)) {
        typedCells++;
        bodyMask &= b;
      }
    }
    if (nonNull === 0) continue;
    if (typedCells >= nonNull * 0.9) {
      const fits = (m & bodyMask & TYPE_MASK) !== 0 || (typed(m) && bodyMask === 0);
      const intOverDecimals =
        (m & Cell.INT) !== 0 && (bodyMask & Cell.FLOAT) !== 0 && (bodyAny & Cell.INT) === 0;
      if (fits && !intOverDecimals) against++;
      else forHeader++;
      continue;
    }
    if (nonNull < MIN_STRING_VOTERS) continue;
    // A string column: the body's patterns and (while few) values.
    const patterns = new Map<string, number>();
    /** The body's values, until there are more than CATEGORIES of them. */
    const values = new Set<string>();
    for (let r = 1; r < records.length; r++) {
      const b = masks[r]![c];
      if (b === undefined || (b & Cell.NULL) !== 0) continue;
      const cell = records[r]![c]!;
      const p = pattern(cell);
      patterns.set(p, (patterns.get(p) ?? 0) + 1);
      if (values.size <= CATEGORIES) values.add(textDecoder.decode(cell));
    }
    if (values.size <= CATEGORIES && values.size <= nonNull / 2) {
      // Categorical: a header names the column, it is none of its values.
      if (values.has(textDecoder.decode(first[c]!))) against++;
      else forHeader++;
      continue;
    }
    let top = 0;
    for (const n of patterns.values()) top = Math.max(top, n);
    if (top < nonNull * PATTERNED_SHARE) continue; // free text: no vote
    // Patterned: a data cell has one of the body's common patterns.
    if ((patterns.get(pattern(first[c]!)) ?? 0) >= nonNull * COMMON_PATTERN_SHARE) against++;
    else forHeader++;
  }
  if (forHeader > 0 || against > 0) return { header: forHeader > against, voted: true };
  const names = new Set(first.map((f) => textDecoder.decode(f)));
  const header =
    names.size === first.length && first.every((f, i) => f.length > 0 && !typed(firstClass[i]!));
  return { header, voted: false };
}

/** A cell's pattern: A for an ASCII capital, a for a small letter, 9 for a digit, u for any
 * other byte of a multi-byte character, other bytes as they are. */
export function pattern(cell: Uint8Array): string {
  const n = Math.min(cell.length, PATTERN_BYTES);
  let out = '';
  for (let i = 0; i < n; i++) {
    const b = cell[i]!;
    if (b >= 0x41 && b <= 0x5a) out += 'A';
    else if (b >= 0x61 && b <= 0x7a) out += 'a';
    else if (b >= 0x30 && b <= 0x39) out += '9';
    else if (b >= 0x80) out += 'u';
    else out += String.fromCharCode(b);
  }
  return cell.length > PATTERN_BYTES ? `${out}…` : out;
}
