import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEmf } from '../../aws/emf.js';
import { LOCAL_DEFAULTS } from '../constants.js';
import {
  BundleNotFoundError,
  LocalStateError,
  ThrottledError,
  WaitTimeoutError,
} from '../errors.js';
import { createOnFailureRecord, type OnFailureRecord } from '../events/failureRecord.js';
import type { LocalMetrics } from '../metrics/LocalMetrics.js';
import { LambdaWorker } from './LambdaWorker.js';
import { lambdaEnvironment } from './lambdaEnvironment.js';
import { endLine, reportLine, startLine } from './logFormat.js';
import type {
  AttemptResult,
  ContextData,
  InvocationRecord,
  InvocationResult,
  LogLine,
} from './types.js';

/** Configuration of one local function. */
export interface LocalLambdaRuntimeOptions {
  functionName: string;
  /** The built bundle (ESM) to run, e.g. `dist/lambda/index.mjs`. */
  bundlePath: string;
  /** Exported handler (default `handler`). */
  handler?: string;
  /** The function's environment variables (plus credentials); Lambda's reserved ones are added. */
  environment?: Readonly<Record<string, string>>;
  region?: string;
  accountId?: string;
  /** Function timeout (default 60 s). */
  timeoutMs?: number;
  /** Memory size; the worker's heap limit (default 512 MB). */
  memoryMb?: number;
  /** Reserved concurrency: at most this many invocations at once (default 10). */
  concurrency?: number;
  /** Delays before the asynchronous retries; its length is the retry count (default [1000, 2000]). */
  retryDelaysMs?: readonly number[];
  /** Workers started and initialised by `start()` (default 0: every first use is a cold start). */
  provisionedConcurrency?: number;
  metrics?: LocalMetrics;
  /** Receives every log line: the function's stdout/stderr and START/END/REPORT. */
  onLog?: (line: LogLine) => void;
  /** On-failure destination of asynchronous invocations whose retries are exhausted. */
  onFailure?: (record: OnFailureRecord) => void | Promise<void>;
}

/** Number of invocations in each state. */
export interface RuntimeState {
  active: number;
  queued: number;
  retrying: number;
  workers: number;
  idleWorkers: number;
}

/** How an asynchronous invocation ended: it succeeded, or its on-failure record was delivered. */
export type AsyncOutcome = 'success' | 'on-failure';

interface QueuedEvent {
  requestId: string;
  event: unknown;
  attempt: number;
  /** Called once, when the invocation reaches its terminal outcome (never after `stop`). */
  onSettled?: (outcome: AsyncOutcome) => void;
}

/**
 * Runs a Lambda bundle locally the way Lambda does: worker threads as execution environments
 * (reused while warm, cold start = module import), the function's environment and context,
 * timeout, memory limit, a concurrency limit with throttling, and asynchronous invocation
 * with retries, backoff and an on-failure destination.
 */
export class LocalLambdaRuntime {
  readonly functionName: string;
  readonly functionArn: string;
  readonly #options: LocalLambdaRuntimeOptions;
  readonly #bundlePath: string;
  readonly #handler: string;
  readonly #timeoutMs: number;
  readonly #memoryMb: number;
  readonly #concurrency: number;
  readonly #retryDelaysMs: readonly number[];
  #env: Record<string, string>;
  readonly #workers = new Set<LambdaWorker>();
  readonly #idle: LambdaWorker[] = [];
  readonly #queue: QueuedEvent[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #listeners = new Set<(record: InvocationRecord) => void>();
  readonly #idleWaiters = new Set<() => void>();
  #active = 0;
  #running = false;

  constructor(options: LocalLambdaRuntimeOptions) {
    this.#options = options;
    this.functionName = options.functionName;
    const region = options.region ?? LOCAL_DEFAULTS.region;
    this.functionArn = `arn:aws:lambda:${region}:${options.accountId ?? LOCAL_DEFAULTS.accountId}:function:${options.functionName}`;
    this.#bundlePath = resolve(options.bundlePath);
    this.#handler = options.handler ?? LOCAL_DEFAULTS.handler;
    this.#timeoutMs = options.timeoutMs ?? LOCAL_DEFAULTS.timeoutMs;
    this.#memoryMb = options.memoryMb ?? LOCAL_DEFAULTS.memoryMb;
    this.#concurrency = Math.max(1, options.concurrency ?? LOCAL_DEFAULTS.concurrency);
    this.#retryDelaysMs = options.retryDelaysMs ?? LOCAL_DEFAULTS.retryDelaysMs;
    this.#env = lambdaEnvironment({
      functionName: options.functionName,
      handler: this.#handler,
      bundlePath: this.#bundlePath,
      memoryMb: this.#memoryMb,
      region,
      environment: options.environment ?? {},
    });
  }

  /** The worker environment (`process.env` of the function). */
  get environment(): Readonly<Record<string, string>> {
    return this.#env;
  }

  /**
   * Changes the function's environment variables (`undefined` removes one), as Lambda's
   * UpdateFunctionConfiguration does: call while stopped; the workers started after use it.
   */
  updateEnvironment(variables: Readonly<Record<string, string | undefined>>): void {
    if (this.#running) {
      throw new LocalStateError('ALREADY_RUNNING', `${this.functionName} must be stopped first`);
    }
    const env = { ...this.#env };
    for (const [name, value] of Object.entries(variables)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    this.#env = env;
  }

  /** Current counts (active, queued, retrying, workers). */
  get state(): RuntimeState {
    return {
      active: this.#active,
      queued: this.#queue.length,
      retrying: this.#retryTimers.size,
      workers: this.#workers.size,
      idleWorkers: this.#idle.length,
    };
  }

  /** Checks the bundle and starts the provisioned workers. */
  async start(): Promise<void> {
    if (!existsSync(this.#bundlePath)) throw new BundleNotFoundError(this.#bundlePath);
    this.#running = true;
    const count = Math.min(this.#options.provisionedConcurrency ?? 0, this.#concurrency);
    const workers = Array.from({ length: count }, () => this.#spawn());
    await Promise.all(workers.map((worker) => worker.ready()));
    for (const worker of workers) if (worker.alive) this.#idle.push(worker);
  }

  /** Invokes synchronously (RequestResponse); throws {@link ThrottledError} when all slots are busy. */
  async invoke(event: unknown): Promise<InvocationResult> {
    this.#assertRunning();
    if (this.#active >= this.#concurrency) {
      this.#options.metrics?.recordThrottle(this.functionName);
      throw new ThrottledError(this.functionName, this.#concurrency);
    }
    const record = await this.#track(
      this.#execute({ requestId: randomUUID(), event, attempt: 1 }, 'RequestResponse'),
    );
    const result: InvocationResult = {
      requestId: record.requestId,
      ok: record.ok,
      durationMs: record.durationMs,
      logs: record.logs,
    };
    if (record.ok) result.value = record.value;
    if (record.error) result.error = record.error;
    if (record.initDurationMs !== undefined) result.initDurationMs = record.initDurationMs;
    return result;
  }

  /**
   * Invokes asynchronously (Event): queues the event and returns its request id at once. A busy
   * function counts a Throttle and keeps the event queued; failures are retried after
   * `retryDelaysMs`, then sent to the on-failure destination. `onSettled` is called when the
   * invocation succeeds or its on-failure record has been delivered; an invocation cut by `stop`
   * never settles (the caller keeps it to deliver again).
   */
  invokeAsync(event: unknown, onSettled?: (outcome: AsyncOutcome) => void): string {
    this.#assertRunning();
    const requestId = randomUUID();
    this.#enqueue({ requestId, event, attempt: 1, ...(onSettled ? { onSettled } : {}) });
    return requestId;
  }

  /** Subscribes to finished attempts; returns the unsubscribe function. */
  onInvocation(listener: (record: InvocationRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True when nothing runs, waits, retries or is being delivered on failure. */
  isIdle(): boolean {
    return (
      this.#active === 0 &&
      this.#queue.length === 0 &&
      this.#retryTimers.size === 0 &&
      this.#inFlight.size === 0
    );
  }

  /** Resolves when the function is idle (see {@link isIdle}). */
  waitForIdle(timeoutMs = 30_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#idleWaiters.delete(done);
        resolvePromise();
      };
      const timer = setTimeout(() => {
        this.#idleWaiters.delete(done);
        reject(new WaitTimeoutError(`${this.functionName} not idle after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#idleWaiters.add(done);
    });
  }

  /**
   * Drops queued events and pending retries (they never settle: see {@link invokeAsync}),
   * terminates every worker, waits for in-flight work.
   */
  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    this.#queue.length = 0;
    this.#idle.length = 0;
    await Promise.all([...this.#workers].map((worker) => worker.terminate()));
    this.#workers.clear();
    await Promise.allSettled([...this.#inFlight]);
    this.#notifyIdle();
  }

  #assertRunning(): void {
    if (!this.#running) {
      throw new LocalStateError('NOT_RUNNING', `${this.functionName} is not running`);
    }
  }

  #enqueue(item: QueuedEvent): void {
    if (this.#active >= this.#concurrency) this.#options.metrics?.recordThrottle(this.functionName);
    this.#queue.push(item);
    this.#pump();
  }

  #pump(): void {
    while (this.#running && this.#queue.length > 0 && this.#active < this.#concurrency) {
      const item = this.#queue.shift()!;
      void this.#track(this.#runAsync(item));
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = () => {
      this.#inFlight.delete(promise);
      this.#notifyIdle();
    };
    promise.then(forget, forget);
    return promise;
  }

  async #runAsync(item: QueuedEvent): Promise<void> {
    const record = await this.#execute(item, 'Event');
    if (!this.#running) return;
    if (record.ok) {
      item.onSettled?.('success');
      return;
    }
    const delay = this.#retryDelaysMs[item.attempt - 1];
    if (delay !== undefined) {
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        if (this.#running) this.#enqueue({ ...item, attempt: item.attempt + 1 });
        this.#notifyIdle();
      }, delay);
      this.#retryTimers.add(timer);
      return;
    }
    const onFailure = this.#options.onFailure;
    if (onFailure && record.error) {
      try {
        await onFailure(
          createOnFailureRecord({
            requestId: item.requestId,
            functionArn: this.functionArn,
            invokeCount: item.attempt,
            payload: item.event,
            error: record.error,
          }),
        );
      } catch (error) {
        // Not delivered: the invocation does not settle, so its owner keeps it.
        this.#platform(item.requestId, `on-failure destination failed: ${String(error)}`);
        return;
      }
    }
    item.onSettled?.('on-failure');
  }

  /** One attempt: takes a slot and a worker, runs, logs START/END/REPORT, records metrics. */
  async #execute(
    item: QueuedEvent,
    invocationType: InvocationRecord['invocationType'],
  ): Promise<InvocationRecord> {
    this.#active += 1;
    this.#options.metrics?.recordConcurrency(this.functionName, this.#active);
    const worker = this.#idle.pop() ?? this.#spawn();
    const startedAt = Date.now();
    this.#platform(item.requestId, startLine(item.requestId));
    const context: ContextData = {
      functionName: this.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.functionArn,
      memoryLimitInMB: String(this.#memoryMb),
      awsRequestId: item.requestId,
      logGroupName: this.#env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
      logStreamName: this.#env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
      deadlineMs: startedAt + this.#timeoutMs,
    };
    let result: AttemptResult;
    try {
      result = await worker.invoke(item.event, context, this.#timeoutMs);
    } finally {
      this.#active -= 1;
    }
    if (result.workerLost || !worker.alive) {
      this.#workers.delete(worker);
      void worker.terminate();
    } else if (this.#running) {
      this.#idle.push(worker);
    } else {
      void worker.terminate();
    }
    const timedOut = result.error?.errorType === 'Sandbox.Timedout';
    const billedDurationMs = Math.max(1, Math.ceil(result.durationMs));
    if (!result.ok && result.error) {
      this.#platform(
        item.requestId,
        `${new Date().toISOString()}\t${item.requestId}\tERROR\tInvoke Error \t${JSON.stringify(result.error)}`,
      );
    }
    this.#platform(item.requestId, endLine(item.requestId));
    this.#platform(
      item.requestId,
      reportLine({
        requestId: item.requestId,
        durationMs: result.durationMs,
        billedDurationMs,
        memorySizeMb: this.#memoryMb,
        maxMemoryUsedMb: result.maxMemoryUsedMb,
        initDurationMs: result.initDurationMs,
        status: timedOut ? 'timeout' : result.workerLost && !result.ok ? 'error' : undefined,
      }),
    );
    this.#options.metrics?.recordInvocation(this.functionName, {
      durationMs: result.durationMs,
      initDurationMs: result.initDurationMs,
      ok: result.ok,
      timedOut,
      maxMemoryUsedMb: result.maxMemoryUsedMb,
    });
    const record: InvocationRecord = {
      ...result,
      functionName: this.functionName,
      requestId: item.requestId,
      attempt: item.attempt,
      invocationType,
      event: item.event,
      final:
        result.ok ||
        invocationType === 'RequestResponse' ||
        item.attempt > this.#retryDelaysMs.length,
      startedAt,
      endedAt: Date.now(),
      billedDurationMs,
    };
    for (const listener of this.#listeners) {
      try {
        listener(record);
      } catch {
        // listeners must not break the runtime
      }
    }
    this.#pump();
    return record;
  }

  #spawn(): LambdaWorker {
    const worker = new LambdaWorker({
      functionName: this.functionName,
      bundlePath: this.#bundlePath,
      handler: this.#handler,
      env: this.#env,
      memoryMb: this.#memoryMb,
      onLog: (line) => this.#log(line),
    });
    this.#workers.add(worker);
    return worker;
  }

  #log(line: LogLine): void {
    if (line.stream === 'stdout') {
      const metrics = parseEmf(line.message);
      if (metrics) this.#options.metrics?.recordEmf(metrics);
    }
    this.#options.onLog?.(line);
  }

  #platform(requestId: string, message: string): void {
    this.#options.onLog?.({
      timestamp: new Date().toISOString(),
      functionName: this.functionName,
      requestId,
      stream: 'platform',
      message,
    });
  }

  #notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const waiter of [...this.#idleWaiters]) waiter();
  }
}
