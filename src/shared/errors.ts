import type { ErrorCode } from './errorCodes.js';

/** Options of a {@link CodedError}. */
export interface CodedErrorOptions {
  cause?: unknown;
  /** What to do about it, printed on the line after `error CODE: message`. */
  hint?: string | undefined;
}

/**
 * Base class of the project's own errors: a stable machine-readable `code` from the registry
 * (src/shared/errorCodes.ts), a one-line message, and the cause passed through. Each layer has
 * one subclass (`PipelineError`, `LocalError`, `DeployError`, ...) whose subclasses set `name`.
 * The CLI recognises ours by this class (src/cli/main.ts), never by the shape of `code`, so a
 * Node error such as `ENOENT` never passes for one of ours.
 */
export class CodedError<Code extends ErrorCode = ErrorCode> extends Error {
  readonly code: Code;
  readonly hint: string | undefined;

  constructor(code: Code, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodedError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** The user did not confirm (a destroy, a run that costs money): nothing was changed or run. */
export class NotConfirmedError extends CodedError<'NOT_CONFIRMED'> {
  constructor(message: string) {
    super('NOT_CONFIRMED', message);
    this.name = 'NotConfirmedError';
  }
}

/** True for any of the project's own errors. */
export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}
