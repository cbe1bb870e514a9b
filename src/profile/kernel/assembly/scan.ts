// CSV scanner: the profiler's one parser (also the sniffer's), record for record identical to
// the reference CsvParser in test/oracles (`#scan`; test/profile/kernelCsvParser*.test.ts and
// kernel/scanRows.test.ts hold them equal). This file holds the
// scanner state layout, its return codes and the byte searches; the record state machine itself
// is `scanRecords` (rows.ts), which `scanRecord` runs for one record and `scanRows` for a batch.
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
// of 64 bytes; every field a delimiter ends is stored from the mask, up to the first line
// break, quoted field or the last input byte); everything else runs CsvParser's own steps, with
// 16-byte SIMD searches for the next quote or special byte. The fast path only runs when the
// field limit is at least 64 bytes and stops before the column limit or the arrays' capacity,
// so every check and error happens in the same place as in CsvParser.

import { scanRecords } from './rows';

// The state block layout (byte offsets of i32 words) and the return codes: see
// layout/scanState.ts and layout/scanResult.ts (generated from scripts/kernel-layout.mjs).
export {
  COMMENT,
  COMMENT_ALL,
  COMMENT_CAP,
  COMMENT_LENGTH,
  COMMENT_LINES,
  COMMENTS,
  COUNT_CR,
  COUNT_CRLF,
  COUNT_LF,
  DELIM,
  END,
  ENDS,
  FIELD_CAP,
  FINAL,
  KINDS,
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
  SCRATCH,
  STARTS,
} from './layout/scanState';
export {
  SCAN_DONE,
  SCAN_FIELD_TOO_LARGE,
  SCAN_NEED_FIELDS,
  SCAN_NEED_INPUT,
  SCAN_RECORD,
  SCAN_TOO_MANY_COLUMNS,
  SCAN_UNTERMINATED,
} from './layout/scanResult';

export const LF: i32 = 10;
export const CR: i32 = 13;

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
  return scanRecords(s, 0, true);
}
