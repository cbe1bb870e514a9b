/**
 * Limits of the HTML profile report. This file owns the report's size budget and how much of
 * each untrusted string it shows; the tests in test/report/ hold the renderer to both.
 */

/**
 * The size budget of one report: a fixed part (styles, script, file facts, the issue overview)
 * plus a share per column (its card, its compact data and its issues). It holds for column names
 * and values of up to ~40 characters and a few issues per column; longer text is cut (see
 * DISPLAY_LIMITS), which bounds a hostile file at a few KiB per column. Measured on the tests'
 * files: 12 columns 26 KB, 3,000 columns 1.96 MB (660 B per column).
 */
export const REPORT_BUDGET = {
  fixedBytes: 48 * 1024,
  perColumnBytes: 768,
} as const;

/** The budget, in bytes, of the report of a file with `columns` columns. */
export const reportBudgetBytes = (columns: number): number =>
  REPORT_BUDGET.fixedBytes + REPORT_BUDGET.perColumnBytes * columns;

/**
 * Most UTF-16 code units of an untrusted string shown, before it is cut with an ellipsis: a
 * 16 MiB cell must not make a 16 MiB report.
 */
export const DISPLAY_LIMITS = {
  name: 120,
  value: 120,
  message: 300,
  fileName: 300,
} as const;

/** Severity groups whose issue lists are open on load when they hold at most this many issues. */
export const OPEN_ISSUE_LIST_MAX = 200;

/** Severities in display order. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
