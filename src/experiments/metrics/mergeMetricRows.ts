import type { MetricRow } from './types.js';

const key = (row: MetricRow): string => `${row.namespace}\u0000${row.name}\u0000${row.stat}`;

/**
 * Combines what CloudWatch published with what the logs show (LocalStack, which publishes few
 * metrics): a CloudWatch row wins when it has datapoints; otherwise the log-derived row is
 * used, marked `derived`, because "no datapoints" is no measurement of zero. CloudWatch rows the
 * logs do not cover come last.
 * @example mergeMetricRows(rowsFromMetricData(names, results), metricsFromLogs(events))
 */
export function mergeMetricRows(
  published: readonly MetricRow[],
  derived: readonly MetricRow[],
): MetricRow[] {
  const byKey = new Map(published.map((row) => [key(row), row]));
  const rows = derived.map((row) => {
    const measured = byKey.get(key(row));
    if (measured !== undefined && (measured.datapoints ?? 0) > 0) return measured;
    if (measured === undefined) return row;
    return { ...row, note: row.note ?? 'CloudWatch has no datapoints; counted in the logs' };
  });
  const covered = new Set(derived.map(key));
  return [...rows, ...published.filter((row) => !covered.has(key(row)))];
}
