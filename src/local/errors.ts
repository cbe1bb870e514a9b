import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of the local target's errors (meanings: src/shared/errorCodes.ts). */
export const LocalErrorCode = codeTable(
  'ALREADY_RUNNING',
  'NOT_RUNNING',
  'EMULATOR_START_FAILED',
  'BUNDLE_NOT_FOUND',
  'THROTTLED',
  'WAIT_TIMEOUT',
);

export type LocalErrorCode = (typeof LocalErrorCode)[keyof typeof LocalErrorCode];

/** Base class of every error the local target throws. */
export class LocalError extends CodedError<LocalErrorCode> {
  constructor(code: LocalErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'LocalError';
  }
}

/** `start()` on a running stack, or `stop()`-only operations on a stopped one. */
export class LocalStateError extends LocalError {
  constructor(code: 'ALREADY_RUNNING' | 'NOT_RUNNING', message: string) {
    super(code, message);
    this.name = 'LocalStateError';
  }
}

/** An emulator could not listen (port in use, data directory locked, ...). */
export class EmulatorStartError extends LocalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(LocalErrorCode.EMULATOR_START_FAILED, message, options);
    this.name = 'EmulatorStartError';
  }
}

/** The Lambda bundle to run does not exist (run `npm run build`). */
export class BundleNotFoundError extends LocalError {
  constructor(path: string) {
    super(LocalErrorCode.BUNDLE_NOT_FOUND, `Lambda bundle not found: ${path} (run npm run build)`);
    this.name = 'BundleNotFoundError';
  }
}

/** A synchronous invocation found every concurrency slot busy (Lambda's 429). */
export class ThrottledError extends LocalError {
  constructor(functionName: string, concurrency: number) {
    super(
      LocalErrorCode.THROTTLED,
      `TooManyRequestsException: ${functionName} is at its concurrency limit (${concurrency})`,
    );
    this.name = 'ThrottledError';
  }
}

/** A wait (for an item, for idle) did not finish in time. */
export class WaitTimeoutError extends LocalError {
  constructor(message: string) {
    super(LocalErrorCode.WAIT_TIMEOUT, message);
    this.name = 'WaitTimeoutError';
  }
}
