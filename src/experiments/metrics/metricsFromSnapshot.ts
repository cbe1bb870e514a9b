import type { LocalMetricsSnapshot } from '../../local/index.js';
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
  for (const [name, metric] of Object.entries(snapshot.custom).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    rows.push(
      row(metric.namespace, name, 'Sum', metric.sum, metric.unit),
      row(metric.namespace, name, 'Average', metric.avg, metric.unit),
      row(metric.namespace, name, 'Maximum', metric.max, metric.unit),
    );
  }
  return rows;
}
