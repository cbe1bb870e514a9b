import { type ClassifiedCells, SLOW_CELL } from './ClassifiedCells.js';
import { Cell } from './infer/constants.js';
import type { KernelExports } from './kernel/Kernel.js';

// Numbers the kernel leaves to JavaScript. The kernel's classifier (kernel/assembly/classify.ts)
// decides every cell's type; it computes a number's value exactly when Clinger's fast path
// allows (at most 15 significant digits, or trailing zeros and powers of ten that keep the
// mantissa below 2^53). A number beyond that, such as `9007199254740993` or `1e400`, comes back
// marked SLOW_CELL with no value: only then does JavaScript's `Number()`, which rounds
// correctly, give it. This file owns that step and nothing else of a cell's classification.

const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const DOT = 46;

/**
 * Gives the SLOW cell `buf[start..end)` in row `r` of `cells` its value, and the mask and hash
 * that value implies: a value that overflows to an infinity is no number (only the
 * WHITESPACE bit stays), an integer beyond 2^53 is BIG_INT, and a plain number is hashed by
 * value (the kernel hashed the cell by its bytes). Returns the new mask.
 */
export function resolveSlowNumber(
  kernel: KernelExports,
  buf: Uint8Array,
  start: number,
  end: number,
  decimalComma: boolean,
  cells: ClassifiedCells,
  r: number,
): number {
  let mask = cells.masks[r]! & ~SLOW_CELL;
  const value = Number(numberText(buf, start, end, decimalComma ? COMMA : DOT));
  if (!Number.isFinite(value)) {
    mask &= Cell.WHITESPACE;
    cells.masks[r] = mask;
    return mask;
  }
  if ((mask & Cell.INT) !== 0 && Math.abs(value) > Number.MAX_SAFE_INTEGER) mask |= Cell.BIG_INT;
  cells.masks[r] = mask;
  cells.nums[r] = value;
  if ((mask & (Cell.FLOAT | Cell.LEADING_ZERO | Cell.BIG_INT)) === Cell.FLOAT) {
    cells.hashes[r] = kernel.hashNumber(value);
  }
  return mask;
}

/** The cell's text without surrounding spaces and tabs, its decimal separator as a dot. */
function numberText(buf: Uint8Array, start: number, end: number, separator: number): string {
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
  let text = '';
  // The kernel only marks text of the number syntax SLOW: ASCII digits, signs, `e`, separator.
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    text += String.fromCharCode(c === separator ? DOT : c);
  }
  return text;
}
