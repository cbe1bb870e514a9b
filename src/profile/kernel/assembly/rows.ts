// Rows straight from the scanner into a row batch (see src/profile/RowBatch.ts): what the
// profiler's per-record path does (blank rows, ragged-row counts, the column-major cell arrays)
// without leaving the kernel per record. The batch block (i32 words, byte offsets below) is
// mirrored by src/profile/kernel/rowBlock.ts.

import { scanRecord } from './scan';

// Scanner state fields read here (see scan.ts).
const SCAN_STARTS: usize = 24;
const SCAN_ENDS: usize = 28;
const SCAN_OUT_FIELDS: usize = 68;
const SCAN_OUT_LINE: usize = 72;
const SCAN_RECORD: i32 = 1;

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

/**
 * Scans records (scanner state `s`) into the batch block `b` until the batch is full
 * (ROWS_FULL) or the scanner stops; returns the scanner's code then (never SCAN_RECORD).
 */
export function scanRows(s: usize, b: usize): i32 {
  const width = load<i32>(b, WIDTH);
  const capacity = <usize>load<i32>(b, CAPACITY);
  const starts = <usize>load<u32>(b, STARTS);
  const ends = <usize>load<u32>(b, ENDS);
  const present = <usize>load<u32>(b, PRESENT);
  const lines = <usize>load<u32>(b, LINES);
  let rows = <usize>load<i32>(b, ROWS);
  let minPresent = load<i32>(b, MIN_PRESENT);
  let records = load<i32>(b, RECORDS);
  let dataRows = load<i32>(b, DATA_ROWS);
  let code = ROWS_FULL;
  while (rows < capacity) {
    const scanned = scanRecord(s);
    if (scanned != SCAN_RECORD) {
      code = scanned;
      break;
    }
    records++;
    const n = load<i32>(s, SCAN_OUT_FIELDS);
    const line = load<i32>(s, SCAN_OUT_LINE);
    const fieldStarts = <usize>load<u32>(s, SCAN_STARTS);
    const fieldEnds = <usize>load<u32>(s, SCAN_ENDS);
    if (n == 1 && load<i32>(fieldStarts) == load<i32>(fieldEnds)) {
      store<i32>(b, load<i32>(b, BLANK) + 1, BLANK);
      note(b, BLANK_LINES, BLANK_LENGTH, line);
      continue;
    }
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
    let k = rows << 2;
    const stride = capacity << 2;
    for (let c = 0; c < fields; c++) {
      const f = <usize>c << 2;
      store<i32>(starts + k, load<i32>(fieldStarts + f));
      store<i32>(ends + k, load<i32>(fieldEnds + f));
      k += stride;
    }
    store<i32>(present + (rows << 2), fields);
    if (fields < minPresent) minPresent = fields;
    store<f64>(lines + (rows << 3), <f64>line);
    rows++;
  }
  store<i32>(b, <i32>rows, ROWS);
  store<i32>(b, minPresent, MIN_PRESENT);
  store<i32>(b, records, RECORDS);
  store<i32>(b, dataRows, DATA_ROWS);
  return code;
}
