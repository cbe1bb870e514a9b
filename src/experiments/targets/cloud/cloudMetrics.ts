import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { classifyAwsError, describeAwsFailure } from '../../awsErrors.js';
import { TargetKind } from '../../constants.js';
import { mergeMetricRows } from '../../metrics/mergeMetricRows.js';
import {
  buildGetMetricDataInput,
  periodFor,
  rowsFromMetricData,
} from '../../metrics/metricDataQueries.js';
import { metricsFromLogs } from '../../metrics/metricsFromLogs.js';
import type { MetricsReport } from '../../metrics/types.js';
import type { TargetNames } from '../Target.js';
import { logEvents } from './cloudLogs.js';
import type { CloudKind } from './openDeployment.js';

/** Every page of GetMetricData for the stack's metrics (only the named ones, when given). */
async function metricData(
  cloudwatch: CloudWatchClient,
  names: TargetNames,
  window: { start: Date; end: Date },
  only?: ReadonlySet<string>,
): Promise<ReturnType<typeof rowsFromMetricData>> {
  const dimensions = {
    functionName: names.functionName,
    table: names.table,
    environment: names.environment,
  };
  const input = buildGetMetricDataInput(dimensions, window);
  if (only) {
    input.MetricDataQueries = input.MetricDataQueries?.filter((query) =>
      only.has(query.MetricStat?.Metric?.MetricName ?? ''),
    );
  }
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    results.push(...(page.MetricDataResults ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return rowsFromMetricData(dimensions, results, only);
}

/**
 * The metrics of `ingest metrics` on a deployed target. AWS: CloudWatch GetMetricData. LocalStack
 * publishes only Invocations and Errors (and not always): a figure CloudWatch has no datapoints
 * for comes from the function's logs, marked derived.
 */
export async function cloudMetrics(
  kind: CloudKind,
  clients: { cloudwatch: CloudWatchClient; logs: CloudWatchLogsClient },
  names: TargetNames,
  sinceMs: number,
): Promise<MetricsReport> {
  const start = new Date(sinceMs);
  const end = new Date();
  const period = `one period of ${periodFor(start, end)} s over the whole window`;
  if (kind === TargetKind.aws) {
    return {
      target: kind,
      from: start.toISOString(),
      to: end.toISOString(),
      rows: await metricData(clients.cloudwatch, names, { start, end }),
      notes: [`CloudWatch GetMetricData, ${period}`],
    };
  }
  const notes: string[] = [];
  const published = await metricData(
    clients.cloudwatch,
    names,
    { start, end },
    new Set(['Invocations', 'Errors']),
  ).catch((error: unknown) => {
    const failure = classifyAwsError(error);
    if (failure === undefined) throw error;
    notes.push(`CloudWatch GetMetricData failed (${describeAwsFailure(failure)})`);
    return [];
  });
  const derived = metricsFromLogs(
    await logEvents(clients.logs, names.logGroup, sinceMs, end.getTime()),
  );
  const rows = mergeMetricRows(published, derived);
  for (const [name, stat] of [
    ['SuccessfulRequestLatency', 'Average'],
    ['ConsumedWriteCapacityUnits', 'Sum'],
    ['ThrottledRequests', 'Sum'],
  ] as const) {
    rows.push({
      namespace: 'AWS/DynamoDB',
      name,
      stat,
      value: null,
      unit: name === 'SuccessfulRequestLatency' ? 'Milliseconds' : 'Count',
      source: 'logs',
      derived: true,
      note: 'LocalStack publishes no DynamoDB metrics',
    });
  }
  notes.push(
    `CloudWatch GetMetricData (${period}) where it has datapoints, else derived from the log group ${names.logGroup}`,
  );
  return { target: kind, from: start.toISOString(), to: end.toISOString(), rows, notes };
}
