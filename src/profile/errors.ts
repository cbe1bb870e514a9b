/** Stable, machine-readable codes for files that cannot be profiled. */
export const ProfileErrorCode = {
  EMPTY_FILE: 'EMPTY_FILE',
  NOT_TEXT: 'NOT_TEXT',
  MALFORMED_CSV: 'MALFORMED_CSV',
  FIELD_TOO_LARGE: 'FIELD_TOO_LARGE',
  TOO_MANY_COLUMNS: 'TOO_MANY_COLUMNS',
  UNSUPPORTED_ENCODING: 'UNSUPPORTED_ENCODING',
  /** Gzip data expands beyond `maxDecompressedBytes` or `maxCompressionRatio` (a gzip bomb). */
  DECOMPRESSED_TOO_LARGE: 'DECOMPRESSED_TOO_LARGE',
  /** Gzip data that is cut off, does not inflate, or whose CRC-32 or length trailer differs. */
  CORRUPT_GZIP: 'CORRUPT_GZIP',
} as const;

export type ProfileErrorCode = (typeof ProfileErrorCode)[keyof typeof ProfileErrorCode];

/** A file that cannot be profiled: carries a stable `code` and, where known, the 1-based line. */
export class ProfileError extends Error {
  readonly code: ProfileErrorCode;
  readonly line: number | undefined;

  constructor(
    code: ProfileErrorCode,
    message: string,
    options?: { line?: number | undefined; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProfileError';
    this.code = code;
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
