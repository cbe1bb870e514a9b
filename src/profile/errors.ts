import { codeTable } from '../shared/errorCodes.js';
import { CodedError } from '../shared/errors.js';

/**
 * Stable, machine-readable codes for files that cannot be profiled (meanings:
 * src/shared/errorCodes.ts): the item's `error_code` and `ingest profile --json`'s.
 */
export const ProfileErrorCode = codeTable(
  'EMPTY_FILE',
  'NOT_TEXT',
  'MALFORMED_CSV',
  'FIELD_TOO_LARGE',
  'TOO_MANY_COLUMNS',
  'UNSUPPORTED_ENCODING',
  'DECOMPRESSED_TOO_LARGE',
  'CORRUPT_GZIP',
);

export type ProfileErrorCode = (typeof ProfileErrorCode)[keyof typeof ProfileErrorCode];

/** A file that cannot be profiled: carries a stable `code` and, where known, the 1-based line. */
export class ProfileError extends CodedError<ProfileErrorCode> {
  readonly line: number | undefined;

  constructor(
    code: ProfileErrorCode,
    message: string,
    options?: { line?: number | undefined; cause?: unknown },
  ) {
    super(code, message, options?.cause === undefined ? {} : { cause: options.cause });
    this.name = 'ProfileError';
    this.line = options?.line;
  }

  /** The JSON shape the CLI and the processor report. */
  toJSON(): { error_code: ProfileErrorCode; message: string; line?: number } {
    return this.line === undefined
      ? { error_code: this.code, message: this.message }
      : { error_code: this.code, message: this.message, line: this.line };
  }
}

/** True when `error` is a {@link ProfileError} (also across module copies, by name and code). */
export function isProfileError(error: unknown): error is ProfileError {
  return (
    error instanceof ProfileError ||
    (error instanceof Error &&
      error.name === 'ProfileError' &&
      typeof (error as unknown as { code?: unknown }).code === 'string' &&
      (error as unknown as { code: string }).code in ProfileErrorCode)
  );
}
