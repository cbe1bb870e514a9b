/** Number, size and duration formats of the HTML report (the one home of how it prints them). */

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MEASURE = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** A count with thousands separators: `12,345`. */
export const formatCount = (n: number): string => COUNT.format(n);

/**
 * A measured value (mean, quantile, stddev) to six significant digits with thousands separators,
 * with exponents outside 1e-3..1e9 as the CLI's aligned report prints them. Integers print whole.
 */
export function formatNumber(x: number | null): string {
  if (x === null) return 'n/a';
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return COUNT.format(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return x.toExponential(3);
  return MEASURE.format(x);
}

/** A percentage with at most two decimals: `13.07%`. */
export const formatPct = (pct: number): string => `${Number(pct.toFixed(2))}%`;

/** A byte size in binary units with one decimal, as the CLI prints it: `6.2 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]} (${formatCount(bytes)} bytes)`;
}

/** A duration: `850 ms`, `12.3 s`. */
export const formatDuration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
