import type {
  GetMetricDataCommandInput,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { MetricRow } from './types.js';

/** What the queries select on. */
export interface MetricNames {
  functionName: string;
  table: string;
  /** The `environment` dimension of the custom metrics. */
  environment: string;
  /** Custom metrics namespace (default `CsvIngest`). */
  namespace?: string;
}

interface QuerySpec {
  namespace: string;
  name: string;
  stat: string;
  unit: string;
  dimensions: Record<string, string>;
}

/** Namespace of the processor's custom (EMF) metrics (Terraform `metrics_namespace`). */
export const CUSTOM_NAMESPACE = 'CsvIngest';

/**
 * Custom metrics the processor emits (issue 3), with the statistics reported for each: the one
 * list every target's report follows (CloudWatch on AWS, the logs on LocalStack, the local
 * runtime), so the same rows appear everywhere, also for a metric that was never emitted.
 */
export const CUSTOM_METRICS: ReadonlyArray<{ name: string; unit: string; stats: string[] }> = [
  { name: 'FilesProcessed', unit: 'Count', stats: ['Sum'] },
  { name: 'FilesFailed', unit: 'Count', stats: ['Sum'] },
  { name: 'RowsProcessed', unit: 'Count', stats: ['Sum'] },
  { name: 'BytesProcessed', unit: 'Bytes', stats: ['Sum'] },
  { name: 'ProcessingTime', unit: 'Milliseconds', stats: ['Average', 'p95', 'Maximum'] },
  { name: 'TriggerDelay', unit: 'Milliseconds', stats: ['Average', 'p95', 'Maximum'] },
  { name: 'QualityIssues', unit: 'Count', stats: ['Sum'] },
];

function specs(names: MetricNames): QuerySpec[] {
  const fn = { FunctionName: names.functionName };
  const table = { TableName: names.table };
  const putItem = { TableName: names.table, Operation: 'PutItem' };
  const namespace = names.namespace ?? CUSTOM_NAMESPACE;
  const list: QuerySpec[] = [
    {
      namespace: 'AWS/Lambda',
      name: 'Duration',
      stat: 'Average',
      unit: 'Milliseconds',
      dimensions: fn,
    },
    {
      namespace: 'AWS/Lambda',
      name: 'Duration',
      stat: 'p95',
      unit: 'Milliseconds',
      dimensions: fn,
    },
    {
      namespace: 'AWS/Lambda',
      name: 'Duration',
      stat: 'Maximum',
      unit: 'Milliseconds',
      dimensions: fn,
    },
    { namespace: 'AWS/Lambda', name: 'Invocations', stat: 'Sum', unit: 'Count', dimensions: fn },
    { namespace: 'AWS/Lambda', name: 'Errors', stat: 'Sum', unit: 'Count', dimensions: fn },
    { namespace: 'AWS/Lambda', name: 'Throttles', stat: 'Sum', unit: 'Count', dimensions: fn },
    {
      namespace: 'AWS/Lambda',
      name: 'ConcurrentExecutions',
      stat: 'Maximum',
      unit: 'Count',
      dimensions: fn,
    },
    {
      namespace: 'AWS/DynamoDB',
      name: 'SuccessfulRequestLatency',
      stat: 'Average',
      unit: 'Milliseconds',
      dimensions: putItem,
    },
    {
      namespace: 'AWS/DynamoDB',
      name: 'ConsumedWriteCapacityUnits',
      stat: 'Sum',
      unit: 'Count',
      dimensions: table,
    },
    {
      namespace: 'AWS/DynamoDB',
      name: 'ThrottledRequests',
      stat: 'Sum',
      unit: 'Count',
      dimensions: putItem,
    },
  ];
  for (const metric of CUSTOM_METRICS) {
    for (const stat of metric.stats) {
      list.push({
        namespace,
        name: metric.name,
        stat,
        unit: metric.unit,
        dimensions: { environment: names.environment },
      });
    }
  }
  return list;
}

/** The query id of a metric and statistic (lowercase first letter, letters, digits, `_`). */
export function queryId(namespace: string, name: string, stat: string): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
  return `m_${clean(namespace)}_${clean(name)}_${clean(stat)}`.toLowerCase();
}

const DAY_MS = 86_400_000;

/**
 * The granularity a GetMetricData period must have for data whose start is `startAgeMs` old.
 * CloudWatch's MetricStat.Period
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricStat.html): for
 * regular-resolution metrics (Lambda's, DynamoDB's and EMF's default) a multiple of 60; with a
 * start more than 3 hours ago "you must specify the period as follows or no data points in that
 * time range is returned": 3 h to 15 days, a multiple of 60 s; 15 to 63 days, of 300 s; over
 * 63 days, of 3600 s. That follows the retention (GetMetricStatistics,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html):
 * 60-second points for 15 days, 300-second ones for 63 days, 3600-second ones for 455 days.
 * At exactly 15 or 63 days the coarser rule is taken: its multiples satisfy the finer one too.
 * (Under 3 hours, 1-second periods exist only for high-resolution custom metrics; this project
 * publishes none, so 60 s is the finest.)
 */
export function periodGranularity(startAgeMs: number): number {
  if (startAgeMs >= 63 * DAY_MS) return 3_600;
  if (startAgeMs >= 15 * DAY_MS) return 300;
  return 60;
}

/**
 * One period spanning the window: its length rounded up to the granularity CloudWatch requires
 * for data as old as the window's start (`now` defaults to the window's end).
 */
export function periodFor(start: Date, end: Date, now: Date = end): number {
  const granularity = periodGranularity(now.getTime() - start.getTime());
  const seconds = Math.max(granularity, Math.ceil((end.getTime() - start.getTime()) / 1000));
  return Math.ceil(seconds / granularity) * granularity;
}

/**
 * The `GetMetricData` request of `ingest metrics --env aws`: one query per metric and
 * statistic, one period spanning the whole window.
 */
export function buildGetMetricDataInput(
  names: MetricNames,
  window: { start: Date; end: Date; now?: Date },
): GetMetricDataCommandInput {
  const period = periodFor(window.start, window.end, window.now);
  const queries: MetricDataQuery[] = specs(names).map((spec) => ({
    Id: queryId(spec.namespace, spec.name, spec.stat),
    Label: `${spec.namespace} ${spec.name} ${spec.stat}`,
    MetricStat: {
      Metric: {
        Namespace: spec.namespace,
        MetricName: spec.name,
        Dimensions: Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: spec.stat,
    },
    ReturnData: true,
  }));
  return {
    StartTime: window.start,
    EndTime: window.end,
    MetricDataQueries: queries,
    ScanBy: 'TimestampDescending',
  };
}

/** Combines the datapoints of one query: Sum adds, Maximum and p95 take the max, Average the mean. */
function combine(stat: string, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  if (stat === 'Sum') return values.reduce((sum, value) => sum + value, 0);
  if (stat === 'Average') return values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.max(...values);
}

/**
 * Turns `GetMetricData` results into metric rows, with the number of datapoints each had; a
 * metric without datapoints has value 0 for Sum (nothing happened), else null.
 */
export function rowsFromMetricData(
  names: MetricNames,
  results: readonly MetricDataResult[],
  only?: ReadonlySet<string>,
): MetricRow[] {
  const byId = new Map<string, number[]>();
  for (const result of results) {
    if (!result.Id) continue;
    const values = byId.get(result.Id) ?? [];
    values.push(...(result.Values ?? []));
    byId.set(result.Id, values);
  }
  return specs(names)
    .filter((spec) => only === undefined || only.has(spec.name))
    .map((spec) => {
      const values = byId.get(queryId(spec.namespace, spec.name, spec.stat)) ?? [];
      const value = combine(spec.stat, values);
      return {
        namespace: spec.namespace,
        name: spec.name,
        stat: spec.stat,
        value: value === null && spec.stat === 'Sum' ? 0 : value,
        unit: spec.unit,
        source: 'cloudwatch' as const,
        derived: false,
        datapoints: values.length,
        ...(values.length === 0 ? { note: 'no datapoints in the window' } : {}),
      };
    });
}
