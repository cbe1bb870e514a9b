// Rows straight from the scanner into a row batch (see src/profile/RowBatch.ts): what the
// profiler's per-record path does (blank rows, ragged-row counts, the column-major cell arrays)
// without leaving the kernel per record. The batch block (i32 words, byte offsets below) is
// mirrored by src/profile/kernel/rowBlock.ts.
//
// `scanRows` is `scanRecord` (scan.ts) fused with the row writes: the same steps, checks and
// errors in the same order, record for record, but with the scanner state in locals for the
// whole call, cells written straight to the batch (no per-record field arrays), escaped fields
// unescaped as they end, and the 64-byte delimiter/line-break/quote masks of the unquoted fast
// path kept across fields and records until the scan leaves their window.

import { countNewlines, findAny3, findByte, join64, unescape } from './scan';

// Scanner state words (byte offsets, see scan.ts).
const SCAN_DELIM: usize = 0;
const SCAN_QUOTE: usize = 4;
const SCAN_MAX_FIELD: usize = 8;
const SCAN_MAX_RECORD: usize = 12;
const SCAN_MAX_COLUMNS: usize = 16;
const SCAN_POS: usize = 36;
const SCAN_END: usize = 40;
const SCAN_FINAL: usize = 44;
const SCAN_LINE: usize = 48;
const SCAN_COUNT_LF: usize = 52;
const SCAN_COUNT_CRLF: usize = 56;
const SCAN_COUNT_CR: usize = 60;
const SCAN_SCRATCH: usize = 64;
const SCAN_OUT_ERROR_LINE: usize = 80;
// Scanner return codes (see scan.ts).
const SCAN_NEED_INPUT: i32 = 0;
const SCAN_DONE: i32 = 2;
const SCAN_UNTERMINATED: i32 = -1;
const SCAN_FIELD_TOO_LARGE: i32 = -2;
const SCAN_TOO_MANY_COLUMNS: i32 = -3;

const LF: i32 = 10;
const CR: i32 = 13;

// Batch block.
const WIDTH: usize = 0;
const CAPACITY: usize = 4;
/** In/out: rows in the batch. */
const ROWS: usize = 8;
/** In/out: fewest fields present in a row of the batch (the width when none is short). */
const MIN_PRESENT: usize = 12;
/** Pointers: cell starts/ends (i32, column-major: cell (c, r) at c * capacity + r), fields
 * present per row (i32), line per row (f64). */
const STARTS: usize = 16;
const ENDS: usize = 20;
const PRESENT: usize = 24;
const LINES: usize = 28;
/** Out: records scanned, data rows, blank rows, rows with too many and too few fields. */
const RECORDS: usize = 32;
const DATA_ROWS: usize = 36;
const BLANK: usize = 40;
const TOO_MANY: usize = 44;
const TOO_FEW: usize = 48;
/** Sample lines kept per list, then the three lists (f64 pointers) and their lengths. */
const SAMPLE_LINES: usize = 52;
const BLANK_LINES: usize = 56;
const BLANK_LENGTH: usize = 60;
const MANY_LINES: usize = 64;
const MANY_LENGTH: usize = 68;
const FEW_LINES: usize = 72;
const FEW_LENGTH: usize = 76;

/** {@link scanRows} returns this when the batch is full (flush it and call again). */
const ROWS_FULL: i32 = 4;

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
  // Scanner options and state.
  const delim = load<i32>(s, SCAN_DELIM);
  const quote = load<i32>(s, SCAN_QUOTE);
  const maxField = <usize>load<u32>(s, SCAN_MAX_FIELD);
  const maxRecord = <usize>load<u32>(s, SCAN_MAX_RECORD);
  const maxColumns = load<i32>(s, SCAN_MAX_COLUMNS);
  const len = <usize>load<u32>(s, SCAN_END);
  const final = load<i32>(s, SCAN_FINAL) != 0;
  let pos = <usize>load<u32>(s, SCAN_POS);
  let line = load<i32>(s, SCAN_LINE);
  let countLf = load<i32>(s, SCAN_COUNT_LF);
  let countCrlf = load<i32>(s, SCAN_COUNT_CRLF);
  let countCr = load<i32>(s, SCAN_COUNT_CR);
  let scratch = <usize>load<u32>(s, SCAN_SCRATCH);
  const vd = i8x16.splat(<i8>delim);
  const vlf = i8x16.splat(<i8>LF);
  const vcr = i8x16.splat(<i8>CR);
  const vq = i8x16.splat(<i8>quote);
  /** The 64-byte fast path holds fields below 64 bytes: only when the field limit allows. */
  const batch = maxField >= 64;

  // Batch.
  const width = load<i32>(b, WIDTH);
  const capacity = <usize>load<i32>(b, CAPACITY);
  const starts = <usize>load<u32>(b, STARTS);
  const ends = <usize>load<u32>(b, ENDS);
  const present = <usize>load<u32>(b, PRESENT);
  const lines = <usize>load<u32>(b, LINES);
  const stride = capacity << 2;
  let rows = <usize>load<i32>(b, ROWS);
  let minPresent = load<i32>(b, MIN_PRESENT);
  let records = load<i32>(b, RECORDS);
  let dataRows = load<i32>(b, DATA_ROWS);

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
        qMask = mask64(i, vq);
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
          count < maxColumns &&
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
          // Fast path (scan.ts): every unquoted field in the window from i that a delimiter
          // ends, up to the first line break, the first field that starts with a quote, the
          // last input byte or the end of the window.
          if (!windowSet || i - window >= WINDOW_REFRESH) {
            window = i;
            windowSet = true;
            dMask = mask64(i, vd);
            nlMask = breaks64(i, vlf, vcr);
            qMask = mask64(i, vq);
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
          if (n + count <= maxColumns) {
            let from = i;
            while (dm != 0) {
              const at = i + <usize>ctz<u64>(dm);
              if (n < width) {
                store<u32>(cellStart, <u32>from);
                store<u32>(cellEnd, <u32>at);
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
      if (n >= maxColumns) {
        code = SCAN_TOO_MANY_COLUMNS;
        errorLine = line;
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
        if (n < width) {
          store<u32>(cellStart, <u32>len);
          store<u32>(cellEnd, <u32>len);
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

    // The record is complete: into the batch (or counted as blank).
    records++;
    scratch = o;
    pos = next;
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

  store<u32>(s, <u32>pos, SCAN_POS);
  store<i32>(s, line, SCAN_LINE);
  store<i32>(s, countLf, SCAN_COUNT_LF);
  store<i32>(s, countCrlf, SCAN_COUNT_CRLF);
  store<i32>(s, countCr, SCAN_COUNT_CR);
  store<u32>(s, <u32>scratch, SCAN_SCRATCH);
  if (code < 0) store<i32>(s, errorLine, SCAN_OUT_ERROR_LINE);
  store<i32>(b, <i32>rows, ROWS);
  store<i32>(b, minPresent, MIN_PRESENT);
  store<i32>(b, records, RECORDS);
  store<i32>(b, dataRows, DATA_ROWS);
  return code;
}
