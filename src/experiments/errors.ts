/** Stable codes of the errors of `ingest test`, `ingest metrics` and `ingest experiments`. */
export const ExperimentErrorCode = {
  TARGET_UNREACHABLE: 'TARGET_UNREACHABLE',
  NOT_DEPLOYED: 'NOT_DEPLOYED',
  TIMEOUT: 'TIMEOUT',
  VERIFY_FAILED: 'VERIFY_FAILED',
  NOT_CONFIRMED: 'NOT_CONFIRMED',
  BAD_RESULTS: 'BAD_RESULTS',
  NO_METRICS: 'NO_METRICS',
  USAGE: 'USAGE',
} as const;

export type ExperimentErrorCode = (typeof ExperimentErrorCode)[keyof typeof ExperimentErrorCode];

/** Base class of the experiment-suite errors; the message says what to do. */
export class ExperimentError extends Error {
  readonly code: ExperimentErrorCode;

  constructor(code: ExperimentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExperimentError';
    this.code = code;
  }
}

/** The target does not answer (LocalStack not running, no network, bad credentials). */
export class TargetUnreachableError extends ExperimentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ExperimentErrorCode.TARGET_UNREACHABLE, message, options);
    this.name = 'TargetUnreachableError';
  }
}

/** The target answers but the stack is not deployed (no Terraform outputs, missing resources). */
export class TargetNotDeployedError extends ExperimentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ExperimentErrorCode.NOT_DEPLOYED, message, options);
    this.name = 'TargetNotDeployedError';
  }
}

/** No metadata item appeared in time. */
export class ItemTimeoutError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.TIMEOUT, message);
    this.name = 'ItemTimeoutError';
  }
}

/** The pipeline produced a result, but not the expected one. */
export class VerifyFailedError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.VERIFY_FAILED, message);
    this.name = 'VerifyFailedError';
  }
}

/** The user did not confirm a run that costs money. */
export class NotConfirmedError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.NOT_CONFIRMED, message);
    this.name = 'NotConfirmedError';
  }
}

/** A results file is not valid JSON or does not match the results schema. */
export class BadResultsError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.BAD_RESULTS, message);
    this.name = 'BadResultsError';
  }
}

/** No metrics are available for the target (nothing ran yet, no log group). */
export class NoMetricsError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.NO_METRICS, message);
    this.name = 'NoMetricsError';
  }
}

/** True for any experiment-suite error. */
export function isExperimentError(error: unknown): error is ExperimentError {
  return error instanceof ExperimentError;
}
