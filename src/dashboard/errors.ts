/** Stable, machine-readable codes of the dashboard's answers and failures. */
export const DashboardErrorCode = {
  /** The Host header is not this server's loopback address (DNS rebinding). */
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  /** The Origin header names another site, or a state-changing request has none. */
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  /** A state-changing request without this process's token. */
  BAD_TOKEN: 'BAD_TOKEN',
  /** An upload without a Content-Length (its size must be known before it is read). */
  LENGTH_REQUIRED: 'LENGTH_REQUIRED',
  /** An upload larger than the function's MAX_FILE_BYTES. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** An upload name that is empty, too long, or has control characters or empty/dot segments. */
  INVALID_NAME: 'INVALID_NAME',
  /** An upload name the bucket notification does not match (nothing would process it). */
  UNSUPPORTED_SUFFIX: 'UNSUPPORTED_SUFFIX',
  /** No item, result object or on-failure record by that name. */
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** Anything else that failed while answering (an emulator error). */
  INTERNAL: 'INTERNAL',
  /** The dashboard could not listen (port in use). */
  DASHBOARD_START_FAILED: 'DASHBOARD_START_FAILED',
} as const;

export type DashboardErrorCode = (typeof DashboardErrorCode)[keyof typeof DashboardErrorCode];

/** HTTP status of each code answered to a request. */
export const STATUS_OF: Readonly<Record<DashboardErrorCode, number>> = {
  HOST_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  BAD_TOKEN: 403,
  LENGTH_REQUIRED: 411,
  FILE_TOO_LARGE: 413,
  INVALID_NAME: 400,
  UNSUPPORTED_SUFFIX: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INTERNAL: 500,
  DASHBOARD_START_FAILED: 500,
};

/** Base class of every error of the dashboard. */
export class DashboardError extends Error {
  readonly code: DashboardErrorCode;

  constructor(code: DashboardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DashboardError';
    this.code = code;
  }

  /** The HTTP status it is answered with. */
  get status(): number {
    return STATUS_OF[this.code];
  }
}

/** The dashboard could not listen on its port. */
export class DashboardStartError extends DashboardError {
  readonly hint: string;

  constructor(address: string, options?: { cause?: unknown }) {
    const reason = (options?.cause as { code?: string } | undefined)?.code ?? 'failed';
    super(
      DashboardErrorCode.DASHBOARD_START_FAILED,
      `the dashboard cannot listen on ${address} (${reason})`,
      options,
    );
    this.name = 'DashboardStartError';
    this.hint = 'Choose another port with --dashboard-port P, or run without it: --no-dashboard.';
  }
}
