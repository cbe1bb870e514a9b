import { describe, expect, it } from 'vitest';
import { MetricsSeries } from '../../src/dashboard/MetricsSeries.js';
import type { InvocationRecord, LocalMetricsSnapshot } from '../../src/local/index.js';

const FN = 'csv-ingest-local-processor';
const FAIL = 'csv-ingest-local-failures';

const attempt = (endedAt: number, durationMs: number, ok = true, functionName = FN) =>
  ({ functionName, endedAt, durationMs, ok }) as InvocationRecord;

const snapshot = (throttles: number): LocalMetricsSnapshot =>
  ({
    functions: {
      [FN]: {
        invocations: 3,
        errors: 1,
        throttles,
        duration: { count: 3, avg: 20, p50: 20, p95: 30, max: 30 },
      },
      [FAIL]: { invocations: 1, errors: 0 },
    },
  }) as unknown as LocalMetricsSnapshot;

describe('MetricsSeries', () => {
  it('returns per-bucket invocations, errors and durations of the processor only', () => {
    // Prepare
    const series = new MetricsSeries(FN, FAIL, 1_000);
    const now = 1_000_000;

    // Act
    series.record(attempt(now - 1_500, 10));
    series.record(attempt(now - 1_200, 30, false));
    series.record(attempt(now - 100, 20));
    series.record(attempt(now - 100, 99, true, FAIL));
    const view = series.view(now);

    // Assess
    const [twoAgo, oneAgo, current] = view.buckets.slice(-3);
    expect(twoAgo).toEqual({
      t: now - 2_000,
      invocations: 2,
      errors: 1,
      throttles: 0,
      durationAvg: 20,
      durationMax: 30,
    });
    expect(oneAgo).toMatchObject({ t: now - 1_000, invocations: 1, errors: 0, durationMax: 20 });
    expect(current).toMatchObject({ t: now, invocations: 0 });
    expect(view.buckets).toHaveLength(90);
  });

  it('counts throttles as the change between snapshots, from a fresh baseline after a gap', () => {
    // Prepare
    const series = new MetricsSeries(FN, FAIL, 1_000);

    // Act
    series.update(snapshot(5), 10_000);
    series.update(snapshot(8), 11_000);
    series.forgetThrottles();
    series.update(snapshot(20), 12_000);
    const view = series.view(12_000);

    // Assess
    expect(view.buckets.map((bucket) => bucket.throttles).filter((n) => n > 0)).toEqual([3]);
    expect(view.processor).toEqual({
      invocations: 3,
      errors: 1,
      throttles: 20,
      durationP50: 20,
      durationP95: 30,
    });
    expect(view.failureHandler).toEqual({ invocations: 1, errors: 0 });
  });
});
