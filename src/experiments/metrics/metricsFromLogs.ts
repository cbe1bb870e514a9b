import { parseEmf } from '../../local/index.js';
import { describe } from '../stats.js';
import type { InvocationReport } from '../targets/Target.js';
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

/**
 * Lambda and custom metrics derived from a function's log events: Duration, Invocations,
 * Errors and ConcurrentExecutions from REPORT lines (and `Invoke Error` lines), custom metrics
 * from EMF records. Every row is marked `derived`.
 */
export function metricsFromLogs(events: readonly LogEvent[]): MetricRow[] {
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
  const custom = new Map<string, { namespace: string; unit: string; values: number[] }>();
  for (const event of events) {
    for (const metric of parseEmf(event.message) ?? []) {
      let series = custom.get(metric.name);
      if (!series) {
        series = { namespace: metric.namespace, unit: metric.unit, values: [] };
        custom.set(metric.name, series);
      }
      series.values.push(...metric.values);
    }
  }
  for (const [name, series] of [...custom.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const stats = describe(series.values);
    const sum = series.values.reduce((total, value) => total + value, 0);
    const base = { namespace: series.namespace, name, unit: series.unit, source: 'logs' as const };
    rows.push(
      { ...base, stat: 'Sum', value: sum, derived: true },
      { ...base, stat: 'Average', value: stats.mean, derived: true },
      { ...base, stat: 'Maximum', value: stats.max, derived: true },
    );
  }
  return rows;
}
