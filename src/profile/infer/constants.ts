import { Cell as KernelCell } from '../kernel/layout.generated.js';
import { DateFormat } from '../types.js';

/**
 * Bit flags a cell classification returns (the kernel's `Cell` mask, generated from
 * scripts/kernel-layout.mjs with the kernel's own). A cell with no type bit is a string;
 * `WHITESPACE` may accompany any non-null result.
 */
const { SLOW: _slow, ...cellBits } = KernelCell;
export const Cell = cellBits;
export type Cell = (typeof Cell)[keyof typeof Cell];

/** Either boolean bit. */
export const BOOL_MASK = Cell.TRUE | Cell.FALSE;

/** Any of the five date-format bits. */
export const DATE_MASK =
  Cell.DATE_ISO | Cell.DATE_US | Cell.DATE_EU | Cell.DATE_YMD_SLASH | Cell.DATE_DOT;

/** Bits that give a cell a type other than string (everything but NULL and WHITESPACE). */
export const TYPE_MASK = BOOL_MASK | Cell.INT | Cell.FLOAT | DATE_MASK | Cell.DATETIME;

/** Index of each date format's epoch-day slot in the classifier scratch's `days` array. */
export const DateSlot = {
  iso: 0,
  us: 1,
  eu: 2,
  ymdSlash: 3,
  dot: 4,
} as const;
export type DateSlot = (typeof DateSlot)[keyof typeof DateSlot];

/** Number of date formats (and length of the scratch `days` array). */
export const DATE_SLOT_COUNT = 5;

/** Cell bit of each date slot, indexed by {@link DateSlot}. */
export const DATE_BIT_BY_SLOT: readonly number[] = [
  Cell.DATE_ISO,
  Cell.DATE_US,
  Cell.DATE_EU,
  Cell.DATE_YMD_SLASH,
  Cell.DATE_DOT,
];

/** Summary date format of each date slot, indexed by {@link DateSlot}. */
export const DATE_FORMAT_BY_SLOT: readonly DateFormat[] = [
  DateFormat.iso,
  DateFormat.us,
  DateFormat.eu,
  DateFormat.ymdSlash,
  DateFormat.dot,
];

/** Date slot of each summary date format. */
export const DATE_SLOT_BY_FORMAT: Readonly<Record<DateFormat, DateSlot>> = {
  [DateFormat.iso]: DateSlot.iso,
  [DateFormat.us]: DateSlot.us,
  [DateFormat.eu]: DateSlot.eu,
  [DateFormat.ymdSlash]: DateSlot.ymdSlash,
  [DateFormat.dot]: DateSlot.dot,
};

/** Cell bit of each summary date format. */
export const DATE_BIT_BY_FORMAT: Readonly<Record<DateFormat, number>> = {
  [DateFormat.iso]: Cell.DATE_ISO,
  [DateFormat.us]: Cell.DATE_US,
  [DateFormat.eu]: Cell.DATE_EU,
  [DateFormat.ymdSlash]: Cell.DATE_YMD_SLASH,
  [DateFormat.dot]: Cell.DATE_DOT,
};

/**
 * Candidate types a column is checked against during the single pass, as indexes of
 * per-candidate lists (e.g. invalid sample lines). String and empty have no candidate:
 * every value fits them.
 */
export const Candidate = {
  boolean: 0,
  int: 1,
  float: 2,
  date: 3,
  datetime: 4,
} as const;
export type Candidate = (typeof Candidate)[keyof typeof Candidate];

/** Number of candidates (length of a per-candidate array). */
export const CANDIDATE_COUNT = 5;

/**
 * Cell bits of which at least one must be set for a cell to fit a candidate, by index (a date
 * must also have no `TIME`: see {@link fitsCandidate}).
 */
export const CANDIDATE_MASK: readonly number[] = [
  BOOL_MASK,
  Cell.INT,
  Cell.FLOAT,
  DATE_MASK,
  Cell.DATETIME,
];

/** Default share of non-null values a type must fit to be chosen. */
export const DEFAULT_TYPE_THRESHOLD = 0.95;

/** Null tokens used when none are given; the empty string is always null besides these. */
export const DEFAULT_NULL_TOKENS: readonly string[] = [
  'NA',
  'N/A',
  'null',
  'NULL',
  'None',
  'NaN',
  'nan',
  '-',
];

/** True when a non-null cell's mask fits candidate `c` (a datetime is no date). */
export function fitsCandidate(mask: number, c: Candidate): boolean {
  if ((mask & CANDIDATE_MASK[c]!) === 0) return false;
  return c !== Candidate.date || (mask & Cell.TIME) === 0;
}
