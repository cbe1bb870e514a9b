import { Byte } from '../constants.js';

/** The byte that starts a comment line: `#`, as R's `comment.char`, pandas' and DuckDB's `comment`. */
export const COMMENT_BYTE = 0x23;

/** The comment lines (and blank lines between them) a file starts with. */
export interface LeadingComments {
  /** Offset of the first line after them (0 when the file starts with no comment line). */
  end: number;
  /** Physical lines they take. */
  lines: number;
  /** Lines of the comment lines. */
  commentLines: number[];
  /** Offsets of the last comment line (without its line break), or null. */
  last: { start: number; end: number; line: number } | null;
}

/** No leading comment lines. */
const NONE: LeadingComments = { end: 0, lines: 0, commentLines: [], last: null };

/**
 * The comment lines a sample starts with: lines starting with `#`, and blank lines between and
 * after them, up to the first other line. A sample that starts with no comment line has none
 * (leading blank lines are then the table's blank rows), and so does one in which they would
 * take every line: a file whose every line starts with `#` (colours, `#ff0000,red`) is data,
 * and its `#` lines are then comments only when they lack the table's width.
 */
export function leadingComments(sample: Uint8Array): LeadingComments {
  const commentLines: number[] = [];
  let last: LeadingComments['last'] = null;
  let at = 0;
  let line = 1;
  let end = 0;
  let lines = 0;
  while (at < sample.length) {
    const lineEnd = lineBreakAt(sample, at);
    if (lineEnd === sample.length) break; // an unfinished last line says nothing yet
    const next = afterLineBreak(sample, lineEnd);
    const first = sample[at];
    if (first === COMMENT_BYTE) {
      commentLines.push(line);
      last = { start: at, end: lineEnd, line };
    } else if (lineEnd !== at) {
      break;
    }
    at = next;
    line++;
    if (commentLines.length > 0) {
      end = at;
      lines = line - 1;
    }
  }
  if (commentLines.length === 0 || !hasDataLine(sample, end)) return NONE;
  return { end, lines, commentLines, last };
}

/** True when a line from `at` on (the last may be unfinished) is neither blank nor `#`. */
function hasDataLine(bytes: Uint8Array, at: number): boolean {
  let k = at;
  while (k < bytes.length) {
    const lineEnd = lineBreakAt(bytes, k);
    if (lineEnd !== k && bytes[k] !== COMMENT_BYTE) return true;
    k = afterLineBreak(bytes, lineEnd);
  }
  return false;
}

/** True when a line of `bytes` (after its first) starts with `#`. */
export function hasCommentLine(bytes: Uint8Array): boolean {
  for (let at = bytes.indexOf(COMMENT_BYTE); at !== -1; at = bytes.indexOf(COMMENT_BYTE, at + 1)) {
    if (at === 0 || bytes[at - 1] === Byte.LF || bytes[at - 1] === Byte.CR) return true;
  }
  return false;
}

/** The offset of the first LF or CR at or after `at` (or the end). */
function lineBreakAt(bytes: Uint8Array, at: number): number {
  let k = at;
  while (k < bytes.length && bytes[k] !== Byte.LF && bytes[k] !== Byte.CR) k++;
  return k;
}

/** The offset after the line break at `at` (CRLF is one). */
function afterLineBreak(bytes: Uint8Array, at: number): number {
  return bytes[at] === Byte.CR && bytes[at + 1] === Byte.LF ? at + 2 : at + 1;
}
