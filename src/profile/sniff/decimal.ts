import type { SampleRecords } from './SampleScanner.js';

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_DECIMAL = /^[+-]?\d+\.\d+$/;
const textDecoder = new TextDecoder();

/**
 * True when the sample writes decimals with a comma: more fields look like `3,14` than like
 * `3.14` (asked only of `;`-delimited files, where a comma can be a decimal separator).
 */
export function prefersDecimalComma(records: SampleRecords): boolean {
  let comma = 0;
  let dot = 0;
  for (const r of records) {
    for (const f of r) {
      if (f.length === 0 || f.length > 40) continue;
      const text = textDecoder.decode(f).trim();
      if (COMMA_DECIMAL.test(text)) comma++;
      else if (DOT_DECIMAL.test(text)) dot++;
    }
  }
  return comma > 0 && comma > dot;
}
