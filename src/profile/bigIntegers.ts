import { decodeText } from './cellText.js';

// Integers beyond 2^53: a double cannot hold their digits, so the kernel marks them BIG_INT and
// JavaScript keeps the exact extremes of each column as BigInt (`min_exact`, `max_exact`).

/** The exact value of the BIG_INT cell `buf[start..end)` (spaces, tabs and a `+` dropped). */
export function bigIntegerOf(buf: Uint8Array, start: number, end: number): bigint {
  let text = decodeText(buf, start, end).replace(/^[ \t]+|[ \t]+$/g, '');
  if (text.startsWith('+')) text = text.slice(1);
  return BigInt(text);
}
