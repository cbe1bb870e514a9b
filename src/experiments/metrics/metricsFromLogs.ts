import { parseEmf } from '../../aws/emf.js';
import { describe } from '../stats.js';
import type { InvocationReport } from '../targets/Target.js';
import { CUSTOM_METRICS, CUSTOM_NAMESPACE } from './metricDataQueries.js';
import { parseReportLine } from './parseReportLine.js';
import type { MetricRow } from './types.js';

/** One log event (CloudWatch Logs or a local log file line). */
export interface LogEvent {
  timestamp: number;
  message: string;
}

/** The REPORT records among log events, in time order. */
export function reportsFromLogs(events: readonly LogEvent[]): InvocationReport[] {
  const reports: InvocationReport[] = [];
  for (const event of events) {
    const report = parseReportLine(event.message, event.timestamp);
    if (report) reports.push(report);
  }
  return reports.sort((a, b) => a.timestamp - b.timestamp);
}

/** Highest number of attempts whose [end - duration, end] intervals overlap. */
export function maxOverlap(reports: readonly InvocationReport[]): number {
  const edges: Array<[number, number]> = [];
  for (const report of reports) {
    edges.push([report.timestamp - report.durationMs, 1], [report.timestamp, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let active = 0;
  let max = 0;
  for (const [, delta] of edges) {
    active += delta;
    max = Math.max(max, active);
  }
  return max;
}

const lambda = (name: string, stat: string, value: number | null, unit: string): MetricRow => ({
  namespace: 'AWS/Lambda',
  name,
  stat,
  value,
  unit,
  source: 'logs',
  derived: true,
});

/** Note of a custom metric that no record in the window carried. */
export const NEVER_LOGGED = 'never logged in the window';

/**
 * A CloudWatch statistic of raw values: Sum, Average, Minimum, Maximum, SampleCount or a
 * percentile `pNN`; with no values, 0 for Sum and SampleCount (nothing happened) and null
 * otherwise, as CloudWatch rows read (see `rowsFromMetricData`).
 */
export function statisticOf(stat: string, values: readonly number[]): number | null {
  if (stat === 'Sum') return values.reduce((total, value) => total + value, 0);
  if (stat === 'SampleCount') return values.length;
  if (values.length === 0) return null;
  const stats = describe(values);
  if (stat === 'Average') return stats.mean;
  if (stat === 'Minimum') return stats.min;
  if (stat === 'Maximum') return stats.max;
  if (stat === 'p95') return stats.p95;
  if (stat === 'p50') return stats.median;
  return null;
}

/**
 * Lambda and custom metrics derived from a function's log events: Duration, Invocations,
 * Errors and ConcurrentExecutions from REPORT lines (and `Invoke Error` lines), custom metrics
 * from EMF records, with the statistics of CUSTOM_METRICS (those AWS mode asks CloudWatch for),
 * including those never logged. Every row is marked `derived`.
 */
export function metricsFromLogs(
  events: readonly LogEvent[],
  options: { namespace?: string } = {},
): MetricRow[] {
  const reports = reportsFromLogs(events);
  const durations = describe(reports.map((report) => report.durationMs));
  const failed = new Set(
    reports.filter((report) => report.status !== null).map((report) => report.requestId),
  );
  for (const event of events) {
    const match = /^\S+\t(\S+)\tERROR\tInvoke Error/.exec(event.message);
    if (match?.[1]) failed.add(match[1]);
  }
  const rows: MetricRow[] = [
    lambda('Duration', 'Average', reports.length ? durations.mean : null, 'Milliseconds'),
    lambda('Duration', 'p95', reports.length ? durations.p95 : null, 'Milliseconds'),
    lambda('Duration', 'Maximum', reports.length ? durations.max : null, 'Milliseconds'),
    lambda('Invocations', 'Sum', reports.length, 'Count'),
    lambda('Errors', 'Sum', failed.size, 'Count'),
    {
      ...lambda('Throttles', 'Sum', null, 'Count'),
      note: 'throttled attempts leave no log line',
    },
    lambda('ConcurrentExecutions', 'Maximum', maxOverlap(reports), 'Count'),
  ];
  const namespace = options.namespace ?? CUSTOM_NAMESPACE;
  const logged = new Map<string, number[]>();
  for (const event of events) {
    for (const metric of parseEmf(event.message) ?? []) {
      if (metric.namespace !== namespace) continue;
      const values = logged.get(metric.name) ?? [];
      values.push(...metric.values);
      logged.set(metric.name, values);
    }
  }
  for (const metric of CUSTOM_METRICS) {
    const values = logged.get(metric.name) ?? [];
    for (const stat of metric.stats) {
      rows.push({
        namespace,
        name: metric.name,
        stat,
        value: statisticOf(stat, values),
        unit: metric.unit,
        source: 'logs',
        derived: true,
        ...(values.length === 0 ? { note: NEVER_LOGGED } : {}),
      });
    }
  }
  return rows;
}
