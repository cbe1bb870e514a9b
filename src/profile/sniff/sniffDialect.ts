import { Byte, NO_QUOTE } from '../constants.js';
import { KernelMemory } from '../kernel/Kernel.js';
import { type CommentRule, NO_COMMENT_RULE } from '../parse/RecordSink.js';
import {
  type CandidateScore,
  chooseQuote,
  consistency,
  type DialectCandidate,
  dialectCandidates,
  scoresBetter,
} from './candidates.js';
import { COMMENT_BYTE, hasCommentLine, leadingComments } from './comments.js';
import { prefersDecimalComma } from './decimal.js';
import { judgeHeader } from './header.js';
import { preambleRecords } from './preamble.js';
import { type PlacedRecords, type SampleRecords, SampleScanner } from './SampleScanner.js';
import { valueTokens } from './valueTokens.js';

// The sniffer: one home for how a file's dialect is decided from its start. Its steps, each
// in its own file: the comment lines it starts with (comments.ts), the dialect candidates and
// their score (candidates.ts), the scan of the sample by the profiler's own scanner and
// classifier (SampleScanner.ts), the lines above the table (preamble.ts), the decimal separator
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
  /**
   * Where the table starts: the bytes and lines before it (comment lines, a preamble) are
   * not parsed. The header, if any, is the line at `skipBytes`.
   */
  skipBytes: number;
  skipLines: number;
  /** Lines of the comment lines skipped (before the table). */
  commentLines: number[];
  /** Lines of the preamble lines skipped (before the table; comment lines not among them). */
  preambleLines: number[];
  /** Which lines of the table are comments (from its first line, or after a `#` header). */
  comment: CommentRule;
  /** The header is a `#` line (comments start after it). */
  commentHeader: boolean;
  /** Without a header: the widest record of the sample, the table's width. 0 with one. */
  width: number;
  /** Per column, the null tokens that are values there (see valueTokens.ts). */
  valueTokens: string[][];
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
 * Sniffs delimiter, quote, header and decimal separator from the start of a file, and where
 * its table starts. `complete` says the sample is the whole file (its last line need not end
 * with a newline).
 *
 * Comment lines: lines starting with `#` at the start of the file are skipped; the last of them
 * is the header when it has the table's width, reads as a header, the table's first line does
 * not, and no `#` line follows in the sample (tzdata's iso3166.tab: `#code<TAB>name`). When the
 * file starts with comment lines, every `#` line of the table is a comment (tzdata's
 * zone1970.tab ends with some); otherwise only a `#` line that does not have the table's width
 * is (`# a note` in a 2-column table), so that data such as colours (`#ff0000,red`) stays data.
 */
export function sniffDialect(
  sample: Uint8Array,
  complete: boolean,
  input: SniffInput,
): SniffResult {
  const memory = KernelMemory.acquire();
  try {
    const scanner = new SampleScanner(memory);
    const head = leadingComments(sample);
    const commented = head.commentLines.length > 0;
    const comment: CommentRule = commented
      ? { byte: COMMENT_BYTE, all: true }
      : { byte: COMMENT_BYTE, all: false };
    // The sample from its first line that is no comment; its comment lines are skipped too.
    const body = sample.subarray(head.end);
    const scanComments = commented ? comment : NO_COMMENT_RULE;
    const candidates = dialectCandidates(body, input.delimiter, input.quote);
    // Score every candidate on a prefix; a wide file whose records do not fit it gets the rest.
    let bytes = body;
    let whole = complete;
    if (body.length > SCORE_BYTES) {
      bytes = body.subarray(0, SCORE_BYTES);
      whole = false;
    }
    const required = input.quote !== undefined;
    let scored = scoreCandidates(scanner, candidates, bytes, whole, scanComments);
    let best = bestCandidate(scored, required);
    // The whole sample when too few records fit the prefix, or when the prefix quotes nothing
    // but the sample has quote bytes (quoted fields may start after the prefix).
    const quotesLater = best.quote === NO_QUOTE && candidates.some((c) => c.quote !== NO_QUOTE);
    if (bytes !== body && (best.records < MIN_SCORE_RECORDS || quotesLater)) {
      bytes = body;
      whole = complete;
      scored = scoreCandidates(scanner, candidates, bytes, whole, scanComments);
      best = bestCandidate(scored, required);
    }
    // Never silent: the quote character that lost for running astray, with its lines.
    const rejected = scored.find(
      (c) => c.delimiter === best.delimiter && c.quote !== NO_QUOTE && c.strayLines.length > 0,
    );
    const strayQuoteLines =
      best.quote === NO_QUOTE && rejected ? rejected.strayLines.map((l) => l + head.lines) : [];

    // The table: its records after a preamble; header and decimal separator are judged on them.
    const placed = scanner.records(bytes, whole, best.delimiter, best.quote, scanComments);
    const skip = preambleRecords(placed.records, best.fields, whole, placed.capped);
    const records = placed.records.slice(skip);
    const decimalComma =
      input.decimalComma ?? (best.delimiter === Byte.SEMICOLON && prefersDecimalComma(records));
    const judge = (rs: SampleRecords) =>
      judgeHeader(rs, scanner.classify(rs, input.nullTokens, decimalComma));

    let skipBytes = head.end + (skip > 0 ? placed.starts[skip]! : 0);
    let skipLines = head.lines + (skip > 0 ? placed.lines[skip]! - 1 : 0);
    let commentLines = head.commentLines;
    const verdict = input.header === undefined ? judge(records) : null;
    let header = input.header ?? verdict!.header;
    let commentHeader = false;
    // The last leading comment line as the header (see above), unless the columns voted the
    // table's first line a header.
    const last = head.last;
    if (
      last !== null &&
      verdict !== null &&
      !(verdict.header && verdict.voted) &&
      skip === 0 &&
      !hasCommentLine(body)
    ) {
      const line = sample.subarray(last.start, last.end);
      const [fields] = scanner.records(line, true, best.delimiter, best.quote).records;
      if (
        fields !== undefined &&
        fields.length === best.fields &&
        judge([fields, ...records]).header
      ) {
        header = true;
        commentHeader = true;
        skipBytes = last.start;
        skipLines = last.line - 1;
        commentLines = commentLines.filter((l) => l < last.line);
      }
    }
    const preambleLines = skip > 0 ? preambleLinesOf(placed, skip, head.lines) : [];
    // The table's body: the records below its header (a # header is not among the records).
    const rows = header && !commentHeader ? records.slice(1) : records;
    return {
      delimiter: best.delimiter,
      quote: best.quote,
      header,
      decimalComma,
      strayQuoteLines,
      skipBytes,
      skipLines,
      commentLines,
      preambleLines,
      comment,
      commentHeader,
      width: header ? 0 : Math.max(0, ...records.map((r) => r.length)),
      valueTokens: valueTokens(
        rows,
        scanner.classify(rows, input.nullTokens, decimalComma),
        input.nullTokens,
      ),
    };
  } finally {
    memory.release();
  }
}

/** The lines of the first `skip` records (a preamble), in the file. */
function preambleLinesOf(placed: PlacedRecords, skip: number, before: number): number[] {
  return placed.lines.slice(0, skip).map((l) => l + before);
}

/** Every candidate's scan of `bytes`, scored. */
function scoreCandidates(
  scanner: SampleScanner,
  candidates: readonly DialectCandidate[],
  bytes: Uint8Array,
  whole: boolean,
  comment: CommentRule,
): (DialectCandidate & CandidateScore)[] {
  return candidates.map((candidate) => {
    const scan = scanner.fieldCounts(bytes, whole, candidate.delimiter, candidate.quote, comment);
    return { ...candidate, ...consistency(scan, candidate.quote) };
  });
}

/**
 * The candidate that reads the sample most consistently (the first on ties), with per delimiter
 * the quote {@link chooseQuote} picks; `required`: the caller gave the quote.
 */
function bestCandidate(
  scored: readonly (DialectCandidate & CandidateScore)[],
  required: boolean,
): DialectCandidate & CandidateScore {
  const delimiters = [...new Set(scored.map((c) => c.delimiter))];
  let best: (DialectCandidate & CandidateScore) | null = null;
  for (const d of delimiters) {
    const quoted = scored.find((c) => c.delimiter === d && c.quote !== NO_QUOTE);
    const plain = scored.find((c) => c.delimiter === d && c.quote === NO_QUOTE);
    const pick = chooseQuote(quoted, plain, required)!;
    if (scoresBetter(pick, best)) best = pick;
  }
  return best!;
}
