import type { InvocationRecord, LocalMetricsSnapshot } from '../local/index.js';
import { DASHBOARD_DEFAULTS } from './constants.js';
import type { MetricsBucket, MetricsView } from './types.js';

interface Bucket extends MetricsBucket {
  durationSum: number;
}

/**
 * The processor's recent Lambda metrics in fixed buckets, for the page's charts. Invocations,
 * errors and durations come from each finished attempt (the same events LocalMetrics counts);
 * throttles are not attempts, so they come from the change of LocalMetrics' count between two
 * snapshots. Totals are LocalMetrics' own.
 */
export class MetricsSeries {
  readonly #functionName: string;
  readonly #failureFunctionName: string;
  readonly #bucketMs: number;
  readonly #buckets: Bucket[] = [];
  #throttlesSeen: number | undefined;
  #totals: Pick<MetricsView, 'processor' | 'failureHandler'> = {
    processor: { invocations: 0, errors: 0, throttles: 0, durationP50: 0, durationP95: 0 },
    failureHandler: { invocations: 0, errors: 0 },
  };

  constructor(
    functionName: string,
    failureFunctionName: string,
    bucketMs: number = DASHBOARD_DEFAULTS.bucketMs,
  ) {
    this.#functionName = functionName;
    this.#failureFunctionName = failureFunctionName;
    this.#bucketMs = bucketMs;
  }

  /** Counts one finished attempt of the processor (others are ignored). */
  record(record: InvocationRecord): void {
    if (record.functionName !== this.#functionName) return;
    const bucket = this.#bucket(record.endedAt);
    bucket.invocations += 1;
    if (!record.ok) bucket.errors += 1;
    bucket.durationSum += record.durationMs;
    bucket.durationMax = Math.max(bucket.durationMax, record.durationMs);
  }

  /**
   * Takes the totals and the throttles since the last snapshot from LocalMetrics. The first
   * snapshot (or the first after `forgetThrottles`) only sets the baseline.
   */
  update(snapshot: LocalMetricsSnapshot, now: number = Date.now()): void {
    const processor = snapshot.functions[this.#functionName];
    const failures = snapshot.functions[this.#failureFunctionName];
    const throttles = processor?.throttles ?? 0;
    if (this.#throttlesSeen !== undefined && throttles > this.#throttlesSeen) {
      this.#bucket(now).throttles += throttles - this.#throttlesSeen;
    }
    this.#throttlesSeen = throttles;
    this.#totals = {
      processor: {
        invocations: processor?.invocations ?? 0,
        errors: processor?.errors ?? 0,
        throttles,
        durationP50: processor?.duration.p50 ?? 0,
        durationP95: processor?.duration.p95 ?? 0,
      },
      failureHandler: {
        invocations: failures?.invocations ?? 0,
        errors: failures?.errors ?? 0,
      },
    };
  }

  /** Throttles counted while nobody watched are not spread over the chart: the next snapshot is a new baseline. */
  forgetThrottles(): void {
    this.#throttlesSeen = undefined;
  }

  /** The last `buckets` buckets up to `now` (empty ones included), and the totals. */
  view(now: number = Date.now()): MetricsView {
    const last = Math.floor(now / this.#bucketMs) * this.#bucketMs;
    const first = last - (DASHBOARD_DEFAULTS.buckets - 1) * this.#bucketMs;
    const byStart = new Map(this.#buckets.map((bucket) => [bucket.t, bucket]));
    const buckets: MetricsBucket[] = [];
    for (let t = first; t <= last; t += this.#bucketMs) {
      const bucket = byStart.get(t);
      buckets.push({
        t,
        invocations: bucket?.invocations ?? 0,
        errors: bucket?.errors ?? 0,
        throttles: bucket?.throttles ?? 0,
        durationAvg:
          bucket && bucket.invocations > 0
            ? Math.round((bucket.durationSum / bucket.invocations) * 10) / 10
            : 0,
        durationMax: bucket ? Math.round(bucket.durationMax * 10) / 10 : 0,
      });
    }
    return { bucketMs: this.#bucketMs, buckets, ...this.#totals };
  }

  #bucket(at: number): Bucket {
    const t = Math.floor(at / this.#bucketMs) * this.#bucketMs;
    let bucket = this.#buckets.find((candidate) => candidate.t === t);
    if (!bucket) {
      bucket = {
        t,
        invocations: 0,
        errors: 0,
        throttles: 0,
        durationAvg: 0,
        durationMax: 0,
        durationSum: 0,
      };
      this.#buckets.push(bucket);
      this.#buckets.sort((a, b) => a.t - b.t);
      const oldest = t - DASHBOARD_DEFAULTS.buckets * this.#bucketMs;
      while ((this.#buckets[0]?.t ?? Number.POSITIVE_INFINITY) <= oldest) this.#buckets.shift();
    }
    return bucket;
  }
}
