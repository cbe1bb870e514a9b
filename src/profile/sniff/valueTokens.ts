import { Cell } from '../infer/constants.js';
import { pattern } from './header.js';
import type { SampleRecords } from './SampleScanner.js';

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** A column is codes of a token's shape when this share of its other values have that shape. */
const CODE_SHARE = 0.9;
/** ... and at least this many do. */
const MIN_CODES = 3;

/**
 * Per column of the table (`records`, its body; `masks` their kernel classifier masks, null
 * tokens counted as missing), the null tokens that are values there, not missing: a token is a
 * value in a column whose other values are codes of its shape (`NA` among two-letter codes:
 * Namibia, North America; at least 3 of them, 90% of the column), unless the file uses it as a
 * missing marker: it also stands, in the sample, in a column that is not such codes (an airport
 * list's `NA` as a city, so its `NA` as a state is missing too). Only tokens the sample shows
 * are judged; the empty cell is always missing. readr (`na`) and pandas (`na_values`,
 * `keep_default_na`) take a list of tokens for the whole file; this keeps theirs and exempts
 * the columns whose values the token looks like.
 */
export function valueTokens(
  records: SampleRecords,
  masks: readonly Int32Array[],
  nullTokens: readonly string[],
): string[][] {
  const tokens = [...new Set(nullTokens)].filter((t) => t !== '');
  const width = Math.max(0, ...records.map((r) => r.length));
  /** Per column and token: whether it is codes of the token's shape, and holds the token. */
  const holds: boolean[][] = [];
  const codes: boolean[][] = [];
  for (let c = 0; c < width; c++) {
    const seen = new Map<string, number>();
    const shapes = new Map<string, number>();
    let values = 0;
    records.forEach((record, r) => {
      const cell = record[c];
      if (cell === undefined) return;
      const m = masks[r]![c]!;
      if ((m & Cell.NULL) !== 0) {
        const text = textDecoder.decode(cell).trim();
        if (text !== '') seen.set(text, (seen.get(text) ?? 0) + 1);
        return;
      }
      values++;
      const p = pattern(cell);
      shapes.set(p, (shapes.get(p) ?? 0) + 1);
    });
    holds.push(tokens.map((t) => seen.has(t)));
    codes.push(
      tokens.map((t) => {
        const n = shapes.get(pattern(textEncoder.encode(t))) ?? 0;
        return n >= MIN_CODES && n >= values * CODE_SHARE;
      }),
    );
  }
  // A token that stands somewhere it is no code marks missing values in this file.
  const marker = tokens.map((_, k) => holds.some((h, c) => h[k] && !codes[c]![k]));
  return holds.map((h, c) => tokens.filter((_, k) => h[k] && codes[c]![k] && !marker[k]));
}
