import { Byte, CANDIDATE_DELIMITERS, NO_QUOTE } from '../constants.js';

/** One way to read a file: its delimiter and quote bytes (quote NO_QUOTE: none). */
export interface DialectCandidate {
  delimiter: number;
  quote: number;
}

/** What a scan of the sample with one candidate found. */
export interface CandidateScan {
  /** Field count of each non-blank record; -1 for a record a stray quote ran across lines. */
  fieldCounts: number[];
  /** Fields opened by the quote character and closed again on their record's line(s). */
  quotedFields: number;
  /** Lines where a stray quote's run (a -1 record) starts. */
  strayLines: number[];
  /** The line of a quoted field that never closes in a whole sample (the file), or null. */
  unterminatedLine: number | null;
}

/** How consistently a candidate splits the sample's records. */
export interface CandidateScore {
  /** Share of records with the most common field count (0 when that count is 1). */
  score: number;
  /** The most common field count. */
  fields: number;
  /** Records scored. */
  records: number;
  /** Fields the candidate's quote character quoted. */
  quotedFields: number;
  /** Lines where a stray quote's run starts. */
  strayLines: number[];
}

/**
 * The dialects the sniffer tries, in order of preference on ties: each quote with each
 * delimiter (or the caller's overrides). The quote candidates are the double quote when the
 * sample has one, else the single quote when it has one, and always no quote at all: as DuckDB's
 * sniffer does (its NO_QUOTES rule, tried after the quoting ones), a file is read without a quote
 * character when quotes are not used consistently, or not used at all in the sample (DuckDB 1.5
 * then reports its quote as empty, too). A quote character must earn its place (see
 * {@link chooseQuote}), so a sample without any quoted field reads as unquoted.
 */
export function dialectCandidates(
  sample: Uint8Array,
  delimiter: number | undefined,
  quote: number | undefined,
): DialectCandidate[] {
  let quotes: number[];
  if (quote !== undefined) quotes = [quote];
  else if (sample.indexOf(Byte.DQUOTE) !== -1) quotes = [Byte.DQUOTE, NO_QUOTE];
  else if (sample.indexOf(Byte.SQUOTE) !== -1) quotes = [Byte.SQUOTE, NO_QUOTE];
  else quotes = [NO_QUOTE];
  const delimiters = delimiter === undefined ? CANDIDATE_DELIMITERS : [delimiter];
  return quotes.flatMap((q) => delimiters.map((d) => ({ delimiter: d, quote: q })));
}

/**
 * Share of records having the most common field count, and that count. A quoted field that
 * never closes in the file: with the double quote (RFC 4180's), a field it opens, and the file
 * is malformed (MALFORMED_CSV, as pandas and the RFC have it; DuckDB reads it unquoted); with the
 * single quote, which must earn its place (apostrophes start words: `'90s`), a stray run.
 */
export function consistency(scan: CandidateScan, quote: number): CandidateScore {
  let { fieldCounts, quotedFields, strayLines } = scan;
  const open = scan.unterminatedLine;
  if (open !== null && quote === Byte.DQUOTE) quotedFields++;
  else if (open !== null) {
    fieldCounts = [...fieldCounts, -1];
    strayLines = [...strayLines, open];
  }
  if (fieldCounts.length === 0) {
    return { score: 0, fields: 1, records: 0, quotedFields, strayLines };
  }
  const counts = new Map<number, number>();
  for (const n of fieldCounts) counts.set(n, (counts.get(n) ?? 0) + 1);
  let mode = 1;
  let best = 0;
  for (const [fields, count] of counts) {
    if (count > best || (count === best && fields > mode)) {
      mode = fields;
      best = count;
    }
  }
  return {
    score: mode > 1 ? best / fieldCounts.length : 0,
    fields: mode,
    records: fieldCounts.length,
    quotedFields,
    strayLines,
  };
}

/**
 * The quote for one delimiter: its quote character when it opens fields of the sample and never
 * runs astray (whatever splitting its quoted fields would do to the consistency); one that ran
 * astray only when it still reads the sample more consistently than no quote; else no quote (a
 * quote character that opens no field reads the sample as no quote does). `required`: the
 * caller gave the quote (no alternative then).
 */
export function chooseQuote(
  quoted: (DialectCandidate & CandidateScore) | undefined,
  plain: (DialectCandidate & CandidateScore) | undefined,
  required: boolean,
): (DialectCandidate & CandidateScore) | undefined {
  if (quoted === undefined || plain === undefined || required) return quoted ?? plain;
  if (quoted.quotedFields === 0) return plain;
  if (quoted.strayLines.length === 0) return quoted;
  return plain.score > quoted.score ? plain : quoted;
}

/**
 * True when `next` reads the sample better than `best` (the best so far, tried before it): a
 * higher score, or the same score with more fields and the same quote.
 */
export function scoresBetter(
  next: DialectCandidate & CandidateScore,
  best: (DialectCandidate & CandidateScore) | null,
): boolean {
  if (best === null) return true;
  return (
    next.score > best.score ||
    (next.score === best.score &&
      next.score > 0 &&
      next.fields > best.fields &&
      next.quote === best.quote)
  );
}
