// The profiler's cell classifier: the `Cell` mask and parsed value of every cell (the
// TypeScript reference in test/oracles is held equal to it by differential tests). One case is
// left to JavaScript: a number whose exact value needs `Number(text)` gets `SLOW` and no value;
// src/profile/slowNumbers.ts gives it its value (and drops the number bits when it overflows).

import { BIG_INT, DATETIME, DATE_DOT, DATE_EU, DATE_ISO, DATE_US, DATE_YMD_SLASH, FALSE, FLOAT, INT, LEADING_ZERO, NULL, SHORT_YEAR, SLOW, TIME, TRUE, WHITESPACE } from './layout/cell';

export { BIG_INT, DATETIME, DATE_DOT, DATE_EU, DATE_ISO, DATE_US, DATE_YMD_SLASH, FALSE, FLOAT, INT, LEADING_ZERO, NULL, SHORT_YEAR, SLOW, TIME, TRUE, WHITESPACE };

const SLOT_ISO = 0;
const SLOT_US = 1;
const SLOT_EU = 2;
const SLOT_YMD_SLASH = 3;
const SLOT_DOT = 4;

const TAB: u32 = 9;
const SPACE: u32 = 32;
const PLUS: u32 = 43;
const COMMA: u32 = 44;
const MINUS: u32 = 45;
const DOT: u32 = 46;
const SLASH: u32 = 47;
const DIGIT_0: u32 = 48;
const COLON: u32 = 58;
const UPPER_A: u32 = 65;
const UPPER_M: u32 = 77;
const UPPER_P: u32 = 80;
const UPPER_T: u32 = 84;
const UPPER_Z: u32 = 90;
const LOWER_A: u32 = 97;
const LOWER_E: u32 = 101;
const LOWER_F: u32 = 102;
const LOWER_L: u32 = 108;
const LOWER_N: u32 = 110;
const LOWER_O: u32 = 111;
const LOWER_R: u32 = 114;
const LOWER_S: u32 = 115;
const LOWER_T: u32 = 116;
const LOWER_U: u32 = 117;
const LOWER_Y: u32 = 121;
const CASE_BIT: u32 = 0x20;

const MS_PER_DAY: f64 = 86_400_000;
const MS_PER_HOUR: f64 = 3_600_000;
const MS_PER_MINUTE: f64 = 60_000;
const TWO_POW_53: f64 = 9_007_199_254_740_992;
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991;
const MANTISSA_LIMIT: f64 = 900_719_925_474_099;
const MAX_FAST_DIGITS = 15;
const MAX_EXACT_POW10 = 22;
const EXPONENT_CAP: f64 = 100_000;
const MAX_DATE_LENGTH = 35;
/** The shortest date, `1/1/85`. */
const MIN_DATE_LENGTH = 6;
/**
 * Two-digit years: 69..99 are 1969..1999 and 00..68 are 2000..2068, the pivot of POSIX
 * strptime's %y (and of Python's, glibc's and R's as.Date).
 */
const PIVOT_YEAR = 69;
const ISO_DATE_LENGTH = 10;

const CLASS_DIGIT: u8 = 1;
const CLASS_SIGN: u8 = 2;
const CLASS_DOT: u8 = 3;
const CLASS_COMMA: u8 = 4;
const CLASS_BOOL_LETTER: u8 = 5;

const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);
const DAYS_IN_MONTH = memory.data<u8>([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
/** First-byte class per byte (filled by `configure`). */
const BYTE_CLASS = memory.data(256);
/** Per first byte: bit n set when a null token of length n starts with it (n >= 31 -> bit 31). */
const NULL_LENGTH_BITS = memory.data(256 * 4);

/** Null tokens as `len:u8 bytes...` records, kept at the caller's pointer. */
let nullTokens: usize = 0;
let nullTokensEnd: usize = 0;
let separator: u32 = DOT;
let separatorClass: u8 = CLASS_DOT;
/**
 * False when a null token starts with a digit (or is a sign or separator followed by more):
 * `classifyLike` then never takes its shortcuts, which skip the null-token check.
 */
let shortcuts = true;

/**
 * Parsed values of the last classified cell: its number; of a date or datetime, the
 * milliseconds of its time into the day (0 for a date; with a zone, in UTC, so they may fall
 * outside the day), its date's epoch days being in cellDays.
 */
export let cellNum: f64 = 0;
export let cellMs: f64 = 0;
/** Epoch days per date slot of the last classified cell. */
export const cellDays = memory.data(5 * 8);
let cursor: usize = 0;

// @ts-expect-error: decorator
@inline
function pow10(k: i32): f64 {
  return load<f64>(POW10 + (<usize>k << 3));
}

// @ts-expect-error: decorator
@inline
function lengthBit(length: i32): u32 {
  return length < 31 ? <u32>1 << <u32>length : <u32>1 << 31;
}

/**
 * Sets the classifier's options: `tokens..tokensEnd` holds the null tokens as `len:u8 bytes`
 * records (memory the caller keeps), `decimalComma` the decimal separator.
 */
export function configureClassifier(tokens: usize, tokensEnd: usize, decimalComma: bool): void {
  nullTokens = tokens;
  nullTokensEnd = tokensEnd;
  separator = decimalComma ? COMMA : DOT;
  separatorClass = decimalComma ? CLASS_COMMA : CLASS_DOT;
  memory.fill(BYTE_CLASS, 0, 256);
  memory.fill(NULL_LENGTH_BITS, 0, 256 * 4);
  for (let b: u32 = 48; b <= 57; b++) store<u8>(BYTE_CLASS + b, CLASS_DIGIT);
  store<u8>(BYTE_CLASS + PLUS, CLASS_SIGN);
  store<u8>(BYTE_CLASS + MINUS, CLASS_SIGN);
  store<u8>(BYTE_CLASS + DOT, CLASS_DOT);
  store<u8>(BYTE_CLASS + COMMA, CLASS_COMMA);
  store<u8>(BYTE_CLASS + LOWER_T, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_F, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_Y, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_N, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_T - CASE_BIT, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_F - CASE_BIT, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_Y - CASE_BIT, CLASS_BOOL_LETTER);
  store<u8>(BYTE_CLASS + LOWER_N - CASE_BIT, CLASS_BOOL_LETTER);
  shortcuts = true;
  let t = tokens;
  while (t < tokensEnd) {
    const len = <i32>load<u8>(t);
    if (len > 0) {
      const first = <usize>load<u8>(t + 1);
      const firstClass = load<u8>(BYTE_CLASS + first);
      if (firstClass == CLASS_DIGIT || (len > 1 && firstClass != 0 && firstClass != CLASS_BOOL_LETTER)) {
        shortcuts = false;
      }
      const at = NULL_LENGTH_BITS + (first << 2);
      store<u32>(at, load<u32>(at) | lengthBit(len));
    }
    t += 1 + <usize>len;
  }
}

/**
 * Null tokens (bit k: the k-th of the configured list) that the current column reads as values,
 * not as missing (see setValueTokens).
 */
let valueTokens: i32 = 0;

/**
 * From the next cell on, the null tokens of `mask` (bit k: the k-th token configured) are
 * values: the sniffer found them to be data in the column classified next (`NA` among
 * two-letter codes, see src/profile/sniff/valueTokens.ts). 0 restores the default.
 */
export function setValueTokens(mask: i32): void {
  valueTokens = mask;
}

/**
 * True when `p..q` is a null token (the empty range always is), unless it is one the column
 * reads as a value.
 */
function isNull(p: usize, q: usize): bool {
  const length = <i32>(q - p);
  if (length <= 0) return true;
  const first = <u32>load<u8>(p);
  if ((load<u32>(NULL_LENGTH_BITS + (<usize>first << 2)) & lengthBit(length)) == 0) return false;
  let t = nullTokens;
  let k = 0;
  while (t < nullTokensEnd) {
    const len = <i32>load<u8>(t);
    if (len == length && <u32>load<u8>(t + 1) == first) {
      let i = 1;
      while (i < length && load<u8>(t + 1 + <usize>i) == load<u8>(p + <usize>i)) i++;
      if (i == length) return k >= 31 || ((valueTokens >>> k) & 1) == 0;
    }
    t += 1 + <usize>len;
    k++;
  }
  return false;
}

/** The `Cell` mask of the cell `p..q`; values go to cellNum, cellMs, cellDays. */
export function classify(p: usize, q: usize): i32 {
  let s = p;
  let e = q;
  while (s < e) {
    const c = <u32>load<u8>(s);
    if (c != SPACE && c != TAB) break;
    s++;
  }
  while (e > s) {
    const c = <u32>load<u8>(e - 1);
    if (c != SPACE && c != TAB) break;
    e--;
  }
  if (s == e) return NULL;
  const whitespace = s != p || e != q ? WHITESPACE : 0;
  if (isNull(s, e) || (whitespace != 0 && isNull(p, q))) return NULL;
  const byteClass = load<u8>(BYTE_CLASS + <usize>load<u8>(s));
  if (byteClass == CLASS_DIGIT) {
    const number = parseNumber(s, e);
    if (number != 0) return number | whitespace;
    const length = <i32>(e - s);
    if (length >= MIN_DATE_LENGTH && length <= MAX_DATE_LENGTH) {
      return parseDate(s, e) | whitespace;
    }
    return whitespace;
  }
  if (byteClass == CLASS_SIGN || byteClass == separatorClass) {
    return parseNumber(s, e) | whitespace;
  }
  if (byteClass == CLASS_BOOL_LETTER) return parseBoolean(s, e) | whitespace;
  return whitespace;
}

/**
 * The mask `classify(p, q)` would give, found faster when the cell has the shape of `like` (the
 * previous cell's mask): a plain integer or decimal in a number column, an ISO date or
 * timestamp in a date column. Returns 0 when it cannot tell: call `classify` then.
 */
export function classifyLike(p: usize, q: usize, like: i32): i32 {
  if (!shortcuts || p == q) return 0;
  if ((like & ~INT) == FLOAT) return plainNumber(p, q);
  if ((like & ~TIME) == (DATE_ISO | DATETIME)) {
    const length = <i32>(q - p);
    if (length < ISO_DATE_LENGTH || length > MAX_DATE_LENGTH) return 0;
    if (<u32>load<u8>(p + 4) != MINUS) return 0;
    const high = twoDigits(p);
    const low = twoDigits(p + 2);
    if (high < 0 || low < 0) return 0;
    // Ends are digits or a zone letter, never the spaces `classify` would trim.
    const last = <u32>load<u8>(q - 1);
    if (last == SPACE || last == TAB) return 0;
    return parseIso(p, q, high * 100 + low);
  }
  return 0;
}

/**
 * `[-] digits [sep digits]` with at most 15 digits and no leading zero on a bare integer: its
 * mask (INT | FLOAT, or FLOAT) and value in cellNum, as `parseNumber` gives them; else 0.
 */
function plainNumber(p: usize, q: usize): i32 {
  let i = p;
  const negative = <u32>load<u8>(i) == MINUS;
  if (negative) i++;
  const digitsStart = i;
  let mantissa: u64 = 0;
  for (; i < q; i++) {
    const d = digitAt(i);
    if (d > 9) break;
    mantissa = mantissa * 10 + <u64>d;
  }
  const intDigits = <i32>(i - digitsStart);
  if (intDigits == 0) return 0;
  let flags = INT | FLOAT;
  let fractionDigits = 0;
  if (i < q) {
    if (<u32>load<u8>(i) != separator) return 0;
    const fractionStart = ++i;
    for (; i < q; i++) {
      const d = digitAt(i);
      if (d > 9) return 0;
      mantissa = mantissa * 10 + <u64>d;
    }
    fractionDigits = <i32>(i - fractionStart);
    flags = FLOAT;
  } else if (intDigits > 1 && <u32>load<u8>(digitsStart) == DIGIT_0) {
    return 0;
  }
  if (intDigits + fractionDigits > MAX_FAST_DIGITS) return 0;
  let value = fractionDigits == 0 ? <f64>mantissa : <f64>mantissa / pow10(fractionDigits);
  if (negative) value = -value;
  cellNum = value;
  return flags;
}

// @ts-expect-error: decorator
@inline
function lower(p: usize): u32 {
  return <u32>load<u8>(p) | CASE_BIT;
}

function parseBoolean(s: usize, e: usize): i32 {
  const c0 = lower(s);
  switch (<i32>(e - s)) {
    case 1:
      if (c0 == LOWER_T || c0 == LOWER_Y) return TRUE;
      if (c0 == LOWER_F || c0 == LOWER_N) return FALSE;
      return 0;
    case 2:
      return c0 == LOWER_N && lower(s + 1) == LOWER_O ? FALSE : 0;
    case 3:
      return c0 == LOWER_Y && lower(s + 1) == LOWER_E && lower(s + 2) == LOWER_S ? TRUE : 0;
    case 4:
      return c0 == LOWER_T &&
        lower(s + 1) == LOWER_R &&
        lower(s + 2) == LOWER_U &&
        lower(s + 3) == LOWER_E
        ? TRUE
        : 0;
    case 5:
      return c0 == LOWER_F &&
        lower(s + 1) == LOWER_A &&
        lower(s + 2) == LOWER_L &&
        lower(s + 3) == LOWER_S &&
        lower(s + 4) == LOWER_E
        ? FALSE
        : 0;
    default:
      return 0;
  }
}

// @ts-expect-error: decorator
@inline
function digitAt(p: usize): u32 {
  return <u32>load<u8>(p) - DIGIT_0;
}

function parseNumber(start: usize, end: usize): i32 {
  let i = start;
  const first = <u32>load<u8>(i);
  if (first == MINUS || first == PLUS) i++;
  const digitsStart = i;
  // The digits as one integer: exact while there are at most 15 of them (the only case it is
  // used for besides telling zero); beyond 19 it wraps, so zero is told by `anyDigit`.
  let mantissa: u64 = 0;
  let anyDigit: u32 = 0;
  for (; i < end; i++) {
    const d = digitAt(i);
    if (d > 9) break;
    mantissa = mantissa * 10 + <u64>d;
    anyDigit |= d;
  }
  const intDigits = <i32>(i - digitsStart);
  let fractionDigits = 0;
  const hasFraction = i < end && <u32>load<u8>(i) == separator;
  if (hasFraction) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      const d = digitAt(i);
      if (d > 9) break;
      mantissa = mantissa * 10 + <u64>d;
      anyDigit |= d;
    }
    fractionDigits = <i32>(i - fractionStart);
  }
  if (intDigits + fractionDigits == 0) return 0;
  let exponent: f64 = 0;
  const hasExponent = i < end;
  if (hasExponent) {
    if ((<u32>load<u8>(i) | CASE_BIT) != LOWER_E) return 0;
    i++;
    let negativeExponent = false;
    const sign: u32 = i < end ? <u32>load<u8>(i) : 0xffff;
    if (sign == MINUS || sign == PLUS) {
      negativeExponent = sign == MINUS;
      i++;
    }
    const exponentStart = i;
    for (; i < end; i++) {
      const d = digitAt(i);
      if (d > 9) return 0;
      if (exponent < EXPONENT_CAP) exponent = exponent * 10 + <f64>d;
    }
    if (i == exponentStart) return 0;
    if (negativeExponent) exponent = -exponent;
  }

  let value: f64;
  const power = exponent - <f64>fractionDigits;
  const m = <f64>mantissa;
  if (anyDigit == 0) value = 0;
  else if (intDigits + fractionDigits > MAX_FAST_DIGITS) value = exactValue(digitsStart, end);
  else if (power == 0) value = m;
  else if (power > 0 && power <= <f64>MAX_EXACT_POW10) value = m * pow10(<i32>power);
  else if (power < 0 && power >= -<f64>MAX_EXACT_POW10) value = m / pow10(<i32>-power);
  else value = exactValue(digitsStart, end);
  if (first == MINUS) value = -value;
  let slow = 0;
  if (isNaN(value)) {
    // JavaScript's Number() decides; the caller classifies this cell again.
    slow = SLOW;
    value = 0;
  } else if (value == Infinity || value == -Infinity) {
    return 0;
  }
  cellNum = value;

  if (hasFraction || hasExponent) return FLOAT | slow;
  let flags = INT | FLOAT | slow;
  if (intDigits > 1 && <u32>load<u8>(digitsStart) == DIGIT_0) flags |= LEADING_ZERO;
  if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) flags |= BIG_INT;
  return flags;
}

function exactValue(start: usize, end: usize): f64 {
  let mantissa: f64 = 0;
  let pendingZeros = 0;
  let scale = 0;
  let inFraction = false;
  let i = start;
  for (; i < end; i++) {
    const c = <u32>load<u8>(i);
    if (c == separator) {
      inFraction = true;
      continue;
    }
    const d = c - DIGIT_0;
    if (d > 9) break;
    if (inFraction) scale--;
    if (d == 0) {
      if (mantissa != 0) pendingZeros++;
      continue;
    }
    while (pendingZeros > 0 && mantissa <= MANTISSA_LIMIT) {
      mantissa *= 10;
      pendingZeros--;
    }
    if (pendingZeros != 0 || mantissa > MANTISSA_LIMIT || (mantissa == MANTISSA_LIMIT && d > 2)) {
      return NaN;
    }
    mantissa = mantissa * 10 + <f64>d;
  }
  let exponent: f64 = 0;
  if (i < end) {
    i++;
    const sign: u32 = i < end ? <u32>load<u8>(i) : 0xffff;
    if (sign == MINUS || sign == PLUS) i++;
    for (; i < end && exponent < EXPONENT_CAP; i++) {
      exponent = exponent * 10 + <f64>(<i32>load<u8>(i) - <i32>DIGIT_0);
    }
    if (sign == MINUS) exponent = -exponent;
  }
  const power = <f64>pendingZeros + <f64>scale + exponent;
  if (power == 0) return mantissa;
  if (power > 0 && power <= <f64>MAX_EXACT_POW10) return mantissa * pow10(<i32>power);
  if (power < 0 && power >= -<f64>MAX_EXACT_POW10) return mantissa / pow10(<i32>-power);
  if (power > <f64>MAX_EXACT_POW10 && power <= <f64>(2 * MAX_EXACT_POW10)) {
    const shifted = mantissa * pow10(<i32>power - MAX_EXACT_POW10);
    if (shifted < TWO_POW_53) return shifted * pow10(MAX_EXACT_POW10);
  }
  return NaN;
}

/** The byte at `cursor`, or -1 at or past `end`. */
// @ts-expect-error: decorator
@inline
function peek(end: usize): i32 {
  return cursor < end ? <i32>load<u8>(cursor) : -1;
}

function readDigits12(end: usize): i32 {
  const d0 = peek(end) - <i32>DIGIT_0;
  if (d0 < 0 || d0 > 9) return -1;
  cursor++;
  const d1 = peek(end) - <i32>DIGIT_0;
  if (d1 < 0 || d1 > 9) return d0;
  cursor++;
  return d0 * 10 + d1;
}

function readDigits2(end: usize): i32 {
  if (cursor + 2 > end) return -1;
  const value = twoDigits(cursor);
  cursor += 2;
  return value;
}

// @ts-expect-error: decorator
@inline
function twoDigits(p: usize): i32 {
  const a = <i32>load<u8>(p) - <i32>DIGIT_0;
  const b = <i32>load<u8>(p + 1) - <i32>DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Epoch days of a valid civil date with year >= 1 (see classify.ts `epochDays`). */
function epochDays(year: i32, month: i32, day: i32): f64 {
  const y = month <= 2 ? year - 1 : year;
  const era = y / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return <f64>(era * 146_097 + dayOfEra - 719_468);
}

function isValidDate(year: i32, month: i32, day: i32): bool {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  if (day <= <i32>load<u8>(DAYS_IN_MONTH + <usize>month)) return true;
  return month == 2 && day == 29 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

// @ts-expect-error: decorator
@inline
function setDay(slot: i32, days: f64): void {
  store<f64>(cellDays + (<usize>slot << 3), days);
}

/**
 * The date forms (`YYYY-MM-DD`, `YYYY/M/D`, `M/D/YYYY` or `D/M/YYYY`, `D.M.YYYY`, and `M/D/YY`
 * or `D/M/YY` with a two-digit year, see PIVOT_YEAR), each with an optional time: ISO 8601's
 * after the ISO date, `h:mm[:ss[.f]][ AM|PM]` (parseClock) after the others. A date is a
 * datetime at midnight (DATETIME), as the ISO one always was.
 */
function parseDate(s: usize, e: usize): i32 {
  const high = twoDigits(s);
  const low = twoDigits(s + 2);
  if (high >= 0 && low >= 0) {
    const sep = <u32>load<u8>(s + 4);
    if (sep == MINUS) return parseIso(s, e, high * 100 + low);
    if (sep == SLASH) return parseYmdSlash(s + 5, e, high * 100 + low);
    return 0;
  }
  cursor = s;
  const lead = readDigits12(e);
  const sep = peek(e);
  if (sep != <i32>SLASH && sep != <i32>DOT) return 0;
  cursor++;
  const middle = readDigits12(e);
  if (middle < 0 || peek(e) != sep) return 0;
  cursor++;
  let year: i32;
  let short = 0;
  if (isDateEnd(cursor + 4, e) && cursor + 4 <= e) {
    const yearHigh = twoDigits(cursor);
    const yearLow = twoDigits(cursor + 2);
    if (yearHigh < 0 || yearLow < 0) return 0;
    year = yearHigh * 100 + yearLow;
    cursor += 4;
  } else if (sep == <i32>SLASH && isDateEnd(cursor + 2, e) && cursor + 2 <= e) {
    const yy = twoDigits(cursor);
    if (yy < 0) return 0;
    year = yy >= PIVOT_YEAR ? 1900 + yy : 2000 + yy;
    short = SHORT_YEAR;
    cursor += 2;
  } else {
    return 0;
  }
  const timed = cursor != e ? TIME : 0;
  const time = timeAfterDate(e);
  if (isNaN(time)) return 0;
  cellMs = time;
  if (sep == <i32>DOT) {
    if (!isValidDate(year, middle, lead)) return 0;
    setDay(SLOT_DOT, epochDays(year, middle, lead));
    return DATE_DOT | DATETIME | timed;
  }
  let flags = 0;
  if (isValidDate(year, lead, middle)) {
    setDay(SLOT_US, epochDays(year, lead, middle));
    flags = DATE_US;
  }
  if (isValidDate(year, middle, lead)) {
    setDay(SLOT_EU, epochDays(year, middle, lead));
    flags |= DATE_EU;
  }
  return flags == 0 ? 0 : flags | DATETIME | timed | short;
}

/** True when a date's year may end at `p`: at the cell's end or before a time. */
// @ts-expect-error: decorator
@inline
function isDateEnd(p: usize, e: usize): bool {
  if (p == e) return true;
  if (p > e) return false;
  const c = <u32>load<u8>(p);
  return c == SPACE || c == UPPER_T;
}

/**
 * After a non-ISO date at `cursor`: nothing (0, cursor stays at `e`), or a space or `T` and a
 * clock time (its milliseconds into the day, cursor at `e`); NaN for anything else.
 */
function timeAfterDate(e: usize): f64 {
  if (cursor == e) return 0;
  const c = <u32>load<u8>(cursor);
  if (c != SPACE && c != UPPER_T) return NaN;
  cursor++;
  return parseClock(e);
}

/**
 * `h:mm[:ss[.f{1,9}]]` with a one- or two-digit hour, then optionally `AM` or `PM` (either case,
 * after a space or not; the hour 1..12, 12 AM being midnight) to `e`: milliseconds into the day,
 * or NaN. The time forms Excel and US locales write (`8/29/2013 1:07:02 PM`).
 */
function parseClock(e: usize): f64 {
  let hour = readDigits12(e);
  if (hour < 0 || peek(e) != <i32>COLON) return NaN;
  cursor++;
  const minute = readDigits2(e);
  if (minute < 0 || minute > 59) return NaN;
  const seconds = readSeconds(e);
  if (seconds < 0) return NaN;
  const ms = <f64>minute * MS_PER_MINUTE + seconds;
  if (cursor != e && <u32>load<u8>(cursor) == SPACE) cursor++;
  if (cursor + 2 == e && (<u32>load<u8>(cursor + 1) | CASE_BIT) == (UPPER_M | CASE_BIT)) {
    const half = <u32>load<u8>(cursor) | CASE_BIT;
    if (half != (UPPER_A | CASE_BIT) && half != (UPPER_P | CASE_BIT)) return NaN;
    if (hour < 1 || hour > 12) return NaN;
    if (hour == 12) hour = 0;
    if (half == (UPPER_P | CASE_BIT)) hour += 12;
    cursor = e;
  }
  if (cursor != e || hour > 23) return NaN;
  return <f64>hour * MS_PER_HOUR + ms;
}

/**
 * The optional `:ss[.f{1,9}]` after a time's minutes, at `cursor`, as milliseconds (0 when
 * absent), or -1 when malformed: the seconds of every time form (clock and ISO times).
 */
// @ts-expect-error: decorator
@inline
function readSeconds(e: usize): f64 {
  if (peek(e) != <i32>COLON) return 0;
  cursor++;
  const second = readDigits2(e);
  if (second < 0 || second > 59) return -1;
  let ms = <f64>second * 1000;
  if (peek(e) == <i32>DOT) {
    cursor++;
    const fraction = readFraction(e);
    if (fraction < 0) return -1;
    ms += fraction;
  }
  return ms;
}

/** A fraction of a second's 1..9 digits at `cursor` as milliseconds (to 3 digits), or -1. */
function readFraction(e: usize): f64 {
  const fractionStart = cursor;
  let millis = 0;
  while (cursor < e) {
    const d = <i32>load<u8>(cursor) - <i32>DIGIT_0;
    if (d < 0 || d > 9) break;
    if (cursor - fractionStart < 3) millis = millis * 10 + d;
    cursor++;
  }
  const fractionDigits = <i32>(cursor - fractionStart);
  if (fractionDigits == 0 || fractionDigits > 9) return -1;
  for (let k = fractionDigits; k < 3; k++) millis *= 10;
  return <f64>millis;
}

function parseYmdSlash(from: usize, e: usize, year: i32): i32 {
  cursor = from;
  const month = readDigits12(e);
  if (month < 0 || peek(e) != <i32>SLASH) return 0;
  cursor++;
  const day = readDigits12(e);
  if (day < 0 || !isValidDate(year, month, day)) return 0;
  const timed = cursor != e ? TIME : 0;
  const time = timeAfterDate(e);
  if (isNaN(time)) return 0;
  setDay(SLOT_YMD_SLASH, epochDays(year, month, day));
  cellMs = time;
  return DATE_YMD_SLASH | DATETIME | timed;
}

function parseIso(s: usize, e: usize, year: i32): i32 {
  const length = <i32>(e - s);
  if (length < ISO_DATE_LENGTH || <u32>load<u8>(s + 7) != MINUS) return 0;
  const month = twoDigits(s + 5);
  const day = twoDigits(s + 8);
  if (!isValidDate(year, month, day)) return 0;
  const epochDay = epochDays(year, month, day);
  setDay(SLOT_ISO, epochDay);
  if (length == ISO_DATE_LENGTH) {
    cellMs = 0;
    return DATE_ISO | DATETIME;
  }
  const t = <u32>load<u8>(s + ISO_DATE_LENGTH);
  if (t != UPPER_T && t != SPACE) return 0;
  // The commonest timestamp, `HH:MM:SS.fffZ` (as JavaScript's toISOString writes it), by
  // position; every other form goes through parseTime.
  const fast = length == 24 ? millisecondsZ(s + ISO_DATE_LENGTH + 1) : -1;
  if (fast >= 0) {
    cellMs = fast;
    return DATE_ISO | TIME | DATETIME;
  }
  cursor = s + ISO_DATE_LENGTH + 1;
  const time = parseTime(e);
  if (isNaN(time)) return 0;
  cellMs = time;
  return DATE_ISO | TIME | DATETIME;
}

/** `HH:MM:SS.fffZ` at `p` as milliseconds into the day (what parseTime gives), or -1. */
function millisecondsZ(p: usize): f64 {
  if (
    <u32>load<u8>(p + 2) != COLON ||
    <u32>load<u8>(p + 5) != COLON ||
    <u32>load<u8>(p + 8) != DOT ||
    <u32>load<u8>(p + 12) != UPPER_Z
  ) {
    return -1;
  }
  const hour = twoDigits(p);
  const minute = twoDigits(p + 3);
  const second = twoDigits(p + 6);
  const high = twoDigits(p + 9);
  const low = <i32>load<u8>(p + 11) - <i32>DIGIT_0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1;
  if (high < 0 || low < 0 || low > 9) return -1;
  const millis = high * 10 + low;
  return <f64>hour * MS_PER_HOUR + <f64>minute * MS_PER_MINUTE + <f64>second * 1000 + <f64>millis;
}

function parseTime(e: usize): f64 {
  const hour = readDigits2(e);
  if (hour < 0 || hour > 23 || peek(e) != <i32>COLON) return NaN;
  cursor++;
  const minute = readDigits2(e);
  if (minute < 0 || minute > 59) return NaN;
  const seconds = readSeconds(e);
  if (seconds < 0) return NaN;
  const ms = <f64>hour * MS_PER_HOUR + <f64>minute * MS_PER_MINUTE + seconds;
  if (cursor == e) return ms;
  const zone = <u32>load<u8>(cursor);
  if (zone == UPPER_Z) return cursor + 1 == e ? ms : NaN;
  if (zone != PLUS && zone != MINUS) return NaN;
  cursor++;
  const offsetHours = readDigits2(e);
  if (offsetHours < 0 || offsetHours > 23) return NaN;
  let offsetMinutes = 0;
  if (cursor < e) {
    if (<u32>load<u8>(cursor) == COLON) cursor++;
    offsetMinutes = readDigits2(e);
    if (offsetMinutes < 0 || offsetMinutes > 59 || cursor != e) return NaN;
  }
  const offset = <f64>offsetHours * MS_PER_HOUR + <f64>offsetMinutes * MS_PER_MINUTE;
  return zone == PLUS ? ms - offset : ms + offset;
}
