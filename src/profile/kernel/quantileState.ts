import { CUBIC_LOG_STRETCH } from '../sketch/cubicLog.js';
import type { DenseStoreBins, DenseStoreJson } from '../sketch/DenseStore.js';
import {
  QuantileSketch,
  type QuantileSketchBins,
  type QuantileSketchJson,
} from '../sketch/QuantileSketch.js';
import { QuantileState } from './layout.generated.js';

// Layout of the kernel's quantile state block (byte offsets), generated with the kernel's own.
const { COUNT, ZERO, MIN, MAX, MASK, POS, NEG, BINS, S_MIN, S_MAX, S_COLLAPSED } = QuantileState;

/** The bin index multiplier `QuantileSketch` uses for `alpha` (pass it to `initQuantiles`). */
export function quantileMultiplier(alpha: number): number {
  return CUBIC_LOG_STRETCH / Math.log((1 + alpha) / (1 - alpha));
}

/**
 * What `QuantileSketch.toJSON()` returns after the adds the kernel made to the state block at
 * `state` (see `addQuantiles` in assembly/quantiles.ts); `alpha` and `maxBins` as given to
 * `initQuantiles` (through {@link quantileMultiplier}).
 */
export function readQuantiles(
  buffer: ArrayBuffer,
  state: number,
  alpha: number,
  maxBins: number,
): QuantileSketchJson {
  const sketch = readSketch(buffer, state, alpha, maxBins);
  const json = (store: DenseStoreBins): DenseStoreJson => ({ o: store.o, c: Array.from(store.c) });
  return { ...sketch, pos: json(sketch.pos), neg: json(sketch.neg) };
}

/**
 * The sketch the kernel's state block at `state` holds: equal to
 * `QuantileSketch.fromJSON(readQuantiles(...))` (same arguments), but the stores copy the
 * kernel's bins directly instead of going through JSON arrays.
 */
export function readQuantileSketch(
  buffer: ArrayBuffer,
  state: number,
  alpha: number,
  maxBins: number,
): QuantileSketch {
  return QuantileSketch.fromJSON(readSketch(buffer, state, alpha, maxBins));
}

/** The state block's fields, the stores' bins as typed arrays (views where they can be). */
function readSketch(
  buffer: ArrayBuffer,
  state: number,
  alpha: number,
  maxBins: number,
): QuantileSketchBins {
  const view = new DataView(buffer);
  const count = view.getFloat64(state + COUNT, true);
  const empty = count === 0;
  const mask = view.getInt32(state + MASK, true);
  const posBins = state + BINS;
  const negBins = posBins + (mask + 1) * 8;
  const pos = storeBins(view, state + POS, posBins, mask);
  const neg = storeBins(view, state + NEG, negBins, mask);
  return {
    alpha,
    maxBins,
    count,
    zero: view.getFloat64(state + ZERO, true),
    min: empty ? null : view.getFloat64(state + MIN, true),
    max: empty ? null : view.getFloat64(state + MAX, true),
    collapsed: pos.collapsed || neg.collapsed,
    pos: pos.bins,
    neg: neg.bins,
  };
}

/** One store's bins (a view of the ring when they do not wrap around it) and collapsed flag. */
function storeBins(
  view: DataView,
  header: number,
  bins: number,
  mask: number,
): { bins: DenseStoreBins; collapsed: boolean } {
  const lo = view.getInt32(header + S_MIN, true);
  const hi = view.getInt32(header + S_MAX, true);
  const collapsed = view.getInt32(header + S_COLLAPSED, true) !== 0;
  if (lo > hi) return { bins: { o: 0, c: [] }, collapsed };
  const n = hi - lo + 1;
  const first = lo & mask;
  const ring = new Float64Array(view.buffer, bins, mask + 1);
  if (first + n <= mask + 1)
    return { bins: { o: lo, c: ring.subarray(first, first + n) }, collapsed };
  const c = new Float64Array(n);
  c.set(ring.subarray(first));
  c.set(ring.subarray(0, n - (mask + 1 - first)), mask + 1 - first);
  return { bins: { o: lo, c }, collapsed };
}
