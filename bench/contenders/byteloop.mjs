// Contender: a bare byte loop counting records and fields with RFC 4180 quote handling
// (the JavaScript ceiling: no decoding, no values). LF or CRLF line endings; blank lines are
// skipped (as DuckDB, papaparse and the profiler do); the header record is not counted as a row.

import { closeSync, openSync, readSync } from 'node:fs';
import { fileArg, report } from './report.mjs';

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const CHUNK = 1 << 20;

const file = fileArg('byteloop.mjs');
const t0 = performance.now();
const fd = openSync(file, 'r');
const buf = new Uint8Array(CHUNK);
let records = 0;
let fields = 0;
let inQuotes = false;
let pending = false; // bytes seen since the last record end
let base = 0; // file offset of buf[0]
let lastEnd = -1; // file offset of the last LF that ended a record (or a blank line)
let lastByte = -1; // last byte of the previous chunk
for (;;) {
  const n = readSync(fd, buf, 0, CHUNK, null);
  if (n === 0) break;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      // A doubled quote toggles twice, which leaves the state unchanged: correct for RFC 4180.
      inQuotes = !inQuotes;
    } else if (!inQuotes) {
      if (b === COMMA) fields++;
      else if (b === LF) {
        const gap = base + i - lastEnd;
        const prev = i > 0 ? buf[i - 1] : lastByte;
        lastEnd = base + i;
        if (gap === 1 || (gap === 2 && prev === CR)) continue; // blank line
        fields++;
        records++;
      }
    }
  }
  base += n;
  lastByte = buf[n - 1];
  pending = base - 1 !== lastEnd;
}
closeSync(fd);
if (pending) {
  fields++;
  records++;
}
const ms = performance.now() - t0;
report({ rows: records - 1, fields, ms });
