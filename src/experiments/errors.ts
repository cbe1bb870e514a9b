import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/**
 * Codes of the errors of `ingest test`, `ingest metrics` and `ingest experiments` (meanings:
 * src/shared/errorCodes.ts). NOT_DEPLOYED and NOT_CONFIRMED are raised with the deploy layer's
 * and the shared classes (`NotDeployedError`, `NotConfirmedError`); they are listed here because
 * SDK failures are read as them too (awsErrors.ts).
 */
export const ExperimentErrorCode = codeTable(
  'TARGET_UNREACHABLE',
  'NOT_DEPLOYED',
  'WAIT_TIMEOUT',
  'VERIFY_FAILED',
  'NOT_CONFIRMED',
  'BAD_RESULTS',
  'NO_METRICS',
  'USAGE',
  /** AWS refused the request as not allowed (403, AccessDenied). */
  'ACCESS_DENIED',
  /** AWS refused the credentials (expired, unknown, none found). */
  'AWS_CREDENTIALS',
  /** The endpoint answered with something the SDK cannot parse (not the service's protocol). */
  'AWS_BAD_RESPONSE',
  /** Any other AWS service error. */
  'AWS_ERROR',
);

export type ExperimentErrorCode = (typeof ExperimentErrorCode)[keyof typeof ExperimentErrorCode];

/** Base class of the experiment-suite errors; the message (or the hint) says what to do. */
export class ExperimentError extends CodedError<ExperimentErrorCode> {
  constructor(code: ExperimentErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'ExperimentError';
  }
}

/** The target does not answer (LocalStack not running, no network, bad credentials). */
export class TargetUnreachableError extends ExperimentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ExperimentErrorCode.TARGET_UNREACHABLE, message, options);
    this.name = 'TargetUnreachableError';
  }
}

/** No metadata item (or summary) appeared in time. */
export class ItemTimeoutError extends ExperimentError {
  constructor(message: string) {
    super(ExperimentErrorCode.WAIT_TIMEOUT, message);
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

/** An AWS SDK call failed; the code says how (see `awsRequestError`), the cause is the SDK error. */
export class AwsRequestError extends ExperimentError {
  constructor(
    code: ExperimentErrorCode,
    message: string,
    options: { cause: unknown; hint?: string },
  ) {
    super(code, message, options);
    this.name = 'AwsRequestError';
  }
}

/** True for any experiment-suite error. */
export function isExperimentError(error: unknown): error is ExperimentError {
  return error instanceof ExperimentError;
}
