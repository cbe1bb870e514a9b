/** Stable, machine-readable codes for misuse of a sketch (programming errors, not file errors). */
export const SketchErrorCode = {
  INVALID_JSON: 'INVALID_JSON',
  INCOMPATIBLE_MERGE: 'INCOMPATIBLE_MERGE',
  NON_FINITE_VALUE: 'NON_FINITE_VALUE',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

export type SketchErrorCode = (typeof SketchErrorCode)[keyof typeof SketchErrorCode];

/** Base class of the sketch errors: carries a stable `code`. */
export class SketchError extends Error {
  readonly code: SketchErrorCode;

  constructor(code: SketchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SketchError';
    this.code = code;
  }
}

/** A serialized sketch that does not have the expected shape. */
export class SketchJsonError extends SketchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(SketchErrorCode.INVALID_JSON, message, options);
    this.name = 'SketchJsonError';
  }
}

/** Two sketches with different parameters (precision, alpha) cannot be merged. */
export class SketchMergeError extends SketchError {
  constructor(message: string) {
    super(SketchErrorCode.INCOMPATIBLE_MERGE, message);
    this.name = 'SketchMergeError';
  }
}

/** A value that a sketch cannot take (NaN or an infinity). */
export class NonFiniteValueError extends SketchError {
  constructor(value: number) {
    super(SketchErrorCode.NON_FINITE_VALUE, `sketch values must be finite, got ${value}`);
    this.name = 'NonFiniteValueError';
  }
}

/** An argument out of its documented range. */
export class SketchArgumentError extends SketchError {
  constructor(message: string) {
    super(SketchErrorCode.INVALID_ARGUMENT, message);
    this.name = 'SketchArgumentError';
  }
}
