/** Facts about a profile that are not in the summary, all optional. */
export interface ReportContext {
  /** Size of the file or object as stored (compressed, for gzip), in bytes. */
  sizeBytes?: number;
  /** How long profiling took, in milliseconds. */
  durationMs?: number;
  /** When the report was made, as an ISO 8601 timestamp; shown as given. */
  generatedAt?: string;
  /** Where the file came from (a path or an S3 URI); untrusted, shown escaped. */
  source?: string;
}

/**
 * The compact data the report's script renders lazily: one entry per column, in column order,
 * and every issue. Keys are short because a 3,000-column report carries 3,000 of them. Every
 * string in it is already display text (cut and with control characters made visible); the
 * script only puts it in the page as text.
 */
export interface ReportData {
  /** Labels of facts, shared by all columns (`ColumnBody.f` holds indexes into it). */
  labels: string[];
  columns: ColumnBody[];
  /** Every issue, by severity (error, warning, info), then in the summary's order. */
  issues: IssueRow[];
}

/** What one column card shows when it is opened. */
export interface ColumnBody {
  /** Facts as [index into `labels`, shown value]. */
  f: Array<[number, string]>;
  /** Quantiles p1, p5, p25, p50, p75, p95, p99, shown. */
  q?: string[];
  /** Histogram: the range [min, max] and the estimated count of each equal-width bin. */
  h?: { r: [number, number]; n: number[] };
  /** Top values as [shown value, count], the non-missing count, and 1 when counts are lower bounds. */
  t?: { v: Array<[string, number]>; n: number; e?: 1 };
}

/** One issue as the report lists it. */
export interface IssueRow {
  /** Severity: 0 error, 1 warning, 2 info. */
  s: number;
  /** Issue code. */
  k: string;
  /** Column index, or -1 for an issue of the whole file. */
  c: number;
  /** Count, shown. */
  n: string;
  /** Percentage, shown. */
  p: string;
  /** Sample line numbers (1-based lines of the file). */
  l: number[];
  /** 1 when there are more affected lines than samples. */
  x?: 1;
  /** Message, shown. */
  m: string;
}
