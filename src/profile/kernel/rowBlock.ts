import { RowBlock, Scan } from './layout.generated.js';

/** Word indexes (i32) of the kernel's row batch block (generated from scripts/kernel-layout.mjs). */
export { RowBlock };

/** Words in the block. */
export const ROW_BLOCK_WORDS = Object.keys(RowBlock).length;

/** `scanRows` returns this when the batch is full. */
export const ROWS_FULL = Scan.ROWS_FULL;

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
  /** Records with text after a closing quote. */
  malformed: number;
  malformedLines: number[];
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
    malformed: words[RowBlock.MALFORMED]!,
    malformedLines: list(RowBlock.MALFORMED_LINES, RowBlock.MALFORMED_LENGTH),
  };
}
