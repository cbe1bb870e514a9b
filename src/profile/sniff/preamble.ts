import type { SampleRecords } from './SampleScanner.js';

const textDecoder = new TextDecoder();
const COUNT = /^[1-9]\d{0,9}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A count line counts at least this many rows (a dataset, not a row of small numbers). */
const MIN_COUNTED_ROWS = 10;

/**
 * How many of the first records are a preamble: lines above the table that are not part of it.
 * Two kinds are recognised (`width` is the table's most common field count):
 * - lines narrower than the table by at least two fields, or of one field over a wider one
 *   (a title, `H,Locate Reply,GORLTR` over 10-field records, `569,30,malignant,benign` over 31);
 *   a line one field short (of two or more) is kept: R's write.table writes its header so
 *   when rows carry row names;
 * - a first line of counts, `n,k,...`, with k the table's width or one less, n (at least 10)
 *   at least the records below it (about them, when the sample holds them all), and more fields
 *   that are not all numbers (class names, or empty): the layout scikit-learn's bundled
 *   datasets use (`load_csv_data` reads n_samples, n_features from it), which can be as wide
 *   as the table (`150,4,setosa,versicolor,virginica` over 5 fields).
 * Wider first lines are kept: a header over ragged rows.
 */
export function preambleRecords(
  records: SampleRecords,
  width: number,
  complete: boolean,
  capped: boolean,
): number {
  if (width < 2 || records.length < 2) return 0;
  let skip = 0;
  if (isCountLine(records[0]!, width, records.length - 1, complete && !capped)) skip = 1;
  while (skip < records.length - 1) {
    const n = records[skip]!.length;
    if (n <= width - 2 || (n === 1 && width > 1)) skip++;
    else break;
  }
  return skip;
}

/** True when `fields` read `n,k,...` as described in {@link preambleRecords}. */
function isCountLine(fields: Uint8Array[], width: number, below: number, all: boolean): boolean {
  if (fields.length < 2) return false;
  const n = textDecoder.decode(fields[0]);
  const k = textDecoder.decode(fields[1]);
  if (!COUNT.test(n) || !COUNT.test(k)) return false;
  const rows = Number(n);
  const columns = Number(k);
  if (columns !== width && columns !== width - 1) return false;
  if (rows < MIN_COUNTED_ROWS || rows < below - 1 || (all && rows > below + 1)) return false;
  const rest = fields.slice(2).map((f) => textDecoder.decode(f).trim());
  return rest.length > 0 && !rest.every((f) => NUMBER.test(f));
}
