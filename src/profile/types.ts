/** Version of the summary JSON; bump the minor for additions, the major for breaking changes. */
export const SUMMARY_VERSION = '1.1';

export const ColumnType = {
  empty: 'empty',
  boolean: 'boolean',
  int: 'int',
  float: 'float',
  date: 'date',
  datetime: 'datetime',
  string: 'string',
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

export const DateFormat = {
  iso: 'YYYY-MM-DD',
  us: 'MM/DD/YYYY',
  eu: 'DD/MM/YYYY',
  ymdSlash: 'YYYY/MM/DD',
  dot: 'DD.MM.YYYY',
} as const;
export type DateFormat = (typeof DateFormat)[keyof typeof DateFormat];

/** The slash forms with a two-digit year (`1/1/85`; 69..99 are 19xx, 00..68 are 20xx). */
export const ShortYearFormat = {
  us: 'MM/DD/YY',
  eu: 'DD/MM/YY',
} as const;
export type ShortYearFormat = (typeof ShortYearFormat)[keyof typeof ShortYearFormat];

/**
 * The format a date or datetime column reports: its date form; for a datetime, `ISO 8601` or
 * the date form followed by ` hh:mm:ss` (a clock time: one- or two-digit hour, seconds,
 * fraction and AM/PM optional).
 */
export type TemporalFormat =
  | DateFormat
  | ShortYearFormat
  | 'ISO 8601'
  | `${Exclude<DateFormat, 'YYYY-MM-DD'> | ShortYearFormat} hh:mm:ss`;

export type LineEnding = 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';
export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Severity = 'error' | 'warning' | 'info';

export const IssueCode = {
  missing_values: 'missing_values',
  invalid_values: 'invalid_values',
  too_many_fields: 'too_many_fields',
  too_few_fields: 'too_few_fields',
  duplicate_header: 'duplicate_header',
  blank_header: 'blank_header',
  no_header: 'no_header',
  duplicate_rows: 'duplicate_rows',
  blank_rows: 'blank_rows',
  constant_column: 'constant_column',
  all_missing: 'all_missing',
  whitespace: 'whitespace',
  mixed_date_formats: 'mixed_date_formats',
  leading_zeros: 'leading_zeros',
  outliers: 'outliers',
  encoding_fallback: 'encoding_fallback',
  no_data_rows: 'no_data_rows',
  control_characters: 'control_characters',
  malformed_quotes: 'malformed_quotes',
  comment_lines: 'comment_lines',
  skipped_preamble: 'skipped_preamble',
  null_token_as_value: 'null_token_as_value',
} as const;
export type IssueCode = (typeof IssueCode)[keyof typeof IssueCode];

/**
 * One data-quality finding. `percentage` is of the rows (or of the column's values; of the
 * file's lines for `encoding_fallback`, of its bytes for `control_characters`).
 */
export interface Issue {
  code: IssueCode;
  severity: Severity;
  column?: string;
  count: number;
  percentage: number;
  sample_lines: number[];
  message: string;
}

/** The CSV dialect used to parse the file; `sniffed` says which choices came from the data. */
export interface Dialect {
  delimiter: string;
  /** The quote character, or `''` when no field is quoted (see sniff/candidates.ts). */
  quote: string;
  line_ending: LineEnding;
  header: boolean;
  decimal: '.' | ',';
  sniffed: { delimiter: boolean; quote: boolean; header: boolean; decimal: boolean };
}

export interface EncodingInfo {
  name: EncodingName;
  bom: boolean;
  gzip: boolean;
  /**
   * 1-based line of the first line that was not valid UTF-8 and was decoded as Windows-1252, or
   * null. Each such line is decoded on its own (`encoding_fallback` lists them); `name` is
   * `windows-1252` when no line had valid UTF-8 beyond ASCII, else `utf-8`.
   */
  fallback_from_line: number | null;
}

export interface TopValue {
  value: string;
  count: number;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  count: number;
}

export interface NumericStats {
  min: number;
  max: number;
  /** Exact decimal digits of min/max for integers beyond 2^53 (else equal to String(min/max)). */
  min_exact: string;
  max_exact: string;
  /** Null only when the sum overflows a double. */
  sum: number | null;
  /** Null only when it overflows a double. */
  mean: number | null;
  /** Sample standard deviation (n - 1), as DuckDB's stddev. Null for fewer than 2 values. */
  stddev: number | null;
  zeros: number;
  negatives: number;
  quantiles: {
    p1: number;
    p5: number;
    p25: number;
    p50: number;
    p75: number;
    p95: number;
    p99: number;
  };
  /**
   * At most 20 equal-width bins over [min, max]: exact counts while the column has at most
   * `exactDistinctLimit` distinct values, else estimated from the quantile sketch.
   */
  histogram: HistogramBin[];
  outliers: number;
}

export interface StringStats {
  min_length: number;
  max_length: number;
  mean_length: number;
}

export interface DateStats {
  /** ISO 8601 (`YYYY-MM-DD` for dates, full timestamp in UTC for datetimes). */
  min: string;
  max: string;
  format: TemporalFormat;
  /** True when every value was ambiguous between MM/DD and DD/MM and a default was taken. */
  ambiguous: boolean;
}

export interface BooleanStats {
  true_count: number;
  false_count: number;
}

export interface ColumnProfile {
  name: string;
  index: number;
  type: ColumnType;
  /** Non-missing values. */
  count: number;
  missing: number;
  missing_pct: number;
  /** Non-missing values that do not fit `type`. */
  invalid: number;
  invalid_sample_lines: number[];
  distinct: number;
  distinct_estimated: boolean;
  /** Most frequent values. When `top_estimated`, counts are guaranteed lower bounds. */
  top: TopValue[];
  top_estimated: boolean;
  /**
   * Null tokens read as values in this column, not as missing (`NA` among two-letter codes);
   * present only when there are some.
   */
  null_tokens_as_values?: string[];
  numeric?: NumericStats;
  string?: StringStats;
  date?: DateStats;
  boolean?: BooleanStats;
}

export interface DatasetStats {
  rows: number;
  columns: number;
  bytes: number;
  blank_rows: number;
  duplicate_rows: number;
  duplicate_rows_estimated: boolean;
  too_many_fields_rows: number;
  too_few_fields_rows: number;
}

/** Original (v0) numeric statistics entry, kept for backward compatibility. */
export interface LegacyNumericStats {
  min: number;
  max: number;
  avg: number;
  count: number;
}

/** The profile of one CSV file. */
export interface Summary {
  summary_version: string;
  file_name: string | null;
  row_count: number;
  column_count: number;
  encoding: EncodingInfo;
  dialect: Dialect;
  /** column name -> type, in column order. */
  schema: Record<string, ColumnType>;
  /** numeric column -> min/max/avg/count (original fields). */
  statistics: Record<string, LegacyNumericStats>;
  quality_issues: {
    total_rows: number;
    /** column -> missing count, for columns with any. */
    missing_values: Record<string, number>;
    /** column -> invalid count, for columns with any. */
    invalid_values: Record<string, number>;
    has_issues: boolean;
    issues: Issue[];
  };
  columns: ColumnProfile[];
  dataset: DatasetStats;
}

/** Options of {@link createProfiler}; every one has a default. */
export interface ProfileOptions {
  /** Name reported as `file_name`. */
  fileName?: string | null;
  /** Override the sniffed delimiter (one character). */
  delimiter?: string;
  /** Override the sniffed quote character; `''` or `'none'` for none (no field is quoted). */
  quote?: string;
  /** Override header detection. */
  header?: boolean;
  /** Override decimal-separator detection. */
  decimal?: '.' | ',';
  /** Force an input encoding instead of BOM/validity detection. */
  encoding?: EncodingName;
  /** Tokens counted as missing besides the empty string. */
  nullTokens?: readonly string[];
  /** Share of non-null values (0..1) a type must fit to be chosen. Default 0.95. */
  typeThreshold?: number;
  /** Bytes sampled for dialect sniffing. Default 64 KiB. */
  sampleBytes?: number;
  /** Largest field, in bytes, before FIELD_TOO_LARGE. Default 16 MiB. */
  maxFieldBytes?: number;
  /** Most columns before TOO_MANY_COLUMNS. Default 20,000... see constants. */
  maxColumns?: number;
  /** Distinct values counted exactly per column before switching to HyperLogLog. */
  exactDistinctLimit?: number;
  /** Row hashes kept for exact duplicate-row detection before estimating. */
  duplicateRowLimit?: number;
  /** Sample line numbers kept per issue. Default 5. */
  sampleLines?: number;
  /** Most bytes gzip input may expand to before DECOMPRESSED_TOO_LARGE. Default: no limit. */
  maxDecompressedBytes?: number;
  /**
   * Most decompressed bytes per compressed byte read so far, checked once 16 MiB are
   * decompressed, before DECOMPRESSED_TOO_LARGE. Default: no limit.
   */
  maxCompressionRatio?: number;
}
