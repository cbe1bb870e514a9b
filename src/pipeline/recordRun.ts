import { isProfileError, type ProfileOptions } from '../profile/index.js';
import { isTerminalPipelineError, ProcessingTimeoutError } from './errors.js';
import type { FileErrorCode, HandlerDeps, ObjectInfo } from './types.js';

// What the work on one upload shares, whether one pass (processObject.ts) or one piece of a
// split upload (fanout/): the invocation's dependencies and deadline, the profiler options of
// an upload, and which errors end a file instead of being retried.

/** One invocation's shared state for its records. */
export interface RecordRun {
  deps: HandlerDeps & { now: () => number };
  requestId: string;
  /** Epoch ms the handler started (for `trigger_delay_ms`). */
  invokedAt: number;
  /** Epoch ms after which streaming is abandoned with TIMEOUT. */
  deadline: number;
  /** The function's own ARN (the context's): the pieces of a split upload invoke it. */
  functionArn: string;
}

/** A file that cannot be profiled: the code and message of its `error` item. */
export interface TerminalFailure {
  code: FileErrorCode;
  message: string;
  line?: number | undefined;
}

/** The terminal failure an error stands for, or null when it is transient (to propagate). */
export function terminalFailure(error: unknown, signal: AbortSignal): TerminalFailure | null {
  if (isProfileError(error)) return { code: error.code, message: error.message, line: error.line };
  if (isTerminalPipelineError(error)) {
    return { code: error.code as FileErrorCode, message: error.message };
  }
  // The SDK or the body reports the abort in its own words; the reason says why it happened.
  if (signal.aborted && signal.reason instanceof ProcessingTimeoutError) {
    return { code: signal.reason.code as FileErrorCode, message: signal.reason.message };
  }
  return null;
}

/** The profiler options of an upload: the function's limits, the test's options, its name. */
export function profileOptionsOf(run: RecordRun, object: ObjectInfo): ProfileOptions {
  const { config, profileOptions } = run.deps;
  return {
    maxDecompressedBytes: config.maxDecompressedBytes,
    maxCompressionRatio: config.maxCompressionRatio,
    ...profileOptions,
    fileName: object.fileName,
  };
}

/** A timer that aborts `controller` with TIMEOUT at the run's deadline (clear it when done). */
export function deadlineTimer(run: RecordRun, controller: AbortController): NodeJS.Timeout {
  const { config, now } = run.deps;
  return setTimeout(
    () =>
      controller.abort(
        new ProcessingTimeoutError(
          `processing did not finish ${config.timeoutMarginMs} ms before the Lambda timeout`,
        ),
      ),
    Math.max(0, run.deadline - now()),
  );
}
