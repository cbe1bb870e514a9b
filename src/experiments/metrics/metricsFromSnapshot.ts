import type { LocalMetricsSnapshot } from '../../local/index.js';
import { CUSTOM_METRICS, CUSTOM_NAMESPACE } from './metricDataQueries.js';
import { NEVER_LOGGED } from './metricsFromLogs.js';
import type { MetricRow } from './types.js';

/** Metric rows of the embedded local target, from its runtime's snapshot. */
export function metricsFromSnapshot(
  snapshot: LocalMetricsSnapshot,
  functionName: string,
): MetricRow[] {
  const fn = snapshot.functions[functionName];
  const row = (
    namespace: string,
    name: string,
    stat: string,
    value: number | null,
    unit: string,
    note?: string,
  ): MetricRow => ({
    namespace,
    name,
    stat,
    value,
    unit,
    source: 'local',
    derived: false,
    ...(note === undefined ? {} : { note }),
  });
  const putItem = snapshot.dynamodb.operations.PutItem;
  const rows: MetricRow[] = [
    row('AWS/Lambda', 'Duration', 'Average', fn ? fn.duration.avg : null, 'Milliseconds'),
    row('AWS/Lambda', 'Duration', 'p95', fn ? fn.duration.p95 : null, 'Milliseconds'),
    row('AWS/Lambda', 'Duration', 'Maximum', fn ? fn.duration.max : null, 'Milliseconds'),
    row('AWS/Lambda', 'Invocations', 'Sum', fn?.invocations ?? 0, 'Count'),
    row('AWS/Lambda', 'Errors', 'Sum', fn?.errors ?? 0, 'Count'),
    row('AWS/Lambda', 'Throttles', 'Sum', fn?.throttles ?? 0, 'Count'),
    row('AWS/Lambda', 'ConcurrentExecutions', 'Maximum', fn?.concurrentExecutionsMax ?? 0, 'Count'),
    row(
      'AWS/DynamoDB',
      'SuccessfulRequestLatency',
      'Average',
      putItem ? putItem.latency.avg : null,
      'Milliseconds',
      'PutItem, measured at the dynalite server',
    ),
    row(
      'AWS/DynamoDB',
      'ConsumedWriteCapacityUnits',
      'Sum',
      null,
      'Count',
      'dynalite does not account capacity',
    ),
    row('AWS/DynamoDB', 'ThrottledRequests', 'Sum', null, 'Count', 'dynalite never throttles'),
  ];
  // The statistics of CUSTOM_METRICS, as on the other targets; the snapshot keeps sum, average,
  // minimum and maximum, no percentiles.
  for (const metric of CUSTOM_METRICS) {
    const saved = snapshot.custom[metric.name];
    for (const stat of metric.stats) {
      const values: Record<string, number | undefined> = saved
        ? { Sum: saved.sum, Average: saved.avg, Minimum: saved.min, Maximum: saved.max }
        : { Sum: 0 };
      const value = values[stat] ?? null;
      const note =
        saved === undefined
          ? NEVER_LOGGED
          : value === null
            ? 'the local snapshot keeps no percentiles'
            : undefined;
      rows.push(
        row(saved?.namespace ?? CUSTOM_NAMESPACE, metric.name, stat, value, metric.unit, note),
      );
    }
  }
  return rows;
}
