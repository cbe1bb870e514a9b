// Contender: DuckDB `SUMMARIZE SELECT * FROM read_csv(file)` with a fixed thread count.
// Usage: duckdb.mjs <file.csv> <threads>. Rows come from SUMMARIZE's per-column `count`
// (count(*) of the scan), which must agree across columns.

import { DuckDBInstance } from '@duckdb/node-api';
import { fileArg, report } from './report.mjs';

const file = fileArg('duckdb.mjs');
const threads = process.argv[3] ?? '1';
const instance = await DuckDBInstance.create(':memory:', { threads });
const conn = await instance.connect();
const version = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v;
const literal = `'${file.replaceAll("'", "''")}'`;
const t0 = performance.now();
const reader = await conn.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv(${literal})`);
const ms = performance.now() - t0;
const summary = reader.getRowObjectsJS();
const counts = new Set(summary.map((r) => Number(r.count)));
if (counts.size !== 1) {
  console.error(`duckdb: SUMMARIZE counts differ across columns: ${[...counts].join(', ')}`);
  process.exit(1);
}
const rows = [...counts][0];
report({ rows, columns: summary.length, ms, extra: { version, threads: Number(threads) } });
conn.closeSync();
instance.closeSync();
