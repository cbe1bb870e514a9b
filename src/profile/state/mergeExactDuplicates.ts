import { readHashList, setLazyHashList } from '../sketch/hashList.js';
import type { RowDuplicatesJson } from './RowDuplicates.js';

/**
 * The duplicate rows of two exact states (`b` the rows after `a`'s) merged as
 * `RowDuplicates.merge` merges them, in one linear walk of their sorted hash lists instead of a
 * hash set: a hash in both is a row of `b` that repeats one of `a`, one more duplicate. Null when
 * the union passes `limit` distinct rows (the count turns to the estimate: RowDuplicates does
 * that) or either side is estimated.
 */
export function mergeExactDuplicates(
  a: RowDuplicatesJson,
  b: RowDuplicatesJson,
  sampleLines: number,
  limit: number,
): RowDuplicatesJson | null {
  if (!('exact' in a) || !('exact' in b)) return null;
  const x = readHashList(a);
  const y = readHashList(b);
  if (x.length + y.length > 2 * limit) return null;
  const union = new Float64Array(x.length + y.length);
  let n = 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i]!;
    const q = y[j]!;
    if (p === q) {
      union[n++] = p;
      shared++;
      i++;
      j++;
    } else if (p < q) {
      union[n++] = p;
      i++;
    } else {
      union[n++] = q;
      j++;
    }
  }
  while (i < x.length) union[n++] = x[i++]!;
  while (j < y.length) union[n++] = y[j++]!;
  if (n > limit) return null;
  const merged = {
    rows: a.rows + b.rows,
    exactDuplicates: a.exactDuplicates + b.exactDuplicates + shared,
    lines: [...a.lines, ...b.lines].slice(0, sampleLines),
  };
  // Encoded when read: the next merge of a fold over pieces takes the array as it is.
  setLazyHashList(merged, n === union.length ? union : union.slice(0, n));
  return merged as RowDuplicatesJson;
}
