import { describe, expect, it } from 'vitest';
import {
  buildColdStartUpdate,
  buildFilterLogEventsInput,
  buildGetMetricDataInput,
  buildIamChecks,
  buildSimulateRequest,
  evaluateCheck,
  metricsFromLogs,
  parseReportLine,
  rowsFromMetricData,
} from '../../src/experiments/index.js';

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
      expect(find('AWS/Lambda', name!, stat!), `${name} ${stat}`).toBeDefined();
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
    expect(find('AWS/DynamoDB', 'ThrottledRequests', 'Sum')).toBeDefined();
    expect(find('CsvIngest', 'TriggerDelay', 'p95')?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'environment', Value: 'aws' },
    ]);
    expect(find('CsvIngest', 'FilesProcessed', 'Sum')).toBeDefined();
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
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
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
    const other = 'arn:aws:s3:::csv-ingest-aws-0a1b2c3d-other/a.csv';
    expect(pairs).toEqual([
      // GetObject with the event's VersionId needs s3:GetObjectVersion (src/aws/iamActions.ts)
      ['allowed', 's3:GetObjectVersion', u],
      ['allowed', 's3:GetObject', u],
      ['allowed', 's3:PutObject', p],
      ['allowed', 'dynamodb:PutItem', table],
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
      uploadPrefix: 'uploads/',
      processedPrefix: 'processed/',
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
