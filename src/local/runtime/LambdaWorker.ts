import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { REPO_ROOT } from '../../shared/repoRoot.js';
import type { FunctionError } from '../events/failureRecord.js';
import type { AttemptResult, ContextData, LogLine, LogStream } from './types.js';

/** How to start one execution environment. */
export interface LambdaWorkerOptions {
  functionName: string;
  bundlePath: string;
  /** Exported handler name, e.g. `handler`. */
  handler: string;
  /** The function's whole environment (the worker's `process.env`). */
  env: Record<string, string>;
  memoryMb: number;
  /** Lambda's init phase limit (10 s). */
  initTimeoutMs?: number;
  /** Receives every captured stdout/stderr line as it arrives. */
  onLog: (line: LogLine) => void;
}

type InitOutcome = { ok: true; initMs: number } | { ok: false; error: FunctionError };

interface WorkerMessage {
  type: 'ready' | 'init-error' | 'result';
  initMs?: number;
  error?: FunctionError;
  id?: number;
  ok?: boolean;
  value?: unknown;
  durationMs?: number;
  memoryMb?: number;
}

interface Pending {
  id: number;
  requestId: string;
  logs: LogLine[];
  markers: number;
  result: WorkerMessage | undefined;
  settle: (outcome: AttemptResult) => void;
  timers: NodeJS.Timeout[];
}

// The worker's entry is plain JavaScript beside this file in the source tree; found from the
// repository root so the compiled CLI (dist/cli/) starts the same file.
const WORKER_URL = pathToFileURL(join(REPO_ROOT, 'src', 'local', 'runtime', 'lambdaWorker.mjs'));
const MARKER_GRACE_MS = 500;

const platformError = (errorType: string, errorMessage: string): FunctionError => ({
  errorType,
  errorMessage,
  trace: [],
});

/**
 * One Lambda execution environment: a worker thread that imports the bundle once (the cold
 * start) and then runs invocations one at a time, with stdout/stderr captured per invocation,
 * the function timeout (the worker is terminated) and a heap limit (`resourceLimits`).
 */
export class LambdaWorker {
  readonly #options: LambdaWorkerOptions;
  readonly #worker: Worker;
  readonly #marker = `\u0001local-lambda-done:${randomBytes(6).toString('hex')}:`;
  readonly #ready: Promise<InitOutcome>;
  #resolveReady!: (outcome: InitOutcome) => void;
  #initReported = false;
  #nextId = 1;
  #pending: Pending | undefined;
  #lastRequestId = 'INIT';
  #alive = true;
  #exited: Promise<void>;

  constructor(options: LambdaWorkerOptions) {
    this.#options = options;
    this.#ready = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    this.#worker = new Worker(WORKER_URL, {
      workerData: {
        bundlePath: options.bundlePath,
        handlerName: options.handler,
        marker: this.#marker,
      },
      env: options.env,
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    this.#capture(this.#worker.stdout, 'stdout');
    this.#capture(this.#worker.stderr, 'stderr');
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message));
    this.#worker.on('error', (error: Error & { code?: string }) => {
      const reported =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? platformError(
              'Runtime.OutOfMemory',
              `Runtime exited with error: out of memory (${this.#options.memoryMb} MB)`,
            )
          : {
              errorType: error.name === 'Error' ? 'Runtime.UnhandledError' : error.name,
              errorMessage: error.message,
              trace: String(error.stack ?? '').split('\n'),
            };
      this.#fail(reported);
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#alive = false;
        this.#fail(
          platformError('Runtime.ExitError', `Runtime exited with error: exit status ${code}`),
        );
        resolve();
      });
    });
    const initTimeout = setTimeout(() => {
      this.#fail(platformError('Runtime.InitTimeout', 'INIT phase timed out'));
      void this.terminate();
    }, options.initTimeoutMs ?? 10_000);
    void this.#ready.then(() => clearTimeout(initTimeout));
  }

  /** False once the worker crashed, timed out or was terminated. */
  get alive(): boolean {
    return this.#alive;
  }

  /** Resolves once the module is imported (or failed to). */
  ready(): Promise<InitOutcome> {
    return this.#ready;
  }

  /** Runs one invocation; never rejects (failures are results). */
  async invoke(event: unknown, context: ContextData, timeoutMs: number): Promise<AttemptResult> {
    const init = await this.#ready;
    const initDurationMs = this.#takeInitDuration(init);
    if (!init.ok || !this.#alive) {
      const error = init.ok ? platformError('Runtime.ExitError', 'Runtime exited') : init.error;
      return {
        ok: false,
        error,
        durationMs: 0,
        maxMemoryUsedMb: 0,
        workerLost: true,
        logs: [],
        ...initDurationMs,
      };
    }
    this.#lastRequestId = context.awsRequestId;
    const outcome = await new Promise<AttemptResult>((resolve) => {
      const pending: Pending = {
        id: this.#nextId++,
        requestId: context.awsRequestId,
        logs: [],
        markers: 0,
        result: undefined,
        settle: resolve,
        timers: [],
      };
      this.#pending = pending;
      pending.timers.push(
        setTimeout(() => {
          const seconds = (timeoutMs / 1000).toFixed(2);
          this.#settle(pending, {
            ok: false,
            error: platformError(
              'Sandbox.Timedout',
              `${new Date().toISOString()} ${context.awsRequestId} Task timed out after ${seconds} seconds`,
            ),
            durationMs: timeoutMs,
            maxMemoryUsedMb: 0,
            workerLost: true,
            logs: pending.logs,
          });
          void this.terminate();
        }, timeoutMs),
      );
      this.#worker.postMessage({ type: 'invoke', id: pending.id, event, context });
    });
    return { ...outcome, ...initDurationMs };
  }

  /** Stops the worker; resolves when it has exited. */
  async terminate(): Promise<void> {
    if (this.#alive) {
      this.#alive = false;
      await this.#worker.terminate();
    }
    await this.#exited;
  }

  #takeInitDuration(init: InitOutcome): { initDurationMs?: number } {
    if (this.#initReported || !init.ok) return {};
    this.#initReported = true;
    return { initDurationMs: init.initMs };
  }

  #onMessage(message: WorkerMessage): void {
    if (message.type === 'ready') {
      this.#resolveReady({ ok: true, initMs: message.initMs ?? 0 });
    } else if (message.type === 'init-error') {
      this.#resolveReady({
        ok: false,
        error: message.error ?? platformError('Runtime.Unknown', ''),
      });
      void this.terminate();
    } else if (message.type === 'result') {
      const pending = this.#pending;
      if (!pending || pending.id !== message.id) return;
      pending.result = message;
      if (pending.markers >= 2) this.#finishResult(pending);
      else pending.timers.push(setTimeout(() => this.#finishResult(pending), MARKER_GRACE_MS));
    }
  }

  #finishResult(pending: Pending): void {
    const message = pending.result;
    if (!message) return;
    const outcome: AttemptResult = {
      ok: message.ok === true,
      durationMs: message.durationMs ?? 0,
      maxMemoryUsedMb: message.memoryMb ?? 0,
      workerLost: false,
      logs: pending.logs,
    };
    if (message.ok) outcome.value = message.value;
    else outcome.error = message.error ?? platformError('Error', 'unknown error');
    this.#settle(pending, outcome);
  }

  #settle(pending: Pending, outcome: AttemptResult): void {
    if (this.#pending !== pending) return;
    this.#pending = undefined;
    for (const timer of pending.timers) clearTimeout(timer);
    pending.settle(outcome);
  }

  /** The worker died or failed to start: fail whatever is waiting on it. */
  #fail(error: FunctionError): void {
    this.#resolveReady({ ok: false, error });
    const pending = this.#pending;
    if (pending) {
      this.#settle(pending, {
        ok: false,
        error,
        durationMs: 0,
        maxMemoryUsedMb: 0,
        workerLost: true,
        logs: pending.logs,
      });
    }
    if (this.#alive) void this.terminate();
  }

  #capture(stream: Readable, name: LogStream): void {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        this.#line(buffered.slice(0, newline), name);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
    });
    stream.on('end', () => {
      if (buffered) this.#line(buffered, name);
      buffered = '';
    });
  }

  #line(text: string, stream: LogStream): void {
    const pending = this.#pending;
    if (text.startsWith(this.#marker)) {
      if (pending && Number(text.slice(this.#marker.length)) === pending.id) {
        pending.markers += 1;
        if (pending.markers >= 2 && pending.result) this.#finishResult(pending);
      }
      return;
    }
    const line: LogLine = {
      timestamp: new Date().toISOString(),
      functionName: this.#options.functionName,
      requestId: pending?.requestId ?? this.#lastRequestId,
      stream,
      message: text,
    };
    pending?.logs.push(line);
    this.#options.onLog(line);
  }
}
