// Contender: this project's profiler, `profileFile(path)`, full profile on one core.
// Usage: profiler.mjs <file.csv> <module> where <module> is the esbuild bundle of
// src/files/index.ts (the default, built by run.mjs) or the .ts source itself when the
// process runs with `--import tsx/esm`.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileArg, report } from './report.mjs';

const file = fileArg('profiler.mjs');
const modulePath = process.argv[3];
if (!modulePath) {
  console.error('usage: profiler.mjs <file.csv> <profiler module>');
  process.exit(2);
}
const { profileFile } = await import(pathToFileURL(resolve(modulePath)).href);
const t0 = performance.now();
const summary = await profileFile(file);
const ms = performance.now() - t0;
const issues = summary.quality_issues?.issues?.length ?? null;
report({
  rows: summary.row_count,
  columns: summary.column_count,
  ms,
  extra: { types: Object.values(summary.schema ?? {}).join(','), issues },
});
