import { Byte, CANDIDATE_DELIMITERS } from '../constants.js';

/** One way to read a file: its delimiter and quote bytes. */
export interface DialectCandidate {
  delimiter: number;
  quote: number;
}

/** How consistently a candidate splits the sample's records. */
export interface CandidateScore {
  /** Share of records with the most common field count (0 when that count is 1). */
  score: number;
  /** The most common field count. */
  fields: number;
  /** Records scored. */
  records: number;
}

/**
 * The dialects the sniffer tries, in order of preference on ties: each candidate delimiter
 * with each candidate quote (or the caller's overrides). A single quote is tried only where no
 * double quote appears in the sample at all.
 */
export function dialectCandidates(
  sample: Uint8Array,
  delimiter: number | undefined,
  quote: number | undefined,
): DialectCandidate[] {
  const quotes =
    quote !== undefined
      ? [quote]
      : sample.indexOf(Byte.DQUOTE) === -1
        ? [Byte.DQUOTE, Byte.SQUOTE]
        : [Byte.DQUOTE];
  const delimiters = delimiter === undefined ? CANDIDATE_DELIMITERS : [delimiter];
  return quotes.flatMap((q) => delimiters.map((d) => ({ delimiter: d, quote: q })));
}

/** Share of records having the most common field count, and that count. */
export function consistency(fieldCounts: readonly number[]): CandidateScore {
  if (fieldCounts.length === 0) return { score: 0, fields: 1, records: 0 };
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
  };
}

/**
 * True when `next` reads the sample better than `best` (the best so far, tried before it): a
 * higher score, or the same score with more fields and the same quote. A single quote must earn
 * its place: it wins only with a strictly higher score than the double quote.
 */
export function scoresBetter(
  next: DialectCandidate & CandidateScore,
  best: (DialectCandidate & CandidateScore) | null,
): boolean {
  if (best === null) return true;
  return (
    next.score > best.score + (next.quote === Byte.SQUOTE ? 1e-9 : 0) ||
    (next.score === best.score &&
      next.score > 0 &&
      next.fields > best.fields &&
      next.quote === best.quote)
  );
}
