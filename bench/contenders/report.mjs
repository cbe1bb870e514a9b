// Shared by the contender processes: peak RSS and the one JSON line each prints.

import { readFileSync } from 'node:fs';

/** Peak resident set size of this process in MB (VmHWM), or the current RSS if unavailable. */
export function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux: fall through to the current RSS.
  }
  return process.memoryUsage().rss / 2 ** 20;
}

/** Print the contender's result as one JSON line on stdout. */
export function report({ rows, fields = null, columns = null, ms, extra = {} }) {
  const line = {
    rows,
    fields,
    columns,
    ms: Number(ms.toFixed(1)),
    peakRssMb: Number(peakRssMb().toFixed(1)),
    ...extra,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** The file argument, or exit with usage. */
export function fileArg(name) {
  const file = process.argv[2];
  if (!file) {
    console.error(`usage: ${name} <file.csv>`);
    process.exit(2);
  }
  return file;
}
