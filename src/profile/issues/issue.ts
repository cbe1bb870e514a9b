import type { Issue, IssueCode, Severity } from '../types.js';

/**
 * Percentage rounded to 2 decimals (0 when the base is 0), at most 100: a base of lines counts
 * the last record's quoted line breaks only when a line break ends it.
 */
export function pct(count: number, of: number): number {
  return of === 0 ? 0 : Math.min(100, Math.round((count / of) * 10_000) / 100);
}

/** One issue, its percentage of `of`. */
export function issue(
  code: IssueCode,
  severity: Severity,
  count: number,
  of: number,
  sampleLines: readonly number[],
  message: string,
  column?: string,
): Issue {
  const out: Issue = {
    code,
    severity,
    count,
    percentage: pct(count, of),
    sample_lines: [...sampleLines],
    message,
  };
  if (column !== undefined) out.column = column;
  return out;
}
