import { Cell, TYPE_MASK } from '../infer/constants.js';
import type { SampleRecords } from './SampleScanner.js';

const textDecoder = new TextDecoder();

/**
 * True when the first record is a header. A header row fails the types the body satisfies:
 * each column whose body is typed (90% of its non-null cells) votes for a header when the first
 * row's cell does not fit the body's types, against when it does. With no typed column to
 * decide, a first row of distinct, non-empty, non-typed names is taken as a header. `masks`
 * are the kernel classifier's `Cell` masks of the records' fields.
 */
export function detectHeader(records: SampleRecords, masks: readonly Int32Array[]): boolean {
  const first = records[0];
  if (first === undefined) return true;
  const firstClass = masks[0]!;
  const typed = (m: number): boolean => (m & TYPE_MASK) !== 0;
  if (records.length === 1) {
    // Only one row: a header if nothing in it looks like data.
    return first.every((f, i) => f.length > 0 && !typed(firstClass[i]!));
  }
  let forHeader = 0;
  let against = 0;
  for (let c = 0; c < first.length; c++) {
    let nonNull = 0;
    let typedCells = 0;
    let bodyMask = TYPE_MASK;
    for (let r = 1; r < records.length; r++) {
      const m = masks[r]![c];
      if (m === undefined || (m & Cell.NULL) !== 0) continue;
      nonNull++;
      if (typed(m)) {
        typedCells++;
        bodyMask &= m;
      }
    }
    if (nonNull === 0 || typedCells < nonNull * 0.9) continue; // a string column does not vote
    const m = firstClass[c]!;
    if ((m & Cell.NULL) !== 0) continue;
    if ((m & bodyMask & TYPE_MASK) !== 0 || (typed(m) && bodyMask === 0)) against++;
    else forHeader++;
  }
  if (forHeader > 0 || against > 0) return forHeader > against;
  const names = new Set(first.map((f) => textDecoder.decode(f)));
  return (
    names.size === first.length && first.every((f, i) => f.length > 0 && !typed(firstClass[i]!))
  );
}
