import { describe, expect, it } from 'vitest';
import { LocalMetrics, summarize } from '../../src/local/index.js';

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
