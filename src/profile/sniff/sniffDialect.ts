import { Byte, NO_QUOTE } from '../constants.js';
import { KernelMemory } from '../kernel/Kernel.js';
import {
  type CandidateScore,
  consistency,
  type DialectCandidate,
  dialectCandidates,
  scoresBetter,
} from './candidates.js';
import { prefersDecimalComma } from './decimal.js';
import { detectHeader } from './header.js';
import { SampleScanner } from './SampleScanner.js';

// The sniffer: one home for how a file's dialect is decided from its start. Its steps, each
// in its own file: the dialect candidates and their score (candidates.ts), the scan of the
// sample by the profiler's own scanner and classifier (SampleScanner.ts), the decimal separator
// (decimal.ts) and the header (header.ts).

/** What the sniffer decided. */
export interface SniffResult {
  delimiter: number;
  quote: number;
  header: boolean;
  decimalComma: boolean;
  /**
   * Lines of the sample where a quote character ran astray (a quote that never closes, or one
   * that runs across lines into text) when no quote was chosen for it; empty otherwise.
   */
  strayQuoteLines: number[];
}

/** The caller's overrides (`undefined`: sniff it) and the null tokens of the profile. */
export interface SniffInput {
  delimiter?: number | undefined;
  quote?: number | undefined;
  header?: boolean | undefined;
  decimalComma?: boolean | undefined;
  nullTokens: readonly string[];
}

/** Bytes the dialect candidates are scored on (more only when too few records fit). */
const SCORE_BYTES = 16 * 1024;
const MIN_SCORE_RECORDS = 20;

/**
 * Sniffs delimiter, quote, header and decimal separator from the start of a file.
 * `complete` says the sample is the whole file (its last line need not end with a newline).
 */
export function sniffDialect(
  sample: Uint8Array,
  complete: boolean,
  input: SniffInput,
): SniffResult {
  const memory = KernelMemory.acquire();
  try {
    const scanner = new SampleScanner(memory);
    const candidates = dialectCandidates(sample, input.delimiter, input.quote);
    // Score every candidate on a prefix; a wide file whose records do not fit it gets the rest.
    let bytes = sample;
    let whole = complete;
    if (sample.length > SCORE_BYTES) {
      bytes = sample.subarray(0, SCORE_BYTES);
      whole = false;
    }
    const required = input.quote !== undefined;
    let scored = scoreCandidates(scanner, candidates, bytes, whole);
    let best = bestCandidate(scored, required);
    // The whole sample when too few records fit the prefix, or when the prefix quotes nothing
    // but the sample has quote bytes (quoted fields may start after the prefix).
    const quotesLater = best.quote === NO_QUOTE && candidates.some((c) => c.quote !== NO_QUOTE);
    if (bytes !== sample && (best.records < MIN_SCORE_RECORDS || quotesLater)) {
      bytes = sample;
      whole = complete;
      scored = scoreCandidates(scanner, candidates, bytes, whole);
      best = bestCandidate(scored, required);
    }
    // Never silent: the quote character that lost for running astray, with its lines.
    const rejected = scored.find(
      (c) => c.delimiter === best.delimiter && c.quote !== NO_QUOTE && c.strayLines.length > 0,
    );
    const strayQuoteLines = best.quote === NO_QUOTE && rejected ? rejected.strayLines : [];
    // Header and decimal separator are judged on the same records.
    const records = scanner.records(bytes, whole, best.delimiter, best.quote);
    const decimalComma =
      input.decimalComma ?? (best.delimiter === Byte.SEMICOLON && prefersDecimalComma(records));
    const header =
      input.header ??
      detectHeader(records, scanner.classify(records, input.nullTokens, decimalComma));
    return { delimiter: best.delimiter, quote: best.quote, header, decimalComma, strayQuoteLines };
  } finally {
    memory.release();
  }
}

/** Every candidate's scan of `bytes`, scored. */
function scoreCandidates(
  scanner: SampleScanner,
  candidates: readonly DialectCandidate[],
  bytes: Uint8Array,
  whole: boolean,
): (DialectCandidate & CandidateScore)[] {
  return candidates.map((candidate) => {
    const scan = scanner.fieldCounts(bytes, whole, candidate.delimiter, candidate.quote);
    return { ...candidate, ...consistency(scan) };
  });
}

/**
 * The candidate that reads the sample most consistently (the first on ties); `required`: the
 * candidates' quote was given by the caller.
 */
function bestCandidate(
  scored: readonly (DialectCandidate & CandidateScore)[],
  required: boolean,
): DialectCandidate & CandidateScore {
  let best: (DialectCandidate & CandidateScore) | null = null;
  for (const candidate of scored) {
    if (scoresBetter(candidate, best, required)) best = candidate;
  }
  return best!;
}
