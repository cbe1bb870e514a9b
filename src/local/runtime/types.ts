import type { FunctionError } from '../events/failureRecord.js';

/** Where a captured line came from: the function's stdout/stderr or the runtime itself. */
export type LogStream = 'stdout' | 'stderr' | 'platform';

/** One captured log line of a function. */
export interface LogLine {
  timestamp: string;
  functionName: string;
  requestId: string;
  stream: LogStream;
  message: string;
}

/** The Lambda context fields sent to the worker (it adds `getRemainingTimeInMillis`). */
export interface ContextData {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  deadlineMs: number;
}

/** The outcome of one attempt in one worker. */
export interface AttemptResult {
  ok: boolean;
  value?: unknown;
  error?: FunctionError;
  /** Handler time (the timeout for timed-out attempts). */
  durationMs: number;
  /** Module import time when this attempt was the worker's cold start. */
  initDurationMs?: number;
  maxMemoryUsedMb: number;
  /** The worker cannot be reused (timed out, crashed, failed to initialise). */
  workerLost: boolean;
  logs: LogLine[];
}

/** One finished invocation attempt, as reported to listeners. */
export interface InvocationRecord extends AttemptResult {
  functionName: string;
  requestId: string;
  /** 1 for the first attempt, 2 and 3 for Lambda's retries. */
  attempt: number;
  invocationType: 'Event' | 'RequestResponse';
  event: unknown;
  /** No further attempt follows (success, or retries exhausted). */
  final: boolean;
  startedAt: number;
  endedAt: number;
  billedDurationMs: number;
}

/** What `invoke` (RequestResponse) returns. */
export interface InvocationResult {
  requestId: string;
  ok: boolean;
  value?: unknown;
  error?: FunctionError;
  durationMs: number;
  initDurationMs?: number;
  logs: LogLine[];
}
