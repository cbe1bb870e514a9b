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
  /** AWS refused the request as not allowed (403, AccessDenied). */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** AWS refused the credentials (expired, unknown, none found). */
  AWS_CREDENTIALS: 'AWS_CREDENTIALS',
  /** The endpoint answered with something the SDK cannot parse (not the service's protocol). */
  AWS_BAD_RESPONSE: 'AWS_BAD_RESPONSE',
  /** Any other AWS service error. */
  AWS_ERROR: 'AWS_ERROR',
} as const;

export type ExperimentErrorCode = (typeof ExperimentErrorCode)[keyof typeof ExperimentErrorCode];

/** Base class of the experiment-suite errors; the message (or the hint) says what to do. */
export class ExperimentError extends Error {
  readonly code: ExperimentErrorCode;
  /** What to do about it, printed on the line after `error CODE: message`. */
  readonly hint: string | undefined;

  constructor(
    code: ExperimentErrorCode,
    message: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
    this.name = 'ExperimentError';
    this.code = code;
    this.hint = options?.hint;
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
