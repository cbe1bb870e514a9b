// The record state machine of the CSV scanner (see scan.ts for the state block), in two modes:
// `scanRecord` (scan.ts) runs it for one record into the scanner's field arrays, `scanRows`
// runs it for rows straight into a row batch (see src/profile/RowBatch.ts): what the
// profiler's per-record path does (blank rows, ragged-row counts, the column-major cell arrays)
// without leaving the kernel per record. The batch block's layout is generated (layout/rowBlock.ts,
// from scripts/kernel-layout.mjs) for both sides.
//
// Both modes run the same steps, checks and errors in the same order, record for record, with
// the scanner state in locals for the whole call, escaped fields unescaped as they end, and the
// 64-byte delimiter/line-break/quote masks of the unquoted fast path kept across fields and
// records until the scan leaves their window. The mode is a constant of each inlined copy, so
// each entry compiles to its own loop.

import {
  COMMENT,
  COMMENT_ALL,
  COMMENT_CAP,
  COMMENT_LENGTH,
  COMMENT_LINES,
  COMMENTS,
  COUNT_CR,
  COUNT_CRLF,
  COUNT_LF,
  CR,
  DELIM,
  END,
  FIELD_CAP,
  FINAL,
  KINDS,
  LF,
  LINE,
  MAX_COLUMNS,
  MAX_FIELD,
  MAX_RECORD,
  OUT_END,
  OUT_ERROR_LINE,
  OUT_FIELDS,
  OUT_LINE,
  POS,
  QUOTE,
  SCAN_DONE,
  SCAN_FIELD_TOO_LARGE,
  SCAN_NEED_FIELDS,
  SCAN_NEED_INPUT,
  SCAN_RECORD,
  SCAN_TOO_MANY_COLUMNS,
  SCAN_UNTERMINATED,
  SCRATCH,
  ENDS as FIELD_ENDS,
  STARTS as FIELD_STARTS,
  countNewlines,
  findAny3,
  findByte,
  join64,
  unescape,
} from './scan';

// The batch block (byte offsets of i32 words, see layout/rowBlock.ts): width, capacity, rows,
// fewest fields present, the cell starts/ends (column-major: cell (c, r) at c * capacity + r),
// fields present and line per row, what the scan counted, and the sample line lists.
import {
  BLANK,
  BLANK_LENGTH,
  BLANK_LINES,
  CAPACITY,
  DATA_ROWS,
  ENDS,
  FEW_LENGTH,
  FEW_LINES,
  LINES,
  MALFORMED,
  MALFORMED_LENGTH,
  MALFORMED_LINES,
  MANY_LENGTH,
  MANY_LINES,
  MIN_PRESENT,
  PRESENT,
  RECORDS,
  ROWS,
  SAMPLE_LINES,
  STARTS,
  TOO_FEW,
  TOO_MANY,
  WIDTH,
} from './layout/rowBlock';
/** {@link scanRows} returns ROWS_FULL when the batch is full (flush it and call again). */
import { ROWS_FULL } from './layout/scanResult';

/**
 * The masks of a field start at this offset or later in the current window are computed again
 * (at the field start) first: fewer than this many bytes of the window would be left to use.
 */
const WINDOW_REFRESH: usize = 40;

/** Appends `line` to the list at `list` (f64s) whose length is at `length`, while it has room. */
// @ts-expect-error: decorator
@inline
function note(b: usize, list: usize, length: usize, line: i32): void {
  const n = load<i32>(b + length);
  if (n < load<i32>(b, SAMPLE_LINES)) {
    store<f64>(<usize>load<u32>(b + list) + (<usize>n << 3), <f64>line);
    store<i32>(b + length, n + 1);
  }
}

/** Appends `line` to the scanner's comment line list while it has room (see note). */
// @ts-expect-error: decorator
@inline
function noteComment(s: usize, line: i32): void {
  const n = load<i32>(s, COMMENT_LENGTH);
  if (n < load<i32>(s, COMMENT_CAP)) {
    store<f64>(<usize>load<u32>(s, COMMENT_LINES) + (<usize>n << 3), <f64>line);
    store<i32>(s, n + 1, COMMENT_LENGTH);
  }
}

/** Bit k set where byte `p + k` (k < 64) equals the byte in every lane of `v`. */
// @ts-expect-error: decorator
@inline
function mask64(p: usize, v: v128): u64 {
  return join64(
    i8x16.bitmask(i8x16.eq(v128.load(p), v)),
    i8x16.bitmask(i8x16.eq(v128.load(p, 16), v)),
    i8x16.bitmask(i8x16.eq(v128.load(p, 32), v)),
    i8x16.bitmask(i8x16.eq(v128.load(p, 48), v)),
  );
}

/** Bit k set where byte `p + k` (k < 64) is LF or CR. */
// @ts-expect-error: decorator
@inline
function breaks64(p: usize, vlf: v128, vcr: v128): u64 {
  const v0 = v128.load(p);
  const v1 = v128.load(p, 16);
  const v2 = v128.load(p, 32);
  const v3 = v128.load(p, 48);
  return join64(
    i8x16.bitmask(v128.or(i8x16.eq(v0, vlf), i8x16.eq(v0, vcr))),
    i8x16.bitmask(v128.or(i8x16.eq(v1, vlf), i8x16.eq(v1, vcr))),
    i8x16.bitmask(v128.or(i8x16.eq(v2, vlf), i8x16.eq(v2, vcr))),
    i8x16.bitmask(v128.or(i8x16.eq(v3, vlf), i8x16.eq(v3, vcr))),
  );
}

/**
 * Scans records (scanner state `s`, see scan.ts) into the batch block `b` until the batch is
 * full (ROWS_FULL) or the scan stops; returns the scanner's code then (never SCAN_RECORD). The
 * scanner state afterwards is what `scanRecord` calls would leave (POS, LINE, the line-ending
 * counts, SCRATCH, OUT_ERROR_LINE on errors; not the per-record out words or field arrays).
 */
export function scanRows(s: usize, b: usize): i32 {
  return scanRecords(s, b, false);
}

/**
 * The record state machine: with `one` (a constant), the record at POS into the scanner's field
 * arrays and out words (see `scanRecord`), else records into the batch block `b` (`scanRows`).
 */
// @ts-expect-error: decorator
@inline
export function scanRecords(s: usize, b: usize, one: bool): i32 {
  // Scanner options and state.
  const delim = load<i32>(s, DELIM);
  const quote = load<i32>(s, QUOTE);
  const maxField = <usize>load<u32>(s, MAX_FIELD);
  const maxRecord = <usize>load<u32>(s, MAX_RECORD);
  const maxColumns = load<i32>(s, MAX_COLUMNS);
  const len = <usize>load<u32>(s, END);
  const final = load<i32>(s, FINAL) != 0;
  let pos = <usize>load<u32>(s, POS);
  let line = load<i32>(s, LINE);
  let countLf = load<i32>(s, COUNT_LF);
  let countCrlf = load<i32>(s, COUNT_CRLF);
  let countCr = load<i32>(s, COUNT_CR);
  let scratch = <usize>load<u32>(s, SCRATCH);
  const vd = i8x16.splat(<i8>delim);
  const vlf = i8x16.splat(<i8>LF);
  const vcr = i8x16.splat(<i8>CR);
  const vq = i8x16.splat(<i8>quote);
  /**
   * No quote character (QUOTE -1): no byte starts a quoted field, and the quote mask stays empty
   * (a splat of -1 would match the byte 0xFF).
   */
  const quoting = quote >= 0;
  /**
   * Comment lines: with COMMENT_ALL, every line that starts with the comment byte is skipped as
   * it is (quotes in it mean nothing); else, in rows mode, a record that starts with it and does
   * not have the batch's width is counted as a comment instead of a row.
   */
  const comment = load<i32>(s, COMMENT);
  const commentAll = comment >= 0 && load<i32>(s, COMMENT_ALL) != 0;
  const commentWidth = comment >= 0 && !commentAll && !one;
  let comments = load<i32>(s, COMMENTS);
  /** The 64-byte fast path holds fields below 64 bytes: only when the field limit allows. */
  const batch = maxField >= 64;

  // Where fields go. One record: the field arrays (one "row" of `cap` cells, stride 4, and the
  // kinds), which hold `limit` fields before SCAN_NEED_FIELDS. Rows: the batch's columns.
  const cap = one ? load<i32>(s, FIELD_CAP) : 0;
  const limit = one ? min(maxColumns, cap) : maxColumns;
  const kinds: usize = one ? <usize>load<u32>(s, KINDS) : 0;
  const width = one ? cap : load<i32>(b, WIDTH);
  const capacity: usize = one ? 1 : <usize>load<i32>(b, CAPACITY);
  const starts: usize = one ? <usize>load<u32>(s, FIELD_STARTS) : <usize>load<u32>(b, STARTS);
  const ends: usize = one ? <usize>load<u32>(s, FIELD_ENDS) : <usize>load<u32>(b, ENDS);
  const present: usize = one ? 0 : <usize>load<u32>(b, PRESENT);
  const lines: usize = one ? 0 : <usize>load<u32>(b, LINES);
  const stride = capacity << 2;
  let rows: usize = one ? 0 : <usize>load<i32>(b, ROWS);
  let minPresent = one ? 0 : load<i32>(b, MIN_PRESENT);
  let records = one ? 0 : load<i32>(b, RECORDS);
  let dataRows = one ? 0 : load<i32>(b, DATA_ROWS);

  // The masks of the 64 bytes at `window` (none yet: window + 64 <= any field start).
  let window: usize = 0;
  let dMask: u64 = 0;
  let nlMask: u64 = 0;
  let qMask: u64 = 0;
  let windowSet = false;

  let code = ROWS_FULL;
  let errorLine = 0;
  while (true) {
    if (rows >= capacity) break;
    if (pos >= len) {
      code = final ? SCAN_DONE : SCAN_NEED_INPUT;
      break;
    }
    const recordStart = pos;
    if (commentAll && <i32>load<u8>(pos) == comment) {
      // A comment line: skipped to its line break, which is counted like a record's.
      const j = findAny3(pos, len, vlf, vlf, vcr);
      let next = len;
      if (j < len) {
        next = j + 1;
        if (<i32>load<u8>(j) == CR) {
          if (next == len && !final) {
            code = SCAN_NEED_INPUT; // CR or CRLF?
            break;
          }
          if (next < len && <i32>load<u8>(next) == LF) {
            next++;
            countCrlf++;
          } else {
            countCr++;
          }
        } else {
          countLf++;
        }
      } else if (!final) {
        code = SCAN_NEED_INPUT; // the line may continue
        break;
      }
      if (next - recordStart > maxRecord) {
        code = SCAN_FIELD_TOO_LARGE;
        errorLine = line;
        break;
      }
      comments++;
      noteComment(s, line);
      if (j < len) line++;
      pos = next;
      continue;
    }
    let n: i32 = 0;
    /** Start of the record's first quoted field; newlines can only be inside quotes. */
    let quoted = false;
    let quotedFrom: usize = 0;
    /** Where the next unescaped field goes (committed to `scratch` with the record). */
    let o = scratch;
    /** The record's first field (to tell blank rows). */
    let firstStart: usize = 0;
    let firstEnd: usize = 0;
    /** Where the record's next cell start/end goes while it is below the width. */
    let cellStart = starts + (rows << 2);
    let cellEnd = ends + (rows << 2);
    /** Where the record ends (after its terminator) and the line of the next one. */
    let next: usize = 0;
    let nextLine = line;
    let i = pos;
    /** A field of the record has text after its closing quote (kind 2). */
    let malformed = false;

    // Whole-record fast path: an unquoted record whose line break is in the window, with no
    // field starting with a quote, within the column limit and ended by LF or CRLF (or a CR that
    // is known not to start a CRLF; a line break that is the delimiter ends a field, not the
    // record): all its fields come from the masks. Anything else (and
    // every check that could fail) goes through the field loop below.
    let whole = false;
    if (batch && <i32>load<u8>(i) != quote) {
      if (!windowSet || i - window >= WINDOW_REFRESH) {
        window = i;
        windowSet = true;
        dMask = mask64(i, vd);
        nlMask = breaks64(i, vlf, vcr);
        qMask = quoting ? mask64(i, vq) : 0;
      }
      const off = i - window;
      const lineBreak = <usize>ctz<u64>(nlMask >> <u64>off);
      const j = i + lineBreak;
      if (lineBreak < <usize>64 - off && j < len) {
        const below = (<u64>1 << <u64>lineBreak) - 1;
        let d = (dMask >> <u64>off) & below;
        const count = <i32>popcnt<u64>(d);
        const c = <i32>load<u8>(j);
        const end = c == CR ? j + 1 : 0;
        if (
          c != delim &&
          ((qMask >> <u64>off) & (d << 1)) == 0 &&
          count < limit &&
          (end == 0 || end < len || final)
        ) {
          next = j + 1;
          let crlf = false;
          if (end != 0 && end < len && <i32>load<u8>(end) == LF) {
            next++;
            crlf = true;
          }
          if (next - recordStart <= maxRecord) {
            if (end == 0) countLf++;
            else if (crlf) countCrlf++;
            else countCr++;
            firstStart = i;
            firstEnd = d != 0 ? i + <usize>ctz<u64>(d) : j;
            let from = i;
            while (d != 0) {
              const at = i + <usize>ctz<u64>(d);
              if (n < width) {
                store<u32>(cellStart, <u32>from);
                store<u32>(cellEnd, <u32>at);
                if (one) store<u8>(kinds + <usize>n, 0);
                cellStart += stride;
                cellEnd += stride;
              }
              n++;
              from = at + 1;
              d &= d - 1;
            }
            if (n < width) {
              store<u32>(cellStart, <u32>from);
              store<u32>(cellEnd, <u32>j);
              if (one) store<u8>(kinds + <usize>n, 0);
            }
            n++;
            nextLine = line + 1;
            whole = true;
          }
        }
      }
    }

    // Invariant at the top: i < len (a field starts at i). Skipped when the record is whole.
    while (!whole) {
      let valueStart = i;
      let valueEnd: usize;
      let kind: i32 = 0;
      let j: usize = 0;
      let found = false;

      if (<i32>load<u8>(i) != quote) {
        if (batch) {
          // Fast path: every unquoted field in the window from i that a delimiter ends, up to
          // the first line break, the first field that starts with a quote, the last input byte
          // or the end of the window.
          if (!windowSet || i - window >= WINDOW_REFRESH) {
            window = i;
            windowSet = true;
            dMask = mask64(i, vd);
            nlMask = breaks64(i, vlf, vcr);
            qMask = quoting ? mask64(i, vq) : 0;
          }
          const off = i - window;
          const avail = <usize>64 - off;
          const d = dMask >> <u64>off;
          const q = qMask >> <u64>off;
          const lineBreak = <usize>ctz<u64>(nlMask >> <u64>off);
          let stop = lineBreak < avail ? lineBreak : avail;
          const quoteField = <usize>ctz<u64>(q & (d << 1));
          if (quoteField < stop) stop = quoteField;
          const rest = len - i - 1;
          if (rest < stop) stop = rest;
          let dm = stop >= 64 ? d : d & ((<u64>1 << <u64>stop) - 1);
          const count = <i32>popcnt<u64>(dm);
          if (n + count <= limit) {
            let from = i;
            while (dm != 0) {
              const at = i + <usize>ctz<u64>(dm);
              if (n < width) {
                store<u32>(cellStart, <u32>from);
                store<u32>(cellEnd, <u32>at);
                if (one) store<u8>(kinds + <usize>n, 0);
                cellStart += stride;
                cellEnd += stride;
              }
              if (n == 0) {
                firstStart = from;
                firstEnd = at;
              }
              n++;
              from = at + 1;
              dm &= dm - 1;
            }
            if (stop == lineBreak && lineBreak < avail && quoteField != stop) {
              // The line break ends the next field: on to the checks and the end of the record.
              // (Not when that field starts with a quote: only with a line break as the quote.)
              valueStart = from;
              j = i + stop;
              found = true;
            } else if (count != 0) {
              i = from;
              continue;
            } else if (off != 0) {
              // Nothing in what was left of the window: take the 64 bytes at i.
              windowSet = false;
              continue;
            }
          }
        }
        if (!found) j = findAny3(i, len, vd, vlf, vcr);
        valueEnd = j;
      } else {
        // Quoted field: find the closing quote, skipping doubled quotes.
        const fieldStart = i;
        if (!quoted) {
          quoted = true;
          quotedFrom = fieldStart;
        }
        valueStart = i + 1;
        j = valueStart;
        let closed = false;
        let k: usize = 0;
        while (true) {
          k = findByte(j, len, vq);
          if (k == len) break;
          if (k + 1 < len && <i32>load<u8>(k + 1) == quote) {
            kind = 1;
            j = k + 2;
            continue;
          }
          if (k + 1 == len && !final) break; // a doubled quote may follow in the next chunk
          closed = true;
          break;
        }
        if (!closed) {
          if (!final) {
            if (len - fieldStart > maxField) {
              code = SCAN_FIELD_TOO_LARGE;
              errorLine = line;
            } else {
              code = SCAN_NEED_INPUT;
            }
            break;
          }
          code = SCAN_UNTERMINATED;
          errorLine = line + countNewlines(countCr > 0, recordStart, fieldStart, len);
          break;
        }
        valueEnd = k;
        j = k + 1;
        if (j < len) {
          const c = <i32>load<u8>(j);
          if (c != delim && c != LF && c != CR) {
            // Text after the closing quote: keep it (lenient), undo quotes while copying.
            kind = 2;
            malformed = true;
            j = findAny3(j, len, vd, vlf, vcr);
            valueStart = fieldStart;
            valueEnd = j;
          }
        }
      }

      if (j >= len && !final) {
        code = SCAN_NEED_INPUT; // the record may continue
        break;
      }
      if (valueEnd - valueStart > maxField) {
        code = SCAN_FIELD_TOO_LARGE;
        errorLine = line;
        break;
      }
      if (n >= limit) {
        // One record: the field arrays are full below the column limit (grow them).
        if (one && n < maxColumns) {
          code = SCAN_NEED_FIELDS;
        } else {
          code = SCAN_TOO_MANY_COLUMNS;
          errorLine = line;
        }
        break;
      }
      if (kind != 0) {
        const begin = o;
        o = unescape(valueStart, valueEnd, kind, quote, o);
        valueStart = begin;
        valueEnd = o;
      }
      if (n < width) {
        store<u32>(cellStart, <u32>valueStart);
        store<u32>(cellEnd, <u32>valueEnd);
        if (one) store<u8>(kinds + <usize>n, <u8>kind);
        cellStart += stride;
        cellEnd += stride;
      }
      if (n == 0) {
        firstStart = valueStart;
        firstEnd = valueEnd;
      }
      n++;

      if (j >= len) {
        // final: EOF ends the record.
        next = len;
        break;
      }
      const c = <i32>load<u8>(j);
      if (c == delim) {
        i = j + 1;
        if (i < len) continue;
        if (!final) {
          code = SCAN_NEED_INPUT;
          break;
        }
        // Trailing delimiter at EOF: one more empty field (CsvParser checks no limit here).
        if (one && n >= cap) {
          code = SCAN_NEED_FIELDS;
          break;
        }
        if (n < width) {
          store<u32>(cellStart, <u32>len);
          store<u32>(cellEnd, <u32>len);
          if (one) store<u8>(kinds + <usize>n, 0);
        }
        n++;
        next = len;
        break;
      }
      // End of record: LF, CR or CRLF.
      next = j + 1;
      if (c == CR) {
        if (next == len && !final) {
          code = SCAN_NEED_INPUT; // CR or CRLF?
          break;
        }
        if (next < len && <i32>load<u8>(next) == LF) {
          next++;
          countCrlf++;
        } else {
          countCr++;
        }
      } else {
        countLf++;
      }
      if (next - recordStart > maxRecord) {
        code = SCAN_FIELD_TOO_LARGE;
        errorLine = line;
        break;
      }
      nextLine = quoted ? line + 1 + countNewlines(countCr > 0, quotedFrom, j, len) : line + 1;
      break;
    }
    // A stop inside the record (it needs more input, or an error) set the code.
    if (code != ROWS_FULL) break;

    // The record is complete: into the out words, or into the batch (or counted as blank).
    scratch = o;
    pos = next;
    if (one) {
      store<i32>(s, n, OUT_FIELDS);
      store<i32>(s, line, OUT_LINE);
      store<u32>(s, <u32>next, OUT_END);
      line = nextLine;
      code = SCAN_RECORD;
      break;
    }
    records++;
    if (commentWidth && n != width && <i32>load<u8>(recordStart) == comment) {
      // A comment line by its width (see `commentWidth`): not a row.
      comments++;
      noteComment(s, line);
      line = nextLine;
      continue;
    }
    if (malformed) {
      store<i32>(b, load<i32>(b, MALFORMED) + 1, MALFORMED);
      note(b, MALFORMED_LINES, MALFORMED_LENGTH, line);
    }
    if (n == 1 && firstStart == firstEnd) {
      store<i32>(b, load<i32>(b, BLANK) + 1, BLANK);
      note(b, BLANK_LINES, BLANK_LENGTH, line);
    } else {
      dataRows++;
      let fields = n;
      if (n != width) {
        if (n > width) {
          store<i32>(b, load<i32>(b, TOO_MANY) + 1, TOO_MANY);
          note(b, MANY_LINES, MANY_LENGTH, line);
          fields = width;
        } else {
          store<i32>(b, load<i32>(b, TOO_FEW) + 1, TOO_FEW);
          note(b, FEW_LINES, FEW_LENGTH, line);
        }
      }
      store<i32>(present + (rows << 2), fields);
      if (fields < minPresent) minPresent = fields;
      store<f64>(lines + (rows << 3), <f64>line);
      rows++;
    }
    line = nextLine;
  }

  store<u32>(s, <u32>pos, POS);
  store<i32>(s, line, LINE);
  store<i32>(s, countLf, COUNT_LF);
  store<i32>(s, countCrlf, COUNT_CRLF);
  store<i32>(s, countCr, COUNT_CR);
  store<u32>(s, <u32>scratch, SCRATCH);
  store<i32>(s, comments, COMMENTS);
  if (code < 0) store<i32>(s, errorLine, OUT_ERROR_LINE);
  if (!one) {
    store<i32>(b, <i32>rows, ROWS);
    store<i32>(b, minPresent, MIN_PRESENT);
    store<i32>(b, records, RECORDS);
    store<i32>(b, dataRows, DATA_ROWS);
  }
  return code;
}
