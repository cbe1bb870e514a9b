import type { LineEnding } from './types.js';

/** The file's line ending from the counts of records ended by each. */
export function lineEnding(e: { lf: number; crlf: number; cr: number }): LineEnding {
  const kinds = (e.lf > 0 ? 1 : 0) + (e.crlf > 0 ? 1 : 0) + (e.cr > 0 ? 1 : 0);
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return e.lf > 0 ? 'LF' : e.crlf > 0 ? 'CRLF' : 'CR';
}
