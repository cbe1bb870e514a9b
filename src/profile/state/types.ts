import type { TypeFit } from '../infer/typeFit.js';
import type { ColumnFrequenciesJson } from '../sketch/ColumnFrequencies.js';
import type { MomentsJson } from '../sketch/Moments.js';
import type { QuantileSketchJson } from '../sketch/QuantileSketch.js';
import type { Dialect, EncodingInfo } from '../types.js';
import type { RowDuplicatesJson } from './RowDuplicates.js';

// The profile's state: what a file's pass leaves, what merges, what the summary is built from.
// One module for these types, so that the profiler, the merge, the summary and the kernel's
// readers all point at it instead of at each other.

/** Serialized state of one column (see ColumnState.ts). */
export interface ColumnStateJson {
  name: string;
  missing: number;
  missingLines: number[];
  whitespace: number;
  whitespaceLines: number[];
  leadingZeroLines: number[];
  fit: TypeFit;
  invalidLines: number[][];
  frequencies: ColumnFrequenciesJson;
  moments: MomentsJson;
  quantiles: QuantileSketchJson;
  zeros: number;
  negatives: number;
  minBig: string | null;
  maxBig: string | null;
  trueCount: number;
  falseCount: number;
  dayMin: (number | null)[];
  dayMax: (number | null)[];
  /** Epoch milliseconds of the dates and datetimes per date form (see DateSlot). */
  msMin: (number | null)[];
  msMax: (number | null)[];
  lengthMin: number | null;
  lengthMax: number | null;
  lengthSum: number;
}

/**
 * What the kernel accounted for one column (see `accountCells` in assembly/column.ts): the part
 * of a column's JSON state without its name, sketches and big integers.
 */
export type KernelColumnState = Omit<
  ColumnStateJson,
  'name' | 'frequencies' | 'quantiles' | 'minBig' | 'maxBig'
>;

/** How many lines (or characters) a file-level finding has, and the first of their lines. */
export interface LineCount {
  count: number;
  lines: number[];
}

/** Serializable state of a profile: what `mergeStates` combines. */
export interface ProfileState {
  state_version: 1;
  fileName: string | null;
  bytes: number;
  /** Bytes of the text as UTF-8 (after gunzip and decoding). */
  textBytes: number;
  /** Physical lines of the text (LF, CRLF and CR each end one). */
  lines: number;
  encoding: EncodingInfo;
  /** Lines that were not valid UTF-8, decoded as Windows-1252. */
  fallbackLines: LineCount;
  /** Control characters (C0 but TAB, LF, CR; NUL included) and their lines. */
  controlCharacters: LineCount;
  dialect: Dialect;
  headerNames: string[] | null;
  /** Header cells as read, for the header issues (null without a header). */
  rawHeader: string[] | null;
  rows: number;
  blankRows: number;
  blankLines: number[];
  tooMany: number;
  tooManyLines: number[];
  tooFew: number;
  tooFewLines: number[];
  /** Records with a quoted field followed by more text (`"a"b`). */
  malformedQuotes: LineCount;
  /** Comment lines skipped (`#`). */
  commentLines: LineCount;
  /** Lines skipped above the table as a preamble. */
  skippedPreamble: LineCount;
  lineEndings: { lf: number; crlf: number; cr: number };
  /** Per column, the null tokens read as values there, not as missing. */
  valueTokens: string[][];
  duplicates: RowDuplicatesJson;
  columns: ColumnStateJson[];
}

/** `x`, or null for an infinity (how JSON states write empty ranges). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
