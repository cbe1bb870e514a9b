// Contender: papaparse, parse only, streaming from a Node read stream; counts rows and fields.

import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import { fileArg, report } from './report.mjs';

const file = fileArg('papaparse.mjs');
const t0 = performance.now();
let records = 0;
let fields = 0;
Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
  delimiter: ',',
  header: false,
  skipEmptyLines: true,
  chunk(results) {
    const data = results.data;
    records += data.length;
    for (let i = 0; i < data.length; i++) fields += data[i].length;
  },
  complete() {
    const ms = performance.now() - t0;
    report({ rows: records - 1, fields, ms });
  },
  error(err) {
    console.error(err);
    process.exit(1);
  },
});
