// Word indexes (i32) of the kernel's row batch block: mirrors assembly/rows.ts.
export const RowBlock = {
  WIDTH: 0,
  CAPACITY: 1,
  ROWS: 2,
  MIN_PRESENT: 3,
  STARTS: 4,
  ENDS: 5,
  PRESENT: 6,
  LINES: 7,
  RECORDS: 8,
  DATA_ROWS: 9,
  BLANK: 10,
  TOO_MANY: 11,
  TOO_FEW: 12,
  SAMPLE_LINES: 13,
  BLANK_LINES: 14,
  BLANK_LENGTH: 15,
  MANY_LINES: 16,
  MANY_LENGTH: 17,
  FEW_LINES: 18,
  FEW_LENGTH: 19,
} as const;

/** Words in the block. */
export const ROW_BLOCK_WORDS = 20;

/** `scanRows` returns this when the batch is full. */
export const ROWS_FULL = 4;

/** What the kernel counted while it scanned rows into batches (see `scanRows`). */
export interface RowCounts {
  records: number;
  dataRows: number;
  blankRows: number;
  blankLines: number[];
  tooMany: number;
  tooManyLines: number[];
  tooFew: number;
  tooFewLines: number[];
}

/** Reads the counts of a block (`words` views it, `f64` views the whole memory). */
export function readRowCounts(words: Int32Array, f64: Float64Array): RowCounts {
  const list = (at: number, length: number): number[] => {
    const from = words[at]! >> 3;
    return Array.from(f64.subarray(from, from + words[length]!));
  };
  return {
    records: words[RowBlock.RECORDS]!,
    dataRows: words[RowBlock.DATA_ROWS]!,
    blankRows: words[RowBlock.BLANK]!,
    blankLines: list(RowBlock.BLANK_LINES, RowBlock.BLANK_LENGTH),
    tooMany: words[RowBlock.TOO_MANY]!,
    tooManyLines: list(RowBlock.MANY_LINES, RowBlock.MANY_LENGTH),
    tooFew: words[RowBlock.TOO_FEW]!,
    tooFewLines: list(RowBlock.FEW_LINES, RowBlock.FEW_LENGTH),
  };
}
