import type { EmfMetric } from '../../aws/emf.js';
import type { DynamoRequest } from '../emulators/DynamoEmulator.js';
import { type Distribution, summarize } from './summarize.js';

/** Lambda metrics of one function, as CloudWatch names them. */
export interface FunctionMetricsSnapshot {
  invocations: number;
  errors: number;
  throttles: number;
  timeouts: number;
  coldStarts: number;
  /** Max of ConcurrentExecutions. */
  concurrentExecutionsMax: number;
  duration: Distribution;
  initDuration: Distribution;
  maxMemoryUsedMb: number;
}

/** Aggregate of one custom (EMF) metric name. */
export interface CustomMetricSnapshot {
  namespace: string;
  unit: string;
  count: number;
  sum: number;
  avg: number;
  min: number;
  max: number;
}

/** Server-side DynamoDB request latency, overall and per operation. */
export interface DynamoMetricsSnapshot {
  requests: number;
  errors: number;
  latency: Distribution;
  operations: Record<string, { requests: number; errors: number; latency: Distribution }>;
}

/** Plain-JSON view of every local metric. */
export interface LocalMetricsSnapshot {
  startedAt: string;
  takenAt: string;
  functions: Record<string, FunctionMetricsSnapshot>;
  custom: Record<string, CustomMetricSnapshot>;
  dynamodb: DynamoMetricsSnapshot;
}

/** What the runtime reports per finished attempt. */
export interface InvocationSample {
  durationMs: number;
  initDurationMs?: number | undefined;
  ok: boolean;
  timedOut: boolean;
  maxMemoryUsedMb: number;
}

interface FunctionSeries {
  invocations: number;
  errors: number;
  throttles: number;
  timeouts: number;
  concurrentExecutionsMax: number;
  maxMemoryUsedMb: number;
  durations: number[];
  initDurations: number[];
}

interface CustomSeries {
  namespace: string;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Samples kept per series; older ones are dropped beyond this (counts stay exact). */
const MAX_SAMPLES = 200_000;

const push = (samples: number[], value: number): void => {
  if (samples.length >= MAX_SAMPLES) samples.shift();
  samples.push(value);
};

/** Local stand-in for CloudWatch: Lambda metrics, EMF metrics and DynamoDB latency. */
export class LocalMetrics {
  #startedAt = new Date();
  #functions = new Map<string, FunctionSeries>();
  #custom = new Map<string, CustomSeries>();
  #dynamo = new Map<string, { requests: number; errors: number; latencies: number[] }>();

  /** Counts one invocation attempt (Invocations, Errors, Duration, Init Duration). */
  recordInvocation(functionName: string, sample: InvocationSample): void {
    const series = this.#series(functionName);
    series.invocations += 1;
    if (!sample.ok) series.errors += 1;
    if (sample.timedOut) series.timeouts += 1;
    push(series.durations, sample.durationMs);
    if (sample.initDurationMs !== undefined) push(series.initDurations, sample.initDurationMs);
    series.maxMemoryUsedMb = Math.max(series.maxMemoryUsedMb, sample.maxMemoryUsedMb);
  }

  /** Counts one throttled invocation attempt. */
  recordThrottle(functionName: string): void {
    this.#series(functionName).throttles += 1;
  }

  /** Records the current number of concurrent executions. */
  recordConcurrency(functionName: string, active: number): void {
    const series = this.#series(functionName);
    series.concurrentExecutionsMax = Math.max(series.concurrentExecutionsMax, active);
  }

  /** Adds EMF metric values (aggregated per metric name). */
  recordEmf(metrics: readonly EmfMetric[]): void {
    for (const metric of metrics) {
      let series = this.#custom.get(metric.name);
      if (!series) {
        series = {
          namespace: metric.namespace,
          unit: metric.unit,
          count: 0,
          sum: 0,
          min: Number.POSITIVE_INFINITY,
          max: Number.NEGATIVE_INFINITY,
        };
        this.#custom.set(metric.name, series);
      }
      for (const value of metric.values) {
        series.count += 1;
        series.sum += value;
        series.min = Math.min(series.min, value);
        series.max = Math.max(series.max, value);
      }
    }
  }

  /** Adds one served DynamoDB request. */
  recordDynamoRequest(request: DynamoRequest): void {
    let series = this.#dynamo.get(request.operation);
    if (!series) {
      series = { requests: 0, errors: 0, latencies: [] };
      this.#dynamo.set(request.operation, series);
    }
    series.requests += 1;
    if (request.statusCode >= 400) series.errors += 1;
    push(series.latencies, request.durationMs);
  }

  /** Forgets every sample. */
  reset(): void {
    this.#startedAt = new Date();
    this.#functions.clear();
    this.#custom.clear();
    this.#dynamo.clear();
  }

  /** Plain-JSON view of every metric now. */
  snapshot(): LocalMetricsSnapshot {
    const functions: Record<string, FunctionMetricsSnapshot> = {};
    for (const [name, series] of this.#functions) {
      functions[name] = {
        invocations: series.invocations,
        errors: series.errors,
        throttles: series.throttles,
        timeouts: series.timeouts,
        coldStarts: series.initDurations.length,
        concurrentExecutionsMax: series.concurrentExecutionsMax,
        duration: summarize(series.durations),
        initDuration: summarize(series.initDurations),
        maxMemoryUsedMb: series.maxMemoryUsedMb,
      };
    }
    const custom: Record<string, CustomMetricSnapshot> = {};
    for (const [name, series] of this.#custom) {
      custom[name] = {
        namespace: series.namespace,
        unit: series.unit,
        count: series.count,
        sum: series.sum,
        avg: series.count === 0 ? 0 : series.sum / series.count,
        min: series.count === 0 ? 0 : series.min,
        max: series.count === 0 ? 0 : series.max,
      };
    }
    const operations: DynamoMetricsSnapshot['operations'] = {};
    const all: number[] = [];
    let requests = 0;
    let errors = 0;
    for (const [operation, series] of this.#dynamo) {
      operations[operation] = {
        requests: series.requests,
        errors: series.errors,
        latency: summarize(series.latencies),
      };
      requests += series.requests;
      errors += series.errors;
      for (const latency of series.latencies) all.push(latency);
    }
    return {
      startedAt: this.#startedAt.toISOString(),
      takenAt: new Date().toISOString(),
      functions,
      custom,
      dynamodb: { requests, errors, latency: summarize(all), operations },
    };
  }

  #series(functionName: string): FunctionSeries {
    let series = this.#functions.get(functionName);
    if (!series) {
      series = {
        invocations: 0,
        errors: 0,
        throttles: 0,
        timeouts: 0,
        concurrentExecutionsMax: 0,
        maxMemoryUsedMb: 0,
        durations: [],
        initDurations: [],
      };
      this.#functions.set(functionName, series);
    }
    return series;
  }
}
