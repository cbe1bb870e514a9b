/** Defaults of the profiler's options; see `ProfileOptions` in types.ts. */
export const DEFAULTS = {
  typeThreshold: 0.95,
  sampleBytes: 64 * 1024,
  maxFieldBytes: 16 * 1024 * 1024,
  /** Records larger than this are rejected even if no single field is (protects memory). */
  maxRecordBytes: 64 * 1024 * 1024,
  /** A 5,000-column file must pass; a 20,000-column header is refused. */
  maxColumns: 10_000,
  /** Distinct values counted exactly (with exact top values) before sketches take over. */
  exactDistinctLimit: 1024,
  duplicateRowLimit: 1 << 20,
  sampleLines: 5,
  topValues: 5,
  histogramBins: 20,
  /** No limit on gzip expansion unless the caller sets one (the pipeline does). */
  maxDecompressedBytes: Number.POSITIVE_INFINITY,
  maxCompressionRatio: Number.POSITIVE_INFINITY,
  /**
   * Decompressed bytes before the ratio limit applies: small files have gzip's fixed overhead
   * in their ratio, and a bomb is caught after this much output (milliseconds of work).
   */
  compressionRatioGraceBytes: 16 * 1024 * 1024,
} as const;

/** Byte values used by the decoder, sniffer and parser. */
export const Byte = {
  NUL: 0,
  TAB: 9,
  LF: 10,
  CR: 13,
  SPACE: 32,
  DQUOTE: 34,
  SQUOTE: 39,
  COMMA: 44,
  SEMICOLON: 59,
  PIPE: 124,
} as const;

/**
 * The quote "byte" of a dialect without a quote character: no field is quoted (the scanner's
 * QUOTE -1; see kernel/assembly/rows.ts). Reported as `quote: ""`.
 */
export const NO_QUOTE = -1;

/** Delimiters the sniffer considers, in order of preference on ties. */
export const CANDIDATE_DELIMITERS = [Byte.COMMA, Byte.SEMICOLON, Byte.TAB, Byte.PIPE] as const;
