import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of the processor's own errors (meanings: src/shared/errorCodes.ts). */
export const PipelineErrorCode = codeTable(
  /** The object is larger than `MAX_FILE_BYTES` (terminal: an `error` item). */
  'FILE_TOO_LARGE',
  /** The invocation's remaining time ran out while streaming (terminal: an `error` item). */
  'TIMEOUT',
  /** Written by the failure handler after Lambda gave up retrying (terminal). */
  'PROCESSING_FAILED',
  /** An environment variable is missing or invalid (the function cannot start). */
  'INVALID_CONFIG',
  /** One or more records failed transiently; the invocation fails so Lambda retries it. */
  'RECORDS_FAILED',
);

export type PipelineErrorCode = (typeof PipelineErrorCode)[keyof typeof PipelineErrorCode];

/** Base class of the processor's errors: carries a stable `code`. */
export class PipelineError extends CodedError<PipelineErrorCode> {
  constructor(code: PipelineErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'PipelineError';
  }
}

/** The object exceeds the configured size limit. */
export class FileTooLargeError extends PipelineError {
  constructor(message: string) {
    super(PipelineErrorCode.FILE_TOO_LARGE, message);
    this.name = 'FileTooLargeError';
  }
}

/** The deadline derived from the Lambda context passed while the object was being processed. */
export class ProcessingTimeoutError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(PipelineErrorCode.TIMEOUT, message, options);
    this.name = 'ProcessingTimeoutError';
  }
}

/** An environment variable is missing or malformed; the message names it. */
export class ConfigError extends PipelineError {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(PipelineErrorCode.INVALID_CONFIG, message);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

/** Some records failed transiently; `errors` holds their causes (like `AggregateError`). */
export class RecordsFailedError extends PipelineError {
  readonly errors: readonly unknown[];

  constructor(errors: readonly unknown[], total: number) {
    const first = errors[0];
    const detail = first instanceof Error ? `${first.name}: ${first.message}` : String(first);
    super(
      PipelineErrorCode.RECORDS_FAILED,
      `${errors.length} of ${total} record(s) failed transiently; first: ${detail}`,
      { cause: first },
    );
    this.name = 'RecordsFailedError';
    this.errors = errors;
  }
}

/** True for this layer's per-file terminal errors (FILE_TOO_LARGE, TIMEOUT). */
export function isTerminalPipelineError(error: unknown): error is PipelineError {
  return (
    error instanceof PipelineError &&
    (error.code === PipelineErrorCode.FILE_TOO_LARGE || error.code === PipelineErrorCode.TIMEOUT)
  );
}
