// CSV scanner: the byte loop of src/profile/parse/CsvParser.ts (`#scan`), one record per call,
// record for record identical to it (test/profile/kernelCsvParser*.test.ts hold them equal).
//
// The caller (src/profile/parse/KernelCsvParser.ts) owns all memory. It writes the options and
// pointers into a state block of i32 words (layout below, offsets in bytes; every pointer is
// an absolute linear-memory offset) and calls `scanRecord(state)` until it stops returning
// SCAN_RECORD. Per record the scanner writes each field's value `start`/`end` (i32) and `kind`
// (u8: 0 raw, 1 quoted with doubled quotes, 2 quoted followed by more text) to the arrays at
// STARTS/ENDS/KINDS; fields of kind 1/2 are unescaped into the scratch region and their
// start/end point there. Input and scratch need 64 readable/writable bytes past their ends
// (SIMD loads and stores run over).
//
// Speed: an unquoted field starts a 64-byte fast path (delimiter, line-break and quote bit masks
// of the 64 bytes; every field a delimiter ends is stored from the mask, up to the first line
// break, quoted field or the last input byte); everything else runs CsvParser's own steps, with
// 16-byte SIMD searches for the next quote or special byte. The fast path only runs when the
// field limit is at least 64 bytes and stops before the column limit or the arrays' capacity,
// so every check and error happens in the same place as in CsvParser.

/** State block layout (byte offsets of i32 words). */
const DELIM: usize = 0;
const QUOTE: usize = 4;
const MAX_FIELD: usize = 8;
const MAX_RECORD: usize = 12;
const MAX_COLUMNS: usize = 16;
/** Capacity of the STARTS/ENDS/KINDS arrays, in fields. */
const FIELD_CAP: usize = 20;
const STARTS: usize = 24;
const ENDS: usize = 28;
const KINDS: usize = 32;
/** In/out: first byte of the next record (the carried partial record when the scan stops). */
const POS: usize = 36;
/** End of the input (exclusive). */
const END: usize = 40;
/** 1 when END is the end of the file. */
const FINAL: usize = 44;
/** In/out: 1-based physical line where the record at POS starts. */
const LINE: usize = 48;
/** In/out: records ended by LF, CRLF and CR. */
const COUNT_LF: usize = 52;
const COUNT_CRLF: usize = 56;
const COUNT_CR: usize = 60;
/** In/out: where the next unescaped field is written. */
const SCRATCH: usize = 64;
/** Out (SCAN_RECORD): field count, start line and end offset (pointer) of the record. */
const OUT_FIELDS: usize = 68;
const OUT_LINE: usize = 72;
const OUT_END: usize = 76;
/** Out (errors): the line the error names. */
const OUT_ERROR_LINE: usize = 80;

/** Return codes of {@link scanRecord} (mirrored in KernelCsvParser.ts). */
const SCAN_RECORD: i32 = 1;
const SCAN_NEED_INPUT: i32 = 0;
const SCAN_DONE: i32 = 2;
const SCAN_NEED_FIELDS: i32 = 3;
const SCAN_UNTERMINATED: i32 = -1;
const SCAN_FIELD_TOO_LARGE: i32 = -2;
const SCAN_TOO_MANY_COLUMNS: i32 = -3;

const LF: i32 = 10;
const CR: i32 = 13;

/** First of `p..end` (p < end) that equals `a`, `b` or `c` (`end` when none). */
// @ts-expect-error: decorator
@inline
export function findAny3(p: usize, end: usize, va: v128, vb: v128, vc: v128): usize {
  do {
    const v = v128.load(p);
    const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, va), i8x16.eq(v, vb)), i8x16.eq(v, vc)));
    if (m != 0) {
      const r = p + <usize>ctz<i32>(m);
      return r < end ? r : end;
    }
    p += 16;
  } while (p < end);
  return end;
}

/** The four 16-bit lane masks of 64 bytes as one mask (bit k: byte k). */
// @ts-expect-error: decorator
@inline
export function join64(m0: i32, m1: i32, m2: i32, m3: i32): u64 {
  return <u64>(<u32>m0 | (<u32>m1 << 16)) | (<u64>(<u32>m2 | (<u32>m3 << 16)) << 32);
}

/** First of `p..end` that equals the byte in every lane of `vq` (`end` when none). */
// @ts-expect-error: decorator
@inline
export function findByte(p: usize, end: usize, vq: v128): usize {
  while (p < end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), vq));
    if (m != 0) {
      const r = p + <usize>ctz<i32>(m);
      return r < end ? r : end;
    }
    p += 16;
  }
  return end;
}

/** Copies `from..to` to `out` 16 bytes at a time (may write up to 15 bytes past); the new out. */
// @ts-expect-error: decorator
@inline
function copyRun(from: usize, to: usize, out: usize): usize {
  let k = from;
  let o = out;
  while (k < to) {
    v128.store(o, v128.load(k));
    k += 16;
    o += 16;
  }
  return out + (to - from);
}

/**
 * Newlines in `from..to` (quoted fields of one record; input ends at `end`): LF, and a lone CR
 * once the file has CR line endings, `crSeen` (CsvParser `#countNewlines`).
 */
export function countNewlines(crSeen: bool, from: usize, to: usize, end: usize): i32 {
  let count = 0;
  if (crSeen) {
    for (let q = from; q < to; q++) {
      const b = <i32>load<u8>(q);
      if (b == LF) count++;
      else if (b == CR && !(q + 1 < end && <i32>load<u8>(q + 1) == LF)) count++;
    }
    return count;
  }
  const vlf = i8x16.splat(<i8>LF);
  let p = from;
  while (p < to) {
    const v = v128.load(p);
    let m = i8x16.bitmask(i8x16.eq(v, vlf));
    const left = to - p;
    if (left < 16) m &= (1 << <i32>left) - 1;
    count += popcnt<i32>(m);
    p += 16;
  }
  return count;
}

/**
 * Writes the value of a kind 1 (`"a""b"` content) or kind 2 (`"a"b`, whole field) field
 * `start..end` with its quotes undone to `out`; returns the end of what it wrote.
 */
export function unescape(start: usize, end: usize, kind: i32, quote: i32, out: usize): usize {
  const vq = i8x16.splat(<i8>quote);
  let k = start;
  let o = out;
  // kind 2 starts at the opening quote; its quoted part ends at the first single quote.
  if (kind == 2) k++;
  while (k < end) {
    const v = v128.load(k);
    v128.store(o, v);
    let m = i8x16.bitmask(i8x16.eq(v, vq));
    const left = end - k;
    if (left < 16) m &= (1 << <i32>left) - 1;
    if (m == 0) {
      if (left <= 16) return o + left;
      k += 16;
      o += 16;
      continue;
    }
    const q = <usize>ctz<i32>(m);
    if (kind == 2 && <i32>load<u8>(k + q + 1) != quote) {
      // The closing quote: the rest of the field is kept as is.
      return copyRun(k + q + 1, end, o + q);
    }
    // A doubled quote: keep one.
    o += q + 1;
    k += q + 2;
  }
  return o;
}

/**
 * Scans the record at POS (see the state layout above). Returns SCAN_RECORD with the record in
 * the out words and POS/LINE/counts advanced; SCAN_NEED_INPUT when the record may continue
 * past END (POS unchanged); SCAN_DONE when a final input is used up; SCAN_NEED_FIELDS when the
 * field arrays are full (grow them and call again); a negative error code with OUT_ERROR_LINE.
 */
export function scanRecord(s: usize): i32 {
  const delim = load<i32>(s, DELIM);
  const quote = load<i32>(s, QUOTE);
  const maxField = <usize>load<u32>(s, MAX_FIELD);
  const maxColumns = load<i32>(s, MAX_COLUMNS);
  const cap = load<i32>(s, FIELD_CAP);
  /** Fields storable without a check: below both the column limit and the array capacity. */
  const limit = min(maxColumns, cap);
  const starts = <usize>load<u32>(s, STARTS);
  const ends = <usize>load<u32>(s, ENDS);
  const kinds = <usize>load<u32>(s, KINDS);
  const len = <usize>load<u32>(s, END);
  const final = load<i32>(s, FINAL) != 0;
  const recordStart = <usize>load<u32>(s, POS);
  const line = load<i32>(s, LINE);
  const vd = i8x16.splat(<i8>delim);
  const vlf = i8x16.splat(<i8>LF);
  const vcr = i8x16.splat(<i8>CR);
  const vq = i8x16.splat(<i8>quote);
  /** The 64-byte fast path holds fields below 64 bytes: only when the field limit allows. */
  const batch = maxField >= 64;

  if (recordStart >= len) return final ? SCAN_DONE : SCAN_NEED_INPUT;

  let n: i32 = 0;
  let escaped = false;
  /** Start of the record's first quoted field; newlines can only be inside quotes. */
  let quoted = false;
  let quotedFrom: usize = 0;
  let i = recordStart;

  // Invariant at the top: i < len (a field starts at i).
  while (true) {
    let valueStart = i;
    let valueEnd: usize;
    let kind: i32 = 0;
    let j: usize = 0;
    let found = false;

    if (<i32>load<u8>(i) != quote) {
      if (batch) {
        // Fast path: every unquoted field in the 64 bytes at i that a delimiter ends, up to the
        // first line break, the first field that starts with a quote, or the last input byte.
        const v0 = v128.load(i);
        const v1 = v128.load(i, 16);
        const v2 = v128.load(i, 32);
        const v3 = v128.load(i, 48);
        const d = join64(
          i8x16.bitmask(i8x16.eq(v0, vd)),
          i8x16.bitmask(i8x16.eq(v1, vd)),
          i8x16.bitmask(i8x16.eq(v2, vd)),
          i8x16.bitmask(i8x16.eq(v3, vd)),
        );
        const nl = join64(
          i8x16.bitmask(v128.or(i8x16.eq(v0, vlf), i8x16.eq(v0, vcr))),
          i8x16.bitmask(v128.or(i8x16.eq(v1, vlf), i8x16.eq(v1, vcr))),
          i8x16.bitmask(v128.or(i8x16.eq(v2, vlf), i8x16.eq(v2, vcr))),
          i8x16.bitmask(v128.or(i8x16.eq(v3, vlf), i8x16.eq(v3, vcr))),
        );
        const q = join64(
          i8x16.bitmask(i8x16.eq(v0, vq)),
          i8x16.bitmask(i8x16.eq(v1, vq)),
          i8x16.bitmask(i8x16.eq(v2, vq)),
          i8x16.bitmask(i8x16.eq(v3, vq)),
        );
        const lineBreak = <usize>ctz<u64>(nl);
        let stop = lineBreak;
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
            store<u32>(starts + (<usize>n << 2), <u32>from);
            store<u32>(ends + (<usize>n << 2), <u32>at);
            store<u8>(kinds + <usize>n, 0);
            n++;
            from = at + 1;
            dm &= dm - 1;
          }
          if (stop == lineBreak && stop < 64 && quoteField != stop) {
            // The line break ends the next field: on to the checks and the end of the record.
            // (Not when that field starts with a quote: only with a line break as the quote.)
            valueStart = from;
            j = i + stop;
            found = true;
          } else if (count != 0) {
            i = from;
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
          escaped = true;
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
          if (len - fieldStart > maxField) return fail(s, SCAN_FIELD_TOO_LARGE, line);
          return SCAN_NEED_INPUT;
        }
        return fail(s, SCAN_UNTERMINATED, line + countNewlines(load<i32>(s, COUNT_CR) > 0, recordStart, fieldStart, len));
      }
      valueEnd = k;
      j = k + 1;
      if (j < len) {
        const c = <i32>load<u8>(j);
        if (c != delim && c != LF && c != CR) {
          // Text after the closing quote: keep it (lenient), undo quotes while copying.
          escaped = true;
          kind = 2;
          j = findAny3(j, len, vd, vlf, vcr);
          valueStart = fieldStart;
          valueEnd = j;
        }
      }
    }

    if (j >= len && !final) return SCAN_NEED_INPUT; // the record may continue
    if (valueEnd - valueStart > maxField) return fail(s, SCAN_FIELD_TOO_LARGE, line);
    if (n >= limit) {
      if (n >= maxColumns) return fail(s, SCAN_TOO_MANY_COLUMNS, line);
      return SCAN_NEED_FIELDS;
    }
    store<u32>(starts + (<usize>n << 2), <u32>valueStart);
    store<u32>(ends + (<usize>n << 2), <u32>valueEnd);
    store<u8>(kinds + <usize>n, <u8>kind);
    n++;

    if (j >= len) {
      // final: EOF ends the record.
      emit(s, n, line, escaped, len);
      return SCAN_RECORD;
    }
    const c = <i32>load<u8>(j);
    if (c == delim) {
      i = j + 1;
      if (i < len) continue;
      if (!final) return SCAN_NEED_INPUT;
      // Trailing delimiter at EOF: one more empty field (CsvParser checks no limit here).
      if (n >= cap) return SCAN_NEED_FIELDS;
      store<u32>(starts + (<usize>n << 2), <u32>len);
      store<u32>(ends + (<usize>n << 2), <u32>len);
      store<u8>(kinds + <usize>n, 0);
      n++;
      emit(s, n, line, escaped, len);
      return SCAN_RECORD;
    }
    // End of record: LF, CR or CRLF.
    let next = j + 1;
    if (c == CR) {
      if (next == len && !final) return SCAN_NEED_INPUT; // CR or CRLF?
      if (next < len && <i32>load<u8>(next) == LF) {
        next++;
        store<i32>(s, load<i32>(s, COUNT_CRLF) + 1, COUNT_CRLF);
      } else {
        store<i32>(s, load<i32>(s, COUNT_CR) + 1, COUNT_CR);
      }
    } else {
      store<i32>(s, load<i32>(s, COUNT_LF) + 1, COUNT_LF);
    }
    if (next - recordStart > <usize>load<u32>(s, MAX_RECORD)) {
      return fail(s, SCAN_FIELD_TOO_LARGE, line);
    }
    const nextLine = quoted ? line + 1 + countNewlines(load<i32>(s, COUNT_CR) > 0, quotedFrom, j, len) : line + 1;
    store<i32>(s, nextLine, LINE);
    emit(s, n, line, escaped, next);
    return SCAN_RECORD;
  }
  return SCAN_DONE; // unreachable
}

/** Stores the line an error names; returns the error `code`. */
function fail(s: usize, code: i32, line: i32): i32 {
  store<i32>(s, line, OUT_ERROR_LINE);
  return code;
}

/** Writes the out words of a record of `n` fields ending at `end`; unescapes to scratch. */
// @ts-expect-error: decorator
@inline
function emit(s: usize, n: i32, line: i32, escaped: bool, end: usize): void {
  if (escaped) {
    const quote = load<i32>(s, QUOTE);
    const starts = <usize>load<u32>(s, STARTS);
    const ends = <usize>load<u32>(s, ENDS);
    const kinds = <usize>load<u32>(s, KINDS);
    let o = <usize>load<u32>(s, SCRATCH);
    for (let f: usize = 0; f < <usize>n; f++) {
      const kind = <i32>load<u8>(kinds + f);
      if (kind == 0) continue;
      const begin = o;
      o = unescape(
        <usize>load<u32>(starts + (f << 2)),
        <usize>load<u32>(ends + (f << 2)),
        kind,
        quote,
        o,
      );
      store<u32>(starts + (f << 2), <u32>begin);
      store<u32>(ends + (f << 2), <u32>o);
    }
    store<u32>(s, <u32>o, SCRATCH);
  }
  store<i32>(s, n, OUT_FIELDS);
  store<i32>(s, line, OUT_LINE);
  store<u32>(s, <u32>end, OUT_END);
  store<u32>(s, <u32>end, POS);
}
