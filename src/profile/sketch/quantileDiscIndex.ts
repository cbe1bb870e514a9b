import { SketchArgumentError } from './errors.js';

/**
 * 0-based index of the element DuckDB's `quantile_disc(x, q)` returns among `n` sorted values:
 * the nearest rank, `max(1, ceil(n * q)) - 1`, with `n * q` computed as DuckDB does for a
 * decimal literal (exactly), so products like 100 * 0.07 count as 7, not 7.000000000000001.
 */
export function quantileDiscIndex(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new SketchArgumentError(`quantile must be in [0, 1], got ${q}`);
  let r = n * q;
  const nearest = Math.round(r);
  if (Math.abs(r - nearest) <= 8 * Number.EPSILON * r) r = nearest;
  return Math.min(n - 1, Math.max(1, Math.ceil(r)) - 1);
}
