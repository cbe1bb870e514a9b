// The TypeScript cell classifier: the reference the kernel's classifier
// (src/profile/kernel/assembly/classify.ts) is tested against, mask for mask and value for
// value. Production classifies in the kernel only.
import {
  Cell,
  DATE_SLOT_COUNT,
  DateSlot,
  DEFAULT_NULL_TOKENS,
} from '../../src/profile/infer/constants.js';

export { DEFAULT_NULL_TOKENS };

const TAB = 9;
const SPACE = 32;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const UPPER_A = 65;
const UPPER_M = 77;
const UPPER_P = 80;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_L = 108;
const LOWER_N = 110;
const LOWER_O = 111;
const LOWER_R = 114;
const LOWER_S = 115;
const LOWER_T = 116;
const LOWER_U = 117;
const LOWER_Y = 121;
/** OR-ing an ASCII letter with this gives its lower case (and maps no other byte onto a letter). */
const CASE_BIT = 0x20;

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const TWO_POW_53 = 9_007_199_254_740_992;
/** Largest mantissa that can take one more digit without passing 2^53 (floor(2^53 / 10)). */
const MANTISSA_LIMIT = 900_719_925_474_099;
/** Digits an integer mantissa may have and still be exact (10^15 < 2^53). */
const MAX_FAST_DIGITS = 15;
/** Largest power of ten that is exact in float64. */
const MAX_EXACT_POW10 = 22;
/** Exponent digits are accumulated only up to this; beyond it the value is 0 or infinite anyway. */
const EXPONENT_CAP = 100_000;
/** Longest value that can be a date or datetime (`YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM`). */
const MAX_DATE_LENGTH = 35;
/** The shortest date, `1/1/85`. */
const MIN_DATE_LENGTH = 6;
/** Two-digit years: 69..99 are 1969..1999, 00..68 are 2000..2068 (POSIX strptime's %y). */
const PIVOT_YEAR = 69;
const ISO_DATE_LENGTH = 10;

/** Exact powers of ten 10^0 .. 10^22. */
const POW10 = new Float64Array(MAX_EXACT_POW10 + 1);
POW10[0] = 1;
for (let k = 1; k <= MAX_EXACT_POW10; k++) POW10[k] = POW10[k - 1]! * 10;

/** Days in each month of a non-leap year, 1-based. */
const DAYS_IN_MONTH = Uint8Array.of(0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);

/** First-byte classes that pick the parser to try. */
const ByteClass = { other: 0, digit: 1, sign: 2, dot: 3, comma: 4, boolLetter: 5 } as const;
const BYTE_CLASS = new Uint8Array(256);
for (let b = DIGIT_0; b <= DIGIT_9; b++) BYTE_CLASS[b] = ByteClass.digit;
BYTE_CLASS[PLUS] = ByteClass.sign;
BYTE_CLASS[MINUS] = ByteClass.sign;
BYTE_CLASS[DOT] = ByteClass.dot;
BYTE_CLASS[COMMA] = ByteClass.comma;
for (const letter of [LOWER_T, LOWER_F, LOWER_Y, LOWER_N]) {
  BYTE_CLASS[letter] = ByteClass.boolLetter;
  BYTE_CLASS[letter - CASE_BIT] = ByteClass.boolLetter;
}

/** Parsed values of the last classified cell; overwritten by every call. */
export interface CellScratch {
  /** float64 value of an INT or FLOAT cell. */
  num: number;
  /** Epoch days (since 1970-01-01) per date format that matched, indexed by `DateSlot`. */
  days: Float64Array;
  /**
   * Of a DATETIME cell, the milliseconds of its time into the day (0 for a date; with a zone,
   * in UTC); its date's epoch days are in `days`.
   */
  ms: number;
  /** Start of the value with surrounding spaces and tabs removed. */
  trimStart: number;
  /** End (exclusive) of the value with surrounding spaces and tabs removed. */
  trimEnd: number;
}

/** Shared scratch written by every classifier: read it right after `classify` returns. */
export const cellScratch: CellScratch = {
  num: 0,
  days: new Float64Array(DATE_SLOT_COUNT),
  ms: 0,
  trimStart: 0,
  trimEnd: 0,
};
const days = cellScratch.days;

/** Tells whether `buf[start..end)` is a null token (the empty range always is). */
export type NullMatcher = (buf: Uint8Array, start: number, end: number) => boolean;

/** Classifies `buf[start..end)` (UTF-8) and returns its `Cell` bitmask; values go to `cellScratch`. */
export type CellClassifier = (buf: Uint8Array, start: number, end: number) => number;

export interface ClassifierOptions {
  /** Tokens that mean missing besides the empty string (exact, case-sensitive). */
  nullTokens?: readonly string[];
  /** Numbers use `,` as the decimal separator (and `.` is then not accepted). */
  decimalComma?: boolean;
  /** Null tokens read as values, not as missing (the kernel's `setValueTokens`). */
  valueTokens?: readonly string[];
}

/** Builds a matcher of exact null tokens over a first-byte + length table; '' always matches. */
export function createNullMatcher(tokens: readonly string[] = DEFAULT_NULL_TOKENS): NullMatcher {
  const encoder = new TextEncoder();
  const byFirstByte: Uint8Array[][] = [];
  // Bit n set: some token with this first byte has length n (n >= 31 shares bit 31).
  const lengthBits = new Uint32Array(256);
  for (const token of new Set(tokens)) {
    const bytes = encoder.encode(token);
    const first = bytes[0];
    if (first === undefined) continue;
    const list = byFirstByte[first];
    if (list === undefined) byFirstByte[first] = [bytes];
    else list.push(bytes);
    lengthBits[first] = lengthBits[first]! | lengthBit(bytes.length);
  }
  return (buf, start, end) => {
    const length = end - start;
    if (length <= 0) return true;
    const first = buf[start]!;
    if ((lengthBits[first]! & lengthBit(length)) === 0) return false;
    for (const token of byFirstByte[first]!) {
      if (token.length !== length) continue;
      let i = 1;
      while (i < length && token[i] === buf[start + i]) i++;
      if (i === length) return true;
    }
    return false;
  };
}

function lengthBit(length: number): number {
  return length < 31 ? 1 << length : 1 << 31;
}

/**
 * Builds a cell classifier. Example:
 * `const classify = createClassifier(); if (classify(buf, s, e) & Cell.INT) use(cellScratch.num)`.
 */
export function createClassifier(options: ClassifierOptions = {}): CellClassifier {
  const values = new Set(options.valueTokens ?? []);
  const tokens = (options.nullTokens ?? DEFAULT_NULL_TOKENS).filter((t) => !values.has(t));
  const isNull = createNullMatcher(tokens);
  const decimalComma = options.decimalComma === true;
  const separator = decimalComma ? COMMA : DOT;
  const separatorClass = decimalComma ? ByteClass.comma : ByteClass.dot;

  return (buf, start, end) => {
    let s = start;
    let e = end;
    while (s < e) {
      const c = buf[s];
      if (c !== SPACE && c !== TAB) break;
      s++;
    }
    while (e > s) {
      const c = buf[e - 1];
      if (c !== SPACE && c !== TAB) break;
      e--;
    }
    cellScratch.trimStart = s;
    cellScratch.trimEnd = e;
    if (s === e) return Cell.NULL;
    const whitespace = s !== start || e !== end ? Cell.WHITESPACE : 0;
    if (isNull(buf, s, e) || (whitespace !== 0 && isNull(buf, start, end))) return Cell.NULL;

    const byteClass = BYTE_CLASS[buf[s]!]!;
    if (byteClass === ByteClass.digit) {
      const number = parseNumber(buf, s, e, separator);
      if (number !== 0) return number | whitespace;
      const length = e - s;
      if (length >= MIN_DATE_LENGTH && length <= MAX_DATE_LENGTH) {
        return parseDate(buf, s, e) | whitespace;
      }
      return whitespace;
    }
    if (byteClass === ByteClass.sign || byteClass === separatorClass) {
      return parseNumber(buf, s, e, separator) | whitespace;
    }
    if (byteClass === ByteClass.boolLetter) return parseBoolean(buf, s, e) | whitespace;
    return whitespace;
  };
}

/** TRUE/FALSE for true/false, yes/no, t/f, y/n in any case, else 0. */
function parseBoolean(buf: Uint8Array, s: number, e: number): number {
  const c0 = buf[s]! | CASE_BIT;
  switch (e - s) {
    case 1:
      if (c0 === LOWER_T || c0 === LOWER_Y) return Cell.TRUE;
      if (c0 === LOWER_F || c0 === LOWER_N) return Cell.FALSE;
      return 0;
    case 2:
      return c0 === LOWER_N && (buf[s + 1]! | CASE_BIT) === LOWER_O ? Cell.FALSE : 0;
    case 3:
      return c0 === LOWER_Y &&
        (buf[s + 1]! | CASE_BIT) === LOWER_E &&
        (buf[s + 2]! | CASE_BIT) === LOWER_S
        ? Cell.TRUE
        : 0;
    case 4:
      return c0 === LOWER_T &&
        (buf[s + 1]! | CASE_BIT) === LOWER_R &&
        (buf[s + 2]! | CASE_BIT) === LOWER_U &&
        (buf[s + 3]! | CASE_BIT) === LOWER_E
        ? Cell.TRUE
        : 0;
    case 5:
      return c0 === LOWER_F &&
        (buf[s + 1]! | CASE_BIT) === LOWER_A &&
        (buf[s + 2]! | CASE_BIT) === LOWER_L &&
        (buf[s + 3]! | CASE_BIT) === LOWER_S &&
        (buf[s + 4]! | CASE_BIT) === LOWER_E
        ? Cell.FALSE
        : 0;
    default:
      return 0;
  }
}

/**
 * Parses `[+-]? (digits [sep digits?] | sep digits) ([eE] [+-]? digits)?` and writes its value
 * to `cellScratch.num`. Returns INT|FLOAT (+LEADING_ZERO, BIG_INT) for integer syntax, FLOAT for
 * other numbers, 0 when the text is not a number or its value overflows to infinity.
 */
function parseNumber(buf: Uint8Array, start: number, end: number, separator: number): number {
  let i = start;
  const first = buf[i]!;
  if (first === MINUS || first === PLUS) i++;
  const digitsStart = i;
  // All digits as one integer: exact when there are at most 15 of them.
  let mantissa = 0;
  for (; i < end; i++) {
    const d = buf[i]! - DIGIT_0;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
  }
  const intDigits = i - digitsStart;
  let fractionDigits = 0;
  const hasFraction = i < end && buf[i] === separator;
  if (hasFraction) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      const d = buf[i]! - DIGIT_0;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
    }
    fractionDigits = i - fractionStart;
  }
  if (intDigits + fractionDigits === 0) return 0;
  let exponent = 0;
  const hasExponent = i < end;
  if (hasExponent) {
    if ((buf[i]! | CASE_BIT) !== LOWER_E) return 0;
    i++;
    let negativeExponent = false;
    const sign = buf[i];
    if (sign === MINUS || sign === PLUS) {
      negativeExponent = sign === MINUS;
      i++;
    }
    const exponentStart = i;
    for (; i < end; i++) {
      const d = buf[i]! - DIGIT_0;
      if (d < 0 || d > 9) return 0;
      if (exponent < EXPONENT_CAP) exponent = exponent * 10 + d;
    }
    if (i === exponentStart) return 0;
    if (negativeExponent) exponent = -exponent;
  }

  let value: number;
  const power = exponent - fractionDigits;
  if (mantissa === 0) value = 0;
  else if (intDigits + fractionDigits > MAX_FAST_DIGITS)
    value = exactValue(buf, digitsStart, end, separator);
  else if (power === 0) value = mantissa;
  else if (power > 0 && power <= MAX_EXACT_POW10) value = mantissa * POW10[power]!;
  else if (power < 0 && power >= -MAX_EXACT_POW10) value = mantissa / POW10[-power]!;
  else value = exactValue(buf, digitsStart, end, separator);
  if (first === MINUS) value = -value;
  if (Number.isNaN(value)) value = slowNumber(buf, start, end, separator);
  if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) return 0;
  cellScratch.num = value;

  if (hasFraction || hasExponent) return Cell.FLOAT;
  let flags = Cell.INT | Cell.FLOAT;
  if (intDigits > 1 && buf[digitsStart] === DIGIT_0) flags |= Cell.LEADING_ZERO;
  if (value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER) flags |= Cell.BIG_INT;
  return flags;
}

/**
 * Exact magnitude of a validated unsigned number text with more than 15 digits or a
 * large power of ten: trailing zeros are kept out of the mantissa while it stays below 2^53, then
 * Clinger's fast path applies. NaN when that is not exact (the caller then uses `Number()`).
 */
function exactValue(buf: Uint8Array, start: number, end: number, separator: number): number {
  // Value = mantissa * 10^(pendingZeros + scale + exponent).
  let mantissa = 0;
  let pendingZeros = 0;
  let scale = 0;
  let inFraction = false;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === separator) {
      inFraction = true;
      continue;
    }
    const d = c - DIGIT_0;
    if (d < 0 || d > 9) break;
    if (inFraction) scale--;
    if (d === 0) {
      if (mantissa !== 0) pendingZeros++;
      continue;
    }
    while (pendingZeros > 0 && mantissa <= MANTISSA_LIMIT) {
      mantissa *= 10;
      pendingZeros--;
    }
    if (pendingZeros !== 0 || mantissa > MANTISSA_LIMIT || (mantissa === MANTISSA_LIMIT && d > 2)) {
      return Number.NaN;
    }
    mantissa = mantissa * 10 + d;
  }
  let exponent = 0;
  if (i < end) {
    i++;
    const sign = buf[i];
    if (sign === MINUS || sign === PLUS) i++;
    for (; i < end && exponent < EXPONENT_CAP; i++) exponent = exponent * 10 + buf[i]! - DIGIT_0;
    if (sign === MINUS) exponent = -exponent;
  }
  const power = pendingZeros + scale + exponent;
  if (power === 0) return mantissa;
  if (power > 0 && power <= MAX_EXACT_POW10) return mantissa * POW10[power]!;
  if (power < 0 && power >= -MAX_EXACT_POW10) return mantissa / POW10[-power]!;
  if (power > MAX_EXACT_POW10 && power <= 2 * MAX_EXACT_POW10) {
    // Move the surplus power into the mantissa while it stays exact.
    const shifted = mantissa * POW10[power - MAX_EXACT_POW10]!;
    if (shifted < TWO_POW_53) return shifted * POW10[MAX_EXACT_POW10]!;
  }
  return Number.NaN;
}

/** Rare path: `Number()` of the decoded ASCII text (separator mapped to '.'). */
function slowNumber(buf: Uint8Array, start: number, end: number, separator: number): number {
  let text = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    text += String.fromCharCode(c === separator ? DOT : c);
  }
  return Number(text);
}

// Cursor of the variable-width date parts (module state: no object per call).
let cursor = 0;

/** The byte at `cursor`, or -1 at or past `end`. */
function peek(buf: Uint8Array, end: number): number {
  return cursor < end ? buf[cursor]! : -1;
}

/** Reads 1 or 2 digits at `cursor`; returns the value or -1. */
function readDigits12(buf: Uint8Array, end: number): number {
  const d0 = peek(buf, end) - DIGIT_0;
  if (d0 < 0 || d0 > 9) return -1;
  cursor++;
  const d1 = peek(buf, end) - DIGIT_0;
  if (d1 < 0 || d1 > 9) return d0;
  cursor++;
  return d0 * 10 + d1;
}

/** Reads exactly 2 digits at `cursor`; returns the value or -1. */
function readDigits2(buf: Uint8Array, end: number): number {
  if (cursor + 2 > end) return -1;
  const value = twoDigits(buf, cursor);
  cursor += 2;
  return value;
}

/** The two digits at `i` and `i + 1` (both below the end) as 0..99, or -1. */
function twoDigits(buf: Uint8Array, i: number): number {
  const a = buf[i]! - DIGIT_0;
  const b = buf[i + 1]! - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Epoch days of a valid civil date with year >= 1 (proleptic Gregorian), equal to
 * `Date.UTC(year, month - 1, day) / 86400000`.
 */
export function epochDays(year: number, month: number, day: number): number {
  // Every quantity is non-negative, so `| 0` floors.
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  if (day <= DAYS_IN_MONTH[month]!) return true;
  return month === 2 && day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * Parses the date forms (`YYYY-MM-DD`, `YYYY/M/D`, `M/D/YYYY` or `D/M/YYYY`, `D.M.YYYY`, and
 * `M/D/YY` or `D/M/YY` with a two-digit year) of a value of 6+ bytes that starts with a digit,
 * each with an optional time (ISO 8601's after the ISO date, a clock time after the others).
 */
function parseDate(buf: Uint8Array, s: number, e: number): number {
  const high = twoDigits(buf, s);
  const low = twoDigits(buf, s + 2);
  if (high >= 0 && low >= 0) {
    // Four leading digits: a year.
    const separator = buf[s + 4];
    if (separator === MINUS) return parseIso(buf, s, e, high * 100 + low);
    if (separator === SLASH) return parseYmdSlash(buf, s + 5, e, high * 100 + low);
    return 0;
  }
  cursor = s;
  const lead = readDigits12(buf, e);
  const separator = peek(buf, e);
  if (separator !== SLASH && separator !== DOT) return 0;
  cursor++;
  const middle = readDigits12(buf, e);
  if (middle < 0 || peek(buf, e) !== separator) return 0;
  cursor++;
  let year: number;
  let short = 0;
  if (isDateEnd(buf, cursor + 4, e)) {
    const yearHigh = twoDigits(buf, cursor);
    const yearLow = twoDigits(buf, cursor + 2);
    if (yearHigh < 0 || yearLow < 0) return 0;
    year = yearHigh * 100 + yearLow;
    cursor += 4;
  } else if (separator === SLASH && isDateEnd(buf, cursor + 2, e)) {
    const yy = twoDigits(buf, cursor);
    if (yy < 0) return 0;
    year = yy >= PIVOT_YEAR ? 1900 + yy : 2000 + yy;
    short = Cell.SHORT_YEAR;
    cursor += 2;
  } else {
    return 0;
  }
  const timed = cursor !== e ? Cell.TIME : 0;
  const time = timeAfterDate(buf, e);
  if (Number.isNaN(time)) return 0;
  cellScratch.ms = time;
  if (separator === DOT) {
    if (!isValidDate(year, middle, lead)) return 0;
    days[DateSlot.dot] = epochDays(year, middle, lead);
    return Cell.DATE_DOT | Cell.DATETIME | timed;
  }
  let flags = 0;
  if (isValidDate(year, lead, middle)) {
    days[DateSlot.us] = epochDays(year, lead, middle);
    flags = Cell.DATE_US;
  }
  if (isValidDate(year, middle, lead)) {
    days[DateSlot.eu] = epochDays(year, middle, lead);
    flags |= Cell.DATE_EU;
  }
  return flags === 0 ? 0 : flags | Cell.DATETIME | timed | short;
}

/** True when a date's year may end at `p`: at the value's end, or before a space or `T`. */
function isDateEnd(buf: Uint8Array, p: number, e: number): boolean {
  if (p === e) return true;
  if (p > e) return false;
  return buf[p] === SPACE || buf[p] === UPPER_T;
}

/** After a non-ISO date: nothing (0), or a space or `T` and a clock time (ms into the day). */
function timeAfterDate(buf: Uint8Array, e: number): number {
  if (cursor === e) return 0;
  const c = buf[cursor];
  if (c !== SPACE && c !== UPPER_T) return Number.NaN;
  cursor++;
  return parseClock(buf, e);
}

/**
 * `h:mm[:ss[.f{1,9}]]` with a one- or two-digit hour, then optionally `AM` or `PM` (either case,
 * after a space or not; the hour 1..12, 12 AM being midnight), to `e`: ms into the day or NaN.
 */
function parseClock(buf: Uint8Array, e: number): number {
  let hour = readDigits12(buf, e);
  if (hour < 0 || peek(buf, e) !== COLON) return Number.NaN;
  cursor++;
  const minute = readDigits2(buf, e);
  if (minute < 0 || minute > 59) return Number.NaN;
  let ms = minute * MS_PER_MINUTE;
  if (peek(buf, e) === COLON) {
    cursor++;
    const second = readDigits2(buf, e);
    if (second < 0 || second > 59) return Number.NaN;
    ms += second * 1000;
    if (peek(buf, e) === DOT) {
      cursor++;
      const fraction = readFraction(buf, e);
      if (fraction < 0) return Number.NaN;
      ms += fraction;
    }
  }
  if (cursor !== e && buf[cursor] === SPACE) cursor++;
  if (cursor + 2 === e && (buf[cursor + 1]! | CASE_BIT) === (UPPER_M | CASE_BIT)) {
    const half = buf[cursor]! | CASE_BIT;
    if (half !== (UPPER_A | CASE_BIT) && half !== (UPPER_P | CASE_BIT)) return Number.NaN;
    if (hour < 1 || hour > 12) return Number.NaN;
    if (hour === 12) hour = 0;
    if (half === (UPPER_P | CASE_BIT)) hour += 12;
    cursor = e;
  }
  if (cursor !== e || hour > 23) return Number.NaN;
  return hour * MS_PER_HOUR + ms;
}

/** A fraction of a second's 1..9 digits at `cursor` as milliseconds (3 digits kept), or -1. */
function readFraction(buf: Uint8Array, e: number): number {
  const fractionStart = cursor;
  let millis = 0;
  while (cursor < e) {
    const d = buf[cursor]! - DIGIT_0;
    if (d < 0 || d > 9) break;
    if (cursor - fractionStart < 3) millis = millis * 10 + d;
    cursor++;
  }
  const fractionDigits = cursor - fractionStart;
  if (fractionDigits === 0 || fractionDigits > 9) return -1;
  for (let k = fractionDigits; k < 3; k++) millis *= 10;
  return millis;
}

/** `YYYY/M/D` with 1- or 2-digit month and day, and an optional time; `from` is after the slash. */
function parseYmdSlash(buf: Uint8Array, from: number, e: number, year: number): number {
  cursor = from;
  const month = readDigits12(buf, e);
  if (month < 0 || peek(buf, e) !== SLASH) return 0;
  cursor++;
  const day = readDigits12(buf, e);
  if (day < 0 || !isValidDate(year, month, day)) return 0;
  const timed = cursor !== e ? Cell.TIME : 0;
  const time = timeAfterDate(buf, e);
  if (Number.isNaN(time)) return 0;
  days[DateSlot.ymdSlash] = epochDays(year, month, day);
  cellScratch.ms = time;
  return Cell.DATE_YMD_SLASH | Cell.DATETIME | timed;
}

/** `YYYY-MM-DD` optionally followed by an ISO 8601 time; `year` is already read. */
function parseIso(buf: Uint8Array, s: number, e: number, year: number): number {
  const length = e - s;
  if (length < ISO_DATE_LENGTH || buf[s + 7] !== MINUS) return 0;
  const month = twoDigits(buf, s + 5);
  const day = twoDigits(buf, s + 8);
  if (!isValidDate(year, month, day)) return 0;
  days[DateSlot.iso] = epochDays(year, month, day);
  if (length === ISO_DATE_LENGTH) {
    cellScratch.ms = 0;
    return Cell.DATE_ISO | Cell.DATETIME;
  }
  const t = buf[s + ISO_DATE_LENGTH];
  if (t !== UPPER_T && t !== SPACE) return 0;
  cursor = s + ISO_DATE_LENGTH + 1;
  const time = parseTime(buf, e);
  if (Number.isNaN(time)) return 0;
  cellScratch.ms = time;
  return Cell.DATE_ISO | Cell.TIME | Cell.DATETIME;
}

/**
 * `HH:MM[:SS[.f{1,9}]][Z|±HH:MM|±HHMM|±HH]` from `cursor` to `e`; returns the UTC milliseconds
 * into the day (may fall outside 0..86400000 through the offset) or NaN.
 */
function parseTime(buf: Uint8Array, e: number): number {
  const hour = readDigits2(buf, e);
  if (hour < 0 || hour > 23 || peek(buf, e) !== COLON) return Number.NaN;
  cursor++;
  const minute = readDigits2(buf, e);
  if (minute < 0 || minute > 59) return Number.NaN;
  let ms = hour * MS_PER_HOUR + minute * MS_PER_MINUTE;
  if (peek(buf, e) === COLON) {
    cursor++;
    const second = readDigits2(buf, e);
    if (second < 0 || second > 59) return Number.NaN;
    ms += second * 1000;
    if (peek(buf, e) === DOT) {
      cursor++;
      const fractionStart = cursor;
      let millis = 0;
      while (cursor < e) {
        const d = buf[cursor]! - DIGIT_0;
        if (d < 0 || d > 9) break;
        if (cursor - fractionStart < 3) millis = millis * 10 + d;
        cursor++;
      }
      const fractionDigits = cursor - fractionStart;
      if (fractionDigits === 0 || fractionDigits > 9) return Number.NaN;
      for (let k = fractionDigits; k < 3; k++) millis *= 10;
      ms += millis;
    }
  }
  if (cursor === e) return ms;
  const zone = buf[cursor];
  if (zone === UPPER_Z) return cursor + 1 === e ? ms : Number.NaN;
  if (zone !== PLUS && zone !== MINUS) return Number.NaN;
  cursor++;
  const offsetHours = readDigits2(buf, e);
  if (offsetHours < 0 || offsetHours > 23) return Number.NaN;
  let offsetMinutes = 0;
  if (cursor < e) {
    if (buf[cursor] === COLON) cursor++;
    offsetMinutes = readDigits2(buf, e);
    if (offsetMinutes < 0 || offsetMinutes > 59 || cursor !== e) return Number.NaN;
  }
  const offset = offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE;
  return zone === PLUS ? ms - offset : ms + offset;
}
