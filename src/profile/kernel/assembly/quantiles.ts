// The quantile sketch's adds (DDSketch, src/profile/sketch/QuantileSketch.ts reads it; the
// TypeScript reference is ReferenceQuantileSketch.add in test/oracles) with its two DenseStores:
// the same bins, counts, extremes and collapse decisions for the same values, so
// src/profile/kernel/quantileState.ts reads back exactly `QuantileSketch.toJSON()` (the
// differential test in test/profile/kernel/quantiles.property.test.ts holds them equal).
//
// State block at a pointer the caller owns (`quantileStateBytes(maxBins)` bytes), its layout
// generated for both sides (layout/quantileState.ts, read by src/profile/kernel/quantileState.ts):
//   0 count f64 | 8 zero f64 | 16 min f64 | 24 max f64 | 32 multiplier f64
//   40 maxBins i32 | 44 ring mask i32 (capacity - 1)
//   48 positive store: minIndex i32, maxIndex i32, collapsed i32 (empty while minIndex > maxIndex)
//   64 negative store: the same
//   128 positive bins, then negative bins: `capacity` f64 each (capacity = 2^k >= maxBins).
// A store holds at most maxBins consecutive indices, so bin `i` lives in ring slot
// `i & mask` without clashing; slots outside [minIndex, maxIndex] are kept zero.

import { FLOAT, NULL } from './classify';

import {
  BINS,
  COUNT,
  MASK,
  MAX,
  MAX_BINS,
  MIN,
  MULTIPLIER,
  NEG,
  POS,
  S_COLLAPSED,
  S_MAX,
  S_MIN,
  ZERO,
} from './layout/quantileState';

/** Magnitudes below the smallest normal double are counted as zero. */
const MIN_INDEXABLE: f64 = 2.2250738585072014e-308;
// The cubic of cubicLog.ts (`approxLog2`).
const A: f64 = 6.0 / 35.0;
const B: f64 = -3.0 / 5.0;
const C: f64 = 10.0 / 7.0;
const INV_TWO_52: f64 = 1.0 / 4503599627370496.0;
const MANTISSA: u64 = 0xfffffffffffff;

/** Ring capacity of one store: the smallest power of two >= maxBins. */
// @ts-expect-error: decorator
@inline
function capacity(maxBins: i32): i32 {
  return maxBins <= 1 ? 1 : 1 << (32 - clz<i32>(maxBins - 1));
}

/** Bytes of one quantile state block for stores of `maxBins` bins. */
export function quantileStateBytes(maxBins: i32): i32 {
  return BINS + (capacity(maxBins) << 4);
}

/** Sets a state block to the empty sketch; `multiplier` is the JS class's index multiplier. */
export function initQuantiles(state: usize, multiplier: f64, maxBins: i32): void {
  const cap = capacity(maxBins);
  store<f64>(state, 0, COUNT);
  store<f64>(state, 0, ZERO);
  store<f64>(state, Infinity, MIN);
  store<f64>(state, -Infinity, MAX);
  store<f64>(state, multiplier, MULTIPLIER);
  store<i32>(state, maxBins, MAX_BINS);
  store<i32>(state, cap - 1, MASK);
  initStore(state + POS);
  initStore(state + NEG);
  memory.fill(state + BINS, 0, <usize>cap << 4);
}

// @ts-expect-error: decorator
@inline
function initStore(header: usize): void {
  store<i32>(header, 1, S_MIN);
  store<i32>(header, 0, S_MAX);
  store<i32>(header, 0, S_COLLAPSED);
}

/** `approxLog2` of cubicLog.ts, bit for bit, for a positive normal double. */
// @ts-expect-error: decorator
@inline
function approxLog2(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const e = <f64>(<i32>((bits >> 52) & 0x7ff) - 1023);
  const s = <f64>(bits & MANTISSA) * INV_TWO_52;
  return ((A * s + B) * s + C) * s + e;
}

/** Adds 1 to ring slot of bin `index` (which lies in the store's [minIndex, maxIndex]). */
// @ts-expect-error: decorator
@inline
function bump(bins: usize, mask: i32, index: i32): void {
  const p = bins + (<usize>(index & mask) << 3);
  store<f64>(p, load<f64>(p) + 1.0);
}

/**
 * Adds 1 to bin `index` of a store (DenseStore.add with its collapse rules) when it lies
 * outside [lo, hi] = [minIndex, maxIndex] (or the store is empty: lo > hi).
 */
function storeAddSlow(
  header: usize,
  bins: usize,
  mask: i32,
  maxBins: i32,
  index: i32,
  lo: i32,
  hi: i32,
): void {
  if (lo > hi) {
    store<i32>(header, index, S_MIN);
    store<i32>(header, index, S_MAX);
    store<f64>(bins + (<usize>(index & mask) << 3), 1.0);
    return;
  }
  if (index > hi) {
    const newMin = index - maxBins + 1;
    if (newMin > lo) {
      // Collapse every bin below newMin into newMin.
      let sum: f64 = 0;
      const last = newMin - 1 < hi ? newMin - 1 : hi;
      for (let i = lo; i <= last; i++) {
        const p = bins + (<usize>(i & mask) << 3);
        sum += load<f64>(p);
        store<f64>(p, 0);
      }
      const q = bins + (<usize>(newMin & mask) << 3);
      store<f64>(q, load<f64>(q) + sum);
      store<i32>(header, newMin, S_MIN);
      store<i32>(header, 1, S_COLLAPSED);
    }
    store<i32>(header, index, S_MAX);
  } else {
    const floor = hi - maxBins + 1;
    if (index < floor) {
      index = floor;
      store<i32>(header, 1, S_COLLAPSED);
    }
    if (index < lo) store<i32>(header, index, S_MIN);
  }
  bump(bins, mask, index);
}

/**
 * Adds to the sketch at `state` the value `nums[r]` (f64) of every row r < `rows` whose mask
 * (`masks[r]`, i32) has FLOAT and not NULL, as `QuantileSketch.add` does. Non-finite values
 * (which the classifier never produces; the JS class throws on them) are skipped.
 */
export function addQuantiles(state: usize, masks: usize, nums: usize, rows: i32): void {
  let count = load<f64>(state, COUNT);
  let zero = load<f64>(state, ZERO);
  let min = load<f64>(state, MIN);
  let max = load<f64>(state, MAX);
  const multiplier = load<f64>(state, MULTIPLIER);
  const maxBins = load<i32>(state, MAX_BINS);
  const mask = load<i32>(state, MASK);
  const pos = state + POS;
  const neg = state + NEG;
  const posBins = state + BINS;
  const negBins = posBins + (<usize>(mask + 1) << 3);
  // Store ranges in locals; written back by storeAddSlow, read again after it.
  let posLo = load<i32>(pos, S_MIN);
  let posHi = load<i32>(pos, S_MAX);
  let negLo = load<i32>(neg, S_MIN);
  let negHi = load<i32>(neg, S_MAX);
  for (let r = 0; r < rows; r++) {
    const m = load<i32>(masks + (<usize>r << 2));
    if ((m & (FLOAT | NULL)) != FLOAT) continue;
    const x = load<f64>(nums + (<usize>r << 3));
    if (x - x != 0) continue;
    count += 1.0;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x > 0) {
      if (x >= MIN_INDEXABLE) {
        const index = <i32>Math.floor(approxLog2(x) * multiplier);
        if (index >= posLo && index <= posHi) {
          bump(posBins, mask, index);
        } else {
          storeAddSlow(pos, posBins, mask, maxBins, index, posLo, posHi);
          posLo = load<i32>(pos, S_MIN);
          posHi = load<i32>(pos, S_MAX);
        }
      } else {
        zero += 1.0;
      }
    } else if (x < 0) {
      if (x <= -MIN_INDEXABLE) {
        const index = <i32>Math.floor(approxLog2(-x) * multiplier);
        if (index >= negLo && index <= negHi) {
          bump(negBins, mask, index);
        } else {
          storeAddSlow(neg, negBins, mask, maxBins, index, negLo, negHi);
          negLo = load<i32>(neg, S_MIN);
          negHi = load<i32>(neg, S_MAX);
        }
      } else {
        zero += 1.0;
      }
    } else {
      zero += 1.0;
    }
  }
  store<f64>(state, count, COUNT);
  store<f64>(state, zero, ZERO);
  store<f64>(state, min, MIN);
  store<f64>(state, max, MAX);
}
