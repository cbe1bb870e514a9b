import { describe, expect, it } from 'vitest';
import { LocalMetrics, parseEmf, summarize } from '../../src/local/index.js';

describe('parseEmf', () => {
  it('returns each metric with its values, unit, namespace and dimensions', () => {
    // Prepare
    const line = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'CsvIngest',
            Dimensions: [['service', 'environment']],
            Metrics: [
              { Name: 'Rows', Unit: 'Count' },
              { Name: 'Latency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      service: 'csv-ingest',
      environment: 'local',
      Rows: 10,
      Latency: [1.5, 2.5],
    });

    // Act
    const metrics = parseEmf(`2024-01-01T00:00:00Z\treq\tINFO\t${line}`);

    // Assess
    expect(metrics).toEqual([
      {
        namespace: 'CsvIngest',
        name: 'Rows',
        unit: 'Count',
        values: [10],
        dimensions: { service: 'csv-ingest', environment: 'local' },
        timestamp: 1,
      },
      {
        namespace: 'CsvIngest',
        name: 'Latency',
        unit: 'Milliseconds',
        values: [1.5, 2.5],
        dimensions: { service: 'csv-ingest', environment: 'local' },
        timestamp: 1,
      },
    ]);
  });

  it('returns undefined for plain and non-EMF JSON lines', () => {
    // Act
    const results = ['hello', '{"level":"INFO","_aws":1}', '{"message":"x"}', '{broken _aws'].map(
      parseEmf,
    );

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('summarize', () => {
  it('returns nearest-rank percentiles, average and max', () => {
    // Act
    const summary = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));

    // Assess
    expect(summary).toEqual({ count: 100, avg: 50.5, p50: 50, p95: 95, max: 100 });
    expect(summarize([])).toEqual({ count: 0, avg: 0, p50: 0, p95: 0, max: 0 });
  });
});

describe('LocalMetrics', () => {
  it('returns a plain-JSON snapshot of Lambda, custom and DynamoDB metrics', () => {
    // Prepare
    const metrics = new LocalMetrics();
    metrics.recordInvocation('fn', {
      durationMs: 10,
      initDurationMs: 50,
      ok: true,
      timedOut: false,
      maxMemoryUsedMb: 40,
    });
    metrics.recordInvocation('fn', {
      durationMs: 30,
      ok: false,
      timedOut: true,
      maxMemoryUsedMb: 60,
    });
    metrics.recordThrottle('fn');
    metrics.recordConcurrency('fn', 3);
    metrics.recordConcurrency('fn', 2);
    metrics.recordDynamoRequest({ operation: 'PutItem', statusCode: 200, durationMs: 2 });
    metrics.recordDynamoRequest({ operation: 'PutItem', statusCode: 400, durationMs: 4 });

    // Act
    const snapshot = JSON.parse(JSON.stringify(metrics.snapshot()));

    // Assess
    expect(snapshot.functions.fn).toEqual({
      invocations: 2,
      errors: 1,
      throttles: 1,
      timeouts: 1,
      coldStarts: 1,
      concurrentExecutionsMax: 3,
      duration: { count: 2, avg: 20, p50: 10, p95: 30, max: 30 },
      initDuration: { count: 1, avg: 50, p50: 50, p95: 50, max: 50 },
      maxMemoryUsedMb: 60,
    });
    expect(snapshot.dynamodb).toMatchObject({
      requests: 2,
      errors: 1,
      latency: { max: 4, avg: 3 },
    });
  });
});
