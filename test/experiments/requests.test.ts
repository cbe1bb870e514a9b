import { describe, expect, it } from 'vitest';
import {
  buildColdStartUpdate,
  buildFanoutUpdate,
  buildFilterLogEventsInput,
  buildGetMetricDataInput,
  buildIamChecks,
  buildSimulateRequest,
  evaluateCheck,
  metricsFromLogs,
  metricsFromSnapshot,
  parseReportLine,
  rowsFromMetricData,
} from '../../src/experiments/index.js';
import { mergeMetricRows } from '../../src/experiments/metrics/mergeMetricRows.js';
import {
  CUSTOM_METRICS,
  periodFor,
  periodGranularity,
} from '../../src/experiments/metrics/metricDataQueries.js';

const NAMES = {
  functionName: 'csv-ingest-aws-processor',
  table: 'csv-ingest-aws-files',
  environment: 'aws',
};

describe('buildGetMetricDataInput', () => {
  it('returns one query per metric and statistic over one period spanning the window', () => {
    // Prepare
    const start = new Date('2024-06-01T10:00:00Z');
    const end = new Date('2024-06-01T11:00:30Z');

    // Act
    const input = buildGetMetricDataInput(NAMES, { start, end });

    // Assess
    expect(input.StartTime).toBe(start);
    expect(input.EndTime).toBe(end);
    const queries = input.MetricDataQueries ?? [];
    const ids = queries.map((q) => q.Id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(queries.every((q) => q.MetricStat?.Period === 3660)).toBe(true);
    const find = (namespace: string, name: string, stat: string) =>
      queries.find(
        (q) =>
          q.MetricStat?.Metric?.Namespace === namespace &&
          q.MetricStat.Metric.MetricName === name &&
          q.MetricStat.Stat === stat,
      );
    expect(find('AWS/Lambda', 'Duration', 'p95')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'FunctionName', Value: 'csv-ingest-aws-processor' },
    ]);
    for (const [name, stat] of [
      ['Duration', 'Average'],
      ['Duration', 'Maximum'],
      ['Invocations', 'Sum'],
      ['Errors', 'Sum'],
      ['Throttles', 'Sum'],
      ['ConcurrentExecutions', 'Maximum'],
    ]) {
      expect(
        find('AWS/Lambda', name!, stat!)?.MetricStat?.Metric?.Dimensions,
        `${name} ${stat}`,
      ).toEqual([{ Name: 'FunctionName', Value: 'csv-ingest-aws-processor' }]);
    }
    expect(
      find('AWS/DynamoDB', 'SuccessfulRequestLatency', 'Average')?.MetricStat?.Metric?.Dimensions,
    ).toEqual([
      { Name: 'TableName', Value: 'csv-ingest-aws-files' },
      { Name: 'Operation', Value: 'PutItem' },
    ]);
    expect(
      find('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', 'Sum')?.MetricStat?.Metric?.Dimensions,
    ).toEqual([{ Name: 'TableName', Value: 'csv-ingest-aws-files' }]);
    expect(
      find('AWS/DynamoDB', 'ThrottledRequests', 'Sum')?.MetricStat?.Metric?.Dimensions,
    ).toEqual([
      { Name: 'TableName', Value: 'csv-ingest-aws-files' },
      { Name: 'Operation', Value: 'PutItem' },
    ]);
    expect(find('CsvIngest', 'TriggerDelay', 'p95')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'environment', Value: 'aws' },
    ]);
    expect(find('CsvIngest', 'FilesProcessed', 'Sum')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'environment', Value: 'aws' },
    ]);
  });
});

describe('periodFor', () => {
  const DAY = 86_400_000;
  const now = new Date('2024-06-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('returns the granularity of the MetricStat.Period rules at their boundaries', () => {
    // Assess: 60 s up to 15 days, 300 s from 15 to 63 days, 3600 s beyond.
    expect(periodGranularity(3 * 3_600_000)).toBe(60);
    expect(periodGranularity(15 * DAY - 1_000)).toBe(60);
    expect(periodGranularity(15 * DAY)).toBe(300);
    expect(periodGranularity(63 * DAY - 1_000)).toBe(300);
    expect(periodGranularity(63 * DAY)).toBe(3_600);
    expect(periodGranularity(400 * DAY)).toBe(3_600);
  });

  it('returns one period covering the window, a multiple of the granularity of its start', () => {
    // Act
    const cases = [
      [ago(90_000), 120],
      [ago(15 * DAY - 1_000), 15 * 86_400],
      [ago(15 * DAY + 1), 15 * 86_400 + 300],
      [ago(16 * DAY + 5), 16 * 86_400 + 300],
      [ago(63 * DAY - 1_000), 63 * 86_400],
      [ago(63 * DAY + 1), 63 * 86_400 + 3_600],
      [ago(90 * DAY), 90 * 86_400],
    ] as const;

    // Assess
    for (const [start, expected] of cases) {
      const period = periodFor(start, now);
      expect(period, start.toISOString()).toBe(expected);
      expect(period * 1000).toBeGreaterThanOrEqual(now.getTime() - start.getTime());
    }
  });

  it('puts that period in every query of a 16-day window (not 1382460, which returns nothing)', () => {
    // Act: `--since 16d` a few milliseconds before the request is built.
    const input = buildGetMetricDataInput(NAMES, { start: ago(16 * DAY + 3), end: now });

    // Assess
    const periods = new Set(input.MetricDataQueries?.map((q) => q.MetricStat?.Period));
    expect([...periods]).toEqual([1_382_700]);
    expect(1_382_700 % 300).toBe(0);
  });
});

describe('rowsFromMetricData', () => {
  it('returns summed counts, the max of maxima and 0 for a Sum without datapoints', () => {
    // Prepare
    const results = [
      { Id: 'm_awslambda_invocations_sum', Values: [3, 4] },
      { Id: 'm_awslambda_duration_maximum', Values: [120, 80] },
    ];

    // Act
    const rows = rowsFromMetricData(NAMES, results);

    // Assess
    const value = (name: string, stat: string) =>
      rows.find((r) => r.name === name && r.stat === stat)?.value;
    expect(value('Invocations', 'Sum')).toBe(7);
    expect(value('Duration', 'Maximum')).toBe(120);
    expect(value('Errors', 'Sum')).toBe(0);
    expect(value('Duration', 'Average')).toBeNull();
    expect(rows.every((r) => r.source === 'cloudwatch' && !r.derived)).toBe(true);
    const errors = rows.find((r) => r.name === 'Errors')!;
    expect(errors).toMatchObject({ datapoints: 0, note: 'no datapoints in the window' });
    expect(rows.find((r) => r.name === 'Invocations')?.datapoints).toBe(2);
  });
});

describe('mergeMetricRows', () => {
  it('returns the log-derived figure where CloudWatch has no datapoints, marked derived', () => {
    // Prepare: CloudWatch has Invocations but no Errors datapoints; the logs saw 3 and 1.
    const published = rowsFromMetricData(
      NAMES,
      [{ Id: 'm_awslambda_invocations_sum', Values: [3] }],
      new Set(['Invocations', 'Errors']),
    );
    const derived = metricsFromLogs([
      ...['a', 'b', 'c'].map((id, i) => ({
        timestamp: 1_000 + i,
        message: `REPORT RequestId: ${id}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB${id === 'c' ? '\tStatus: error' : ''}`,
      })),
    ]);

    // Act
    const rows = mergeMetricRows(published, derived);

    // Assess
    const row = (name: string) => rows.find((r) => r.name === name && r.stat === 'Sum');
    expect(row('Invocations')).toMatchObject({ value: 3, source: 'cloudwatch', derived: false });
    expect(row('Errors')).toMatchObject({ value: 1, source: 'logs', derived: true });
    expect(row('Errors')?.note).toMatch(/CloudWatch has no datapoints/);
    expect(rows.filter((r) => r.name === 'Errors')).toHaveLength(1);
  });
});

describe('buildFilterLogEventsInput', () => {
  it('returns the log group, whole-ms window, page limit and the next token', () => {
    // Act
    const input = buildFilterLogEventsInput(
      '/aws/lambda/csv-ingest-localstack-processor',
      { startMs: 1000.4, endMs: 2000.2 },
      'token-1',
    );

    // Assess
    expect(input).toEqual({
      logGroupName: '/aws/lambda/csv-ingest-localstack-processor',
      startTime: 1000,
      endTime: 2001,
      limit: 10_000,
      nextToken: 'token-1',
    });
  });
});

describe('metricsFromLogs', () => {
  it('returns derived Lambda metrics from REPORT lines and custom metrics from EMF', () => {
    // Prepare
    const emf = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'CsvIngest',
            Dimensions: [['environment']],
            Metrics: [{ Name: 'TriggerDelay', Unit: 'Milliseconds' }],
          },
        ],
      },
      environment: 'localstack',
      TriggerDelay: 40,
    });
    const events = [
      {
        timestamp: 10_000,
        message:
          'REPORT RequestId: a\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 250.50 ms',
      },
      {
        timestamp: 10_050,
        message:
          'REPORT RequestId: b\tDuration: 200.00 ms\tBilled Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB',
      },
      { timestamp: 10_060, message: '2024-01-01T00:00:00.000Z\tc\tERROR\tInvoke Error \t{}' },
      { timestamp: 10_070, message: emf },
    ];

    // Act
    const rows = metricsFromLogs(events);

    // Assess
    const value = (name: string, stat: string) =>
      rows.find((r) => r.name === name && r.stat === stat)?.value;
    expect(value('Invocations', 'Sum')).toBe(2);
    expect(value('Errors', 'Sum')).toBe(1);
    expect(value('Duration', 'Maximum')).toBe(200);
    expect(value('Duration', 'Average')).toBe(150);
    expect(value('ConcurrentExecutions', 'Maximum')).toBe(2);
    expect(value('Throttles', 'Sum')).toBeNull();
    expect(value('TriggerDelay', 'Average')).toBe(40);
    expect(rows.every((r) => r.derived && r.source === 'logs')).toBe(true);
  });

  it('returns the statistics AWS mode asks CloudWatch for, p95 and never-logged metrics included', () => {
    // Prepare: 20 ProcessingTime values 1..20 ms and nothing else.
    const events = Array.from({ length: 20 }, (_, i) => ({
      timestamp: i,
      message: JSON.stringify({
        _aws: {
          Timestamp: i,
          CloudWatchMetrics: [
            {
              Namespace: 'CsvIngest',
              Dimensions: [['environment']],
              Metrics: [{ Name: 'ProcessingTime', Unit: 'Milliseconds' }],
            },
          ],
        },
        environment: 'localstack',
        ProcessingTime: i + 1,
      }),
    }));

    // Act
    const rows = metricsFromLogs(events).filter((r) => r.namespace === 'CsvIngest');

    // Assess: the same (metric, statistic) pairs as the GetMetricData queries, in that order.
    expect(rows.map((r) => `${r.name} ${r.stat}`)).toEqual(
      CUSTOM_METRICS.flatMap((m) => m.stats.map((stat) => `${m.name} ${stat}`)),
    );
    const row = (name: string, stat: string) =>
      rows.find((r) => r.name === name && r.stat === stat);
    expect(row('ProcessingTime', 'p95')?.value).toBe(19.05);
    expect(row('ProcessingTime', 'Maximum')?.value).toBe(20);
    expect(row('TriggerDelay', 'p95')).toMatchObject({
      value: null,
      note: 'never logged in the window',
    });
    expect(row('FilesFailed', 'Sum')).toMatchObject({
      value: 0,
      note: 'never logged in the window',
    });
  });
});

describe('metricsFromSnapshot', () => {
  it('returns the custom statistics of the other targets, p95 n/a and never-logged ones listed', () => {
    // Prepare: a saved local snapshot with one custom metric.
    const snapshot = {
      startedAt: '2024-06-01T00:00:00.000Z',
      takenAt: '2024-06-01T00:10:00.000Z',
      functions: {},
      custom: {
        ProcessingTime: {
          namespace: 'CsvIngest',
          unit: 'Milliseconds',
          count: 2,
          sum: 30,
          avg: 15,
          min: 10,
          max: 20,
        },
      },
      dynamodb: {
        requests: 0,
        errors: 0,
        latency: { count: 0, avg: 0, p50: 0, p95: 0, max: 0 },
        operations: {},
      },
    };

    // Act
    const rows = metricsFromSnapshot(snapshot, 'csv-ingest-local-processor').filter(
      (r) => r.namespace === 'CsvIngest',
    );

    // Assess
    expect(rows.map((r) => `${r.name} ${r.stat}`)).toEqual(
      CUSTOM_METRICS.flatMap((m) => m.stats.map((stat) => `${m.name} ${stat}`)),
    );
    const row = (name: string, stat: string) =>
      rows.find((r) => r.name === name && r.stat === stat);
    expect(row('ProcessingTime', 'Average')?.value).toBe(15);
    expect(row('ProcessingTime', 'p95')).toMatchObject({
      value: null,
      note: 'the local snapshot keeps no percentiles',
    });
    expect(row('TriggerDelay', 'Maximum')).toMatchObject({
      value: null,
      note: 'never logged in the window',
    });
    expect(row('RowsProcessed', 'Sum')?.value).toBe(0);
  });
});

describe('parseReportLine', () => {
  it('returns the init duration only on a cold start and undefined for other lines', () => {
    // Act
    const cold = parseReportLine(
      'REPORT RequestId: x-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB\tInit Duration: 321.00 ms',
      5,
    );
    const other = parseReportLine('START RequestId: x-1 Version: $LATEST', 5);

    // Assess
    expect(cold).toEqual({
      requestId: 'x-1',
      timestamp: 5,
      durationMs: 12.34,
      billedDurationMs: 13,
      memorySizeMb: 512,
      maxMemoryUsedMb: 70,
      initDurationMs: 321,
      status: null,
    });
    expect(other).toBeUndefined();
  });
});

describe('buildSimulateRequest', () => {
  it('returns requests for the allowed and the denied actions of the role', () => {
    // Prepare
    const checks = buildIamChecks({
      bucket: 'csv-ingest-aws-0a1b2c3d',
      tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/csv-ingest-aws-files',
      fanoutTableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/csv-ingest-aws-fanout',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:csv-ingest-aws-processor',
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
      partsPrefix: 'parts/',
    });
    const role = 'arn:aws:iam::123456789012:role/csv-ingest-aws-processor';

    // Act
    const requests = checks.map((check) => buildSimulateRequest(role, check));

    // Assess
    expect(requests.every((r) => r.PolicySourceArn === role)).toBe(true);
    const pairs = checks.map((c, i) => [
      c.expected,
      requests[i]!.ActionNames![0],
      requests[i]!.ResourceArns![0],
    ]);
    const u = 'arn:aws:s3:::csv-ingest-aws-0a1b2c3d/uploads/iam-check/a.csv';
    const p = 'arn:aws:s3:::csv-ingest-aws-0a1b2c3d/processed/iam-check/a_summary.json';
    const table = 'arn:aws:dynamodb:us-east-1:123456789012:table/csv-ingest-aws-files';
    const fanout = 'arn:aws:dynamodb:us-east-1:123456789012:table/csv-ingest-aws-fanout';
    const part = 'arn:aws:s3:::csv-ingest-aws-0a1b2c3d/parts/iam-check/a.csv/tag/piece-0.json';
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:csv-ingest-aws-processor';
    const other = 'arn:aws:s3:::csv-ingest-aws-0a1b2c3d-other/a.csv';
    expect(pairs).toEqual([
      // GetObject with the event's VersionId needs s3:GetObjectVersion (src/aws/iamActions.ts)
      ['allowed', 's3:GetObjectVersion', u],
      ['allowed', 's3:GetObject', u],
      ['allowed', 's3:PutObject', p],
      ['allowed', 'dynamodb:PutItem', table],
      // A split upload: ranged reads of the version, its parts, its pieces done, itself.
      ['allowed', 's3:GetObjectVersion', u],
      ['allowed', 's3:GetObject', u],
      ['allowed', 's3:PutObject', part],
      ['allowed', 's3:GetObject', part],
      ['allowed', 'dynamodb:UpdateItem', fanout],
      ['allowed', 'dynamodb:UpdateItem', fanout],
      ['allowed', 'lambda:InvokeFunction', fn],
      ['denied', 'dynamodb:UpdateItem', table],
      ['denied', 's3:GetObject', p],
      ['denied', 's3:GetObjectVersion', p],
      ['denied', 's3:PutObject', u],
      ['denied', 's3:PutObjectTagging', p],
      ['denied', 's3:PutObjectAcl', p],
      ['denied', 's3:GetObject', other],
      ['denied', 's3:PutObject', other],
      ['denied', 'dynamodb:DeleteItem', table],
    ]);
  });

  it('returns ok only when the decision matches the expectation', () => {
    // Prepare
    const [allowedCheck] = buildIamChecks({
      bucket: 'b',
      tableArn: 'arn:aws:dynamodb:us-east-1:1:table/t',
      fanoutTableArn: 'arn:aws:dynamodb:us-east-1:1:table/f',
      functionArn: 'arn:aws:lambda:us-east-1:1:function:p',
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
      partsPrefix: 'parts/',
    });

    // Act
    const allowed = evaluateCheck(allowedCheck!, {
      EvalActionName: 's3:GetObjectVersion',
      EvalDecision: 'allowed',
    });
    const denied = evaluateCheck(allowedCheck!, {
      EvalActionName: 's3:GetObjectVersion',
      EvalDecision: 'implicitDeny',
    });

    // Assess
    expect(allowed).toMatchObject({ decision: 'allowed', ok: true });
    expect(denied).toMatchObject({ decision: 'denied', detail: 'implicitDeny', ok: false });
  });
});

describe('buildColdStartUpdate', () => {
  it('returns the function environment unchanged except for the cold-start variable', () => {
    // Act
    const input = buildColdStartUpdate(
      {
        FunctionName: 'csv-ingest-aws-processor',
        Environment: { Variables: { DYNAMODB_TABLE: 't', S3_BUCKET: 'b' } },
      },
      '42',
    );

    // Assess
    expect(input).toEqual({
      FunctionName: 'csv-ingest-aws-processor',
      Environment: {
        Variables: { DYNAMODB_TABLE: 't', S3_BUCKET: 'b', EXPERIMENT_COLD_START: '42' },
      },
    });
  });
});

describe('buildFanoutUpdate', () => {
  const config = {
    FunctionName: 'csv-ingest-aws-processor',
    Environment: {
      Variables: { DYNAMODB_TABLE: 't', FANOUT_MIN_BYTES: '4096', FANOUT_MAX_PIECES: '4' },
    },
  };

  it("returns the function's environment with experiment I's fan-out variables", () => {
    // Act
    const input = buildFanoutUpdate(config, { minBytes: 4096, maxPieces: 8 }, {});

    // Assess
    expect(input).toEqual({
      FunctionName: 'csv-ingest-aws-processor',
      Environment: {
        Variables: { DYNAMODB_TABLE: 't', FANOUT_MIN_BYTES: '4096', FANOUT_MAX_PIECES: '8' },
      },
    });
  });

  it('returns the deployed values back, removing a variable the function did not have', () => {
    // Act
    const input = buildFanoutUpdate(config, null, { FANOUT_MAX_PIECES: '100' });

    // Assess
    expect(input.Environment?.Variables).toEqual({ DYNAMODB_TABLE: 't', FANOUT_MAX_PIECES: '100' });
  });
});
