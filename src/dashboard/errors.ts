import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of the dashboard's answers and failures (meanings: src/shared/errorCodes.ts). */
export const DashboardErrorCode = codeTable(
  'HOST_NOT_ALLOWED',
  'ORIGIN_NOT_ALLOWED',
  'BAD_TOKEN',
  'LENGTH_REQUIRED',
  'FILE_TOO_LARGE',
  'INVALID_NAME',
  'UNSUPPORTED_SUFFIX',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'INTERNAL',
  'DASHBOARD_START_FAILED',
);

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
export class DashboardError extends CodedError<DashboardErrorCode> {
  constructor(code: DashboardErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'DashboardError';
  }

  /** The HTTP status it is answered with. */
  get status(): number {
    return STATUS_OF[this.code];
  }
}

/** The dashboard could not listen on its port. */
export class DashboardStartError extends DashboardError {
  constructor(address: string, options?: { cause?: unknown }) {
    const reason = (options?.cause as { code?: string } | undefined)?.code ?? 'failed';
    super(
      DashboardErrorCode.DASHBOARD_START_FAILED,
      `the dashboard cannot listen on ${address} (${reason})`,
      {
        ...options,
        hint: 'Choose another port with --dashboard-port P, or run without it: --no-dashboard.',
      },
    );
    this.name = 'DashboardStartError';
  }
}
