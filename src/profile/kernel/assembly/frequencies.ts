// Column frequencies in the kernel: the counting half of ColumnFrequencies (exact hash -> count
// table, then HyperLogLog plus a
// Misra-Gries frequent-items table with median purges), bit for bit and slot for slot. Labels
// (the cell texts) stay in JavaScript (src/profile/kernel/KernelFrequencies.ts): the kernel
// only reports the rows whose text is wanted, and the spill (which sorts by label) is driven
// from there.
//
// State block at `state` (the caller owns it, its CAPACITY in bytes; `freqInitialBytes(limit)`
// at first): header (64 bytes), then a region used by one mode at a time:
//   exact mode:     keys f64[slots], counts f64[slots], ordinals i32[slots] for the table's
//                   current `slots` (packed: moved along when it grows, so a small table touches
//                   few pages of fresh memory); a key's ordinal is its insertion rank, so
//                   JavaScript keeps the labels in an array in the order it asked for them (and
//                   reads each label's number from the kernel's classifier at the end, for the
//                   summary's exact quantiles)
//   estimated mode: HyperLogLog registers u8[16384], item keys f64[256], item counts f64[256],
//                   item "labelled" flags u8[256]
// Scratch at `scratch` (`freqScratchBytes(limit)` bytes, may be shared by all columns): the old
// table while the exact table grows, the counters while items are purged, the spill's input.
//
// A state grows on demand, so wide files pay only for what their columns hold: when the exact
// table must double past the block's capacity, `addFrequencies` stops with FREQ_GROW and
// `freqNeedBytes` says how large a block it needs; the caller hands one to `freqMove` and calls
// again. The spill (FREQ_SPILL) needs the estimated layout's bytes, which the caller checks the
// same way before `spillFrequencies`.

import { NULL } from './classify';
import { HLL_REGISTERS, hllAdd } from './hll';

const EMPTY: f64 = -1;
/** Bytes per slot of the exact table: key and count (f64), ordinal (i32). */
const EXACT_STRIDE: i32 = 20;
const ITEM_MASK: i32 = ITEM_SLOTS - 1;

// Header offsets (bytes) and stop codes: see layout/frequencies.ts, layout/frequencyCodes.ts.
import {
  CAPACITY,
  EXACT_MASK,
  EXACT_SIZE,
  FLOOR,
  HEADER,
  HEAVY,
  ITEMS_SIZE,
  LIMIT,
  MODE,
  OFFSET,
  REQUESTS,
  SCRATCH,
  STOP,
  TOTAL,
} from './layout/frequencies';
import { FREQ_DONE, FREQ_GROW, FREQ_SPILL, FREQUENT_ITEMS, ITEM_SLOTS } from './layout/frequencyCodes';

// Estimated-mode layout.
const HLL_AT: usize = HEADER;
const ITEM_KEYS: usize = HLL_AT + <usize>HLL_REGISTERS;
const ITEM_COUNTS: usize = ITEM_KEYS + (<usize>ITEM_SLOTS << 3);
const ITEM_FLAGS: usize = ITEM_COUNTS + (<usize>ITEM_SLOTS << 3);
const ESTIMATED_BYTES: i32 = HLL_REGISTERS + ITEM_SLOTS * 17;

// Purge scratch layout (bytes from the scratch pointer).
const PURGE_COUNTS: usize = <usize>ITEM_SLOTS << 3;
const PURGE_SELECT: usize = <usize>ITEM_SLOTS << 4;
const PURGE_FLAGS: usize = <usize>ITEM_SLOTS * 24;
const PURGE_BYTES: i32 = ITEM_SLOTS * 25;

/** Initial slots of the exact table (as `new CountTable(Math.min(limit, 32))`). */
function initialSlots(limit: i32): i32 {
  const capacity = min(limit, 32);
  let slots = 16;
  while (slots < capacity * 2) slots <<= 1;
  return slots;
}

/** Slots of the exact table once it holds `limit + 1` keys (the most it ever holds). */
function maxSlots(limit: i32): i32 {
  let slots = initialSlots(limit);
  while ((limit + 1) * 2 > slots) slots <<= 1;
  return slots;
}

/** Bytes of one column's frequencies state block for `limit` exact distinct values. */

/**
 * Slot of `hash` in a table of `mask + 1` f64 keys at `keys` (linear probing from the hash's
 * low bits, as CountTable.find), or -(slot) - 1 of the empty slot where it would go.
 */
// @ts-expect-error: decorator
@inline
function find(keys: usize, mask: i32, hash: f64): i32 {
  let i = <i32>(<u32>(<u64>hash)) & mask;
  let k = load<f64>(keys + (<usize>i << 3));
  while (k != hash) {
    if (k == EMPTY) return -i - 1;
    i = (i + 1) & mask;
    k = load<f64>(keys + (<usize>i << 3));
  }
  return i;
}

/** The empty slot where `hash` goes in a table that does not hold it (see {@link find}). */
// @ts-expect-error: decorator
@inline
function emptySlot(keys: usize, mask: i32, hash: f64): i32 {
  let i = <i32>(<u32>(<u64>hash)) & mask;
  while (load<f64>(keys + (<usize>i << 3)) != EMPTY) i = (i + 1) & mask;
  return i;
}

/**
 * Bytes of a state block that never has to move: its exact table's largest size for `limit`,
 * or the estimated layout.
 */
export function freqMaxBytes(limit: i32): i32 {
  return <i32>HEADER + max(maxSlots(limit) * EXACT_STRIDE, ESTIMATED_BYTES);
}

/** Bytes of a new state block for `limit` exact distinct values (its table grows later). */
export function freqInitialBytes(limit: i32): i32 {
  return <i32>HEADER + initialSlots(limit) * EXACT_STRIDE;
}

/**
 * Bytes the state needs for its next step: after FREQ_GROW the doubled table, after FREQ_SPILL
 * the estimated layout (never less than its capacity).
 */
export function freqNeedBytes(state: usize): i32 {
  const capacity = load<i32>(state, CAPACITY);
  if (load<i32>(state, STOP) == FREQ_SPILL) return max(capacity, <i32>HEADER + ESTIMATED_BYTES);
  const slots = load<i32>(state, EXACT_MASK) + 1;
  return max(capacity, <i32>HEADER + (slots << 1) * EXACT_STRIDE);
}

/** Bytes of a state in estimated mode (after its spill it moves to a block of this size). */
export function freqEstimatedBytes(): i32 {
  return <i32>HEADER + ESTIMATED_BYTES;
}

/** Moves the state at `from` to the block of `capacity` bytes at `to` (`from` is free then). */
export function freqMove(from: usize, to: usize, capacity: i32): void {
  const used =
    load<i32>(from, MODE) == 0
      ? <i32>HEADER + (load<i32>(from, EXACT_MASK) + 1) * EXACT_STRIDE
      : <i32>HEADER + ESTIMATED_BYTES;
  memory.copy(to, from, <usize>used);
  store<i32>(to, capacity, CAPACITY);
}

/** Bytes of the scratch that states of `limit` (or less) need. */
export function freqScratchBytes(limit: i32): i32 {
  const spill = (limit + 1) * 8 + FREQUENT_ITEMS * 9;
  // Growing copies half the largest table.
  return (max(max((maxSlots(limit) >> 1) * EXACT_STRIDE, PURGE_BYTES), spill) + 15) & ~15;
}

/**
 * Sets a state block of `capacity` bytes (at least `freqInitialBytes(limit)`) to the empty
 * column (exact mode); `scratch` is kept for later calls.
 */
export function initFrequencies(state: usize, limit: i32, scratch: usize, capacity: i32): void {
  memory.fill(state, 0, HEADER);
  const slots = initialSlots(limit);
  store<i32>(state, limit, LIMIT);
  store<i32>(state, slots - 1, EXACT_MASK);
  store<i32>(state, <i32>scratch, SCRATCH);
  store<i32>(state, capacity, CAPACITY);
  const keys = state + HEADER;
  for (let i = 0; i < slots; i++) store<f64>(keys + (<usize>i << 3), EMPTY);
}

/**
 * Counts the non-null rows `from .. rows - 1` (`masks[r]` i32 without the NULL bit) of hash
 * `hashes[r]` (f64), as the reference ColumnFrequencies add (test/oracles) does one by one. Each row whose label the JavaScript engine would ask for is appended to
 * `requests` (i32, room for `rows`); their number is left in the header (`freqRequests`).
 * Returns the row to go on from, and why it stopped in the header (`freqStop`): FREQ_DONE
 * (returns `rows`); FREQ_SPILL when a row took the exact table past the limit (the caller
 * labels the requests, spills with `spillFrequencies` and calls again); FREQ_GROW when the
 * returned row needs a larger block (label, `freqMove` to `freqNeedBytes`, call again).
 */
export function addFrequencies(
  state: usize,
  masks: usize,
  hashes: usize,
  from: i32,
  rows: i32,
  requests: usize,
): i32 {
  store<i32>(state, 0, REQUESTS);
  store<i32>(state, FREQ_DONE, STOP);
  if (load<i32>(state, MODE) == 0) {
    return addExact(state, masks, hashes, from, rows, requests);
  }
  addEstimated(state, masks, hashes, from, rows, requests);
  return rows;
}

/** Rows appended to `requests` by the last {@link addFrequencies}. */
export function freqRequests(state: usize): i32 {
  return load<i32>(state, REQUESTS);
}

/** Why the last {@link addFrequencies} returned (FREQ_DONE, FREQ_SPILL or FREQ_GROW). */
export function freqStop(state: usize): i32 {
  return load<i32>(state, STOP);
}

function addExact(
  state: usize,
  masks: usize,
  hashes: usize,
  from: i32,
  rows: i32,
  requests: usize,
): i32 {
  const keys = state + HEADER;
  const limit = load<i32>(state, LIMIT);
  let mask = load<i32>(state, EXACT_MASK);
  let counts = keys + ((<usize>mask + 1) << 3);
  let ords = counts + ((<usize>mask + 1) << 3);
  let size = load<i32>(state, EXACT_SIZE);
  let total = load<f64>(state, TOTAL);
  const capacity = load<i32>(state, CAPACITY);
  let n = 0;
  for (let r = from; r < rows; r++) {
    const at = <usize>r;
    const cell = load<i32>(masks + (at << 2));
    if ((cell & NULL) != 0) continue;
    const hash = load<f64>(hashes + (at << 3));
    let i = find(keys, mask, hash);
    if (i >= 0) {
      total += 1;
      const c = counts + (<usize>i << 3);
      store<f64>(c, load<f64>(c) + 1);
      continue;
    }
    i = -i - 1;
    if ((size + 1) * 2 > mask + 1) {
      if (<i32>HEADER + ((mask + 1) << 1) * EXACT_STRIDE > capacity) {
        // Row r, not counted yet, needs a larger block.
        store<i32>(state, size, EXACT_SIZE);
        store<f64>(state, total, TOTAL);
        store<i32>(state, n, REQUESTS);
        store<i32>(state, FREQ_GROW, STOP);
        return r;
      }
      mask = growExact(state, keys, mask);
      counts = keys + ((<usize>mask + 1) << 3);
      ords = counts + ((<usize>mask + 1) << 3);
      i = emptySlot(keys, mask, hash);
    }
    store<f64>(keys + (<usize>i << 3), hash);
    store<f64>(counts + (<usize>i << 3), 1);
    store<i32>(ords + (<usize>i << 2), size);
    size++;
    total += 1;
    store<i32>(requests + (<usize>n << 2), r);
    n++;
    if (size > limit) {
      store<i32>(state, size, EXACT_SIZE);
      store<f64>(state, total, TOTAL);
      store<i32>(state, n, REQUESTS);
      store<i32>(state, FREQ_SPILL, STOP);
      return r + 1;
    }
  }
  store<i32>(state, size, EXACT_SIZE);
  store<f64>(state, total, TOTAL);
  store<i32>(state, n, REQUESTS);
  return rows;
}

/**
 * Doubles the exact table (CountTable.grow: re-inserted in old slot order), its counts and
 * ordinals now after the doubled keys; the new mask.
 */
function growExact(state: usize, keys: usize, mask: i32): i32 {
  const scratch = <usize>load<i32>(state, SCRATCH);
  const old = mask + 1;
  const oldCounts = scratch + (<usize>old << 3);
  const oldOrds = oldCounts + (<usize>old << 3);
  // The old table is contiguous (keys, counts, ordinals): one copy moves it all.
  memory.copy(scratch, keys, <usize>old * <usize>EXACT_STRIDE);
  const slots = old << 1;
  const grown = slots - 1;
  const counts = keys + (<usize>slots << 3);
  const ords = counts + (<usize>slots << 3);
  for (let i = 0; i < slots; i++) store<f64>(keys + (<usize>i << 3), EMPTY);
  for (let j = 0; j < old; j++) {
    const key = load<f64>(scratch + (<usize>j << 3));
    if (key == EMPTY) continue;
    let i = emptySlot(keys, grown, key);
    store<f64>(keys + (<usize>i << 3), key);
    store<f64>(counts + (<usize>i << 3), load<f64>(oldCounts + (<usize>j << 3)));
    store<i32>(ords + (<usize>i << 2), load<i32>(oldOrds + (<usize>j << 2)));
  }
  store<i32>(state, grown, EXACT_MASK);
  return grown;
}


function addEstimated(
  state: usize,
  masks: usize,
  hashes: usize,
  from: i32,
  rows: i32,
  requests: usize,
): void {
  const regs = state + HLL_AT;
  const keys = state + ITEM_KEYS;
  const counts = state + ITEM_COUNTS;
  const flags = state + ITEM_FLAGS;
  let size = load<i32>(state, ITEMS_SIZE);
  let heavy = load<i32>(state, HEAVY);
  let total = load<f64>(state, TOTAL);
  let n = 0;
  for (let r = from; r < rows; r++) {
    const at = <usize>r;
    if ((load<i32>(masks + (at << 2)) & NULL) != 0) continue;
    total += 1;
    const hash = load<f64>(hashes + (at << 3));
    const bits = <u64>hash;
    hllAdd(regs, bits);
    let i = find(keys, ITEM_MASK, hash);
    if (i >= 0) {
      const c = counts + (<usize>i << 3);
      const count = load<f64>(c) + 1;
      store<f64>(c, count);
      if (count == 2) heavy++;
      // Label lazily: a value is named once it is seen a second time while counted.
      if (load<u8>(flags + <usize>i) == 0) {
        store<u8>(flags + <usize>i, 1);
        store<i32>(requests + (<usize>n << 2), r);
        n++;
      }
      continue;
    }
    i = -i - 1;
    if (size >= FREQUENT_ITEMS) {
      store<i32>(state, heavy, HEAVY);
      purge(state);
      size = load<i32>(state, ITEMS_SIZE);
      heavy = load<i32>(state, HEAVY);
      i = emptySlot(keys, ITEM_MASK, hash);
    }
    store<f64>(keys + (<usize>i << 3), hash);
    store<f64>(counts + (<usize>i << 3), 1);
    store<u8>(flags + <usize>i, 0);
    size++;
  }
  store<i32>(state, size, ITEMS_SIZE);
  store<i32>(state, heavy, HEAVY);
  store<f64>(state, total, TOTAL);
  store<i32>(state, n, REQUESTS);
}

/** the reference purge: subtracts the median count, drops counters at or below zero. */
function purge(state: usize): void {
  const keys = state + ITEM_KEYS;
  const counts = state + ITEM_COUNTS;
  const flags = state + ITEM_FLAGS;
  if (load<i32>(state, HEAVY) == 0) {
    // Every counter is 1: the median is 1, none stays.
    store<f64>(state, load<f64>(state, OFFSET) + 1, OFFSET);
    for (let i = 0; i < ITEM_SLOTS; i++) store<f64>(keys + (<usize>i << 3), EMPTY);
    store<i32>(state, 0, ITEMS_SIZE);
    return;
  }
  const scratch = <usize>load<i32>(state, SCRATCH);
  const pk = scratch;
  const pc = scratch + PURGE_COUNTS;
  const ps = scratch + PURGE_SELECT;
  const pl = scratch + PURGE_FLAGS;
  let n = 0;
  let ones = 0;
  for (let i = 0; i < ITEM_SLOTS; i++) {
    const k = load<f64>(keys + (<usize>i << 3));
    if (k == EMPTY) continue;
    const c = load<f64>(counts + (<usize>i << 3));
    if (c <= 1) {
      ones++;
      continue;
    }
    store<f64>(pk + (<usize>n << 3), k);
    store<f64>(pc + (<usize>n << 3), c);
    store<u8>(pl + <usize>n, load<u8>(flags + <usize>i));
    n++;
  }
  const size = n + ones;
  let median: f64 = 1;
  if (ones <= size >> 1) {
    n = 0;
    for (let i = 0; i < ITEM_SLOTS; i++) {
      const k = load<f64>(keys + (<usize>i << 3));
      if (k == EMPTY) continue;
      const c = load<f64>(counts + (<usize>i << 3));
      store<f64>(pk + (<usize>n << 3), k);
      store<f64>(pc + (<usize>n << 3), c);
      store<f64>(ps + (<usize>n << 3), c);
      store<u8>(pl + <usize>n, load<u8>(flags + <usize>i));
      n++;
    }
    median = selectKth(ps, n, n >> 1);
  }
  store<f64>(state, load<f64>(state, OFFSET) + median, OFFSET);
  for (let i = 0; i < ITEM_SLOTS; i++) store<f64>(keys + (<usize>i << 3), EMPTY);
  let kept = 0;
  let heavy = 0;
  for (let j = 0; j < n; j++) {
    const c = load<f64>(pc + (<usize>j << 3));
    if (c <= median) continue;
    const hash = load<f64>(pk + (<usize>j << 3));
    let i = emptySlot(keys, ITEM_MASK, hash);
    store<f64>(keys + (<usize>i << 3), hash);
    store<f64>(counts + (<usize>i << 3), c - median);
    store<u8>(flags + <usize>i, load<u8>(pl + <usize>j));
    kept++;
    if (c - median >= 2) heavy++;
  }
  store<i32>(state, kept, ITEMS_SIZE);
  store<i32>(state, heavy, HEAVY);
}

/** The k-th smallest (0-based) of the f64s `a[0..n)`, by quickselect (as selectKth in JS). */
function selectKth(a: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = load<f64>(a + (<usize>lo << 3));
    const y = load<f64>(a + (<usize>mid << 3));
    const z = load<f64>(a + (<usize>hi << 3));
    const pivot = max(min(x, y), min(max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (load<f64>(a + (<usize>i << 3)) < pivot) i++;
      while (load<f64>(a + (<usize>j << 3)) > pivot) j--;
      if (i <= j) {
        const t = load<f64>(a + (<usize>i << 3));
        store<f64>(a + (<usize>i << 3), load<f64>(a + (<usize>j << 3)));
        store<f64>(a + (<usize>j << 3), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return load<f64>(a + (<usize>k << 3));
  }
  return load<f64>(a + (<usize>k << 3));
}

/**
 * ColumnFrequencies' spill from entries the caller sorted (by count, then label) into the
 * scratch: hashes f64[n] (all keys of the exact table), then counts f64[top] and "labelled"
 * flags u8[top] of the first top = min(n, 128). Builds the HyperLogLog from all hashes and the
 * frequent-items table from the first `top` (in order), sets floor n and `offset`.
 */
export function spillFrequencies(state: usize, n: i32, offset: f64): void {
  const scratch = <usize>load<i32>(state, SCRATCH);
  const top = min(n, FREQUENT_ITEMS);
  const sortedCounts = scratch + (<usize>n << 3);
  const sortedFlags = sortedCounts + (<usize>top << 3);
  memory.fill(state + HEADER, 0, <usize>ESTIMATED_BYTES);
  const regs = state + HLL_AT;
  const keys = state + ITEM_KEYS;
  const counts = state + ITEM_COUNTS;
  const flags = state + ITEM_FLAGS;
  for (let i = 0; i < ITEM_SLOTS; i++) store<f64>(keys + (<usize>i << 3), EMPTY);
  for (let j = 0; j < n; j++) hllAdd(regs, <u64>load<f64>(scratch + (<usize>j << 3)));
  let heavy = 0;
  for (let j = 0; j < top; j++) {
    const hash = load<f64>(scratch + (<usize>j << 3));
    const c = load<f64>(sortedCounts + (<usize>j << 3));
    let i = emptySlot(keys, ITEM_MASK, hash);
    store<f64>(keys + (<usize>i << 3), hash);
    store<f64>(counts + (<usize>i << 3), c);
    store<u8>(flags + <usize>i, load<u8>(sortedFlags + <usize>j));
    if (c >= 2) heavy++;
  }
  store<i32>(state, top, ITEMS_SIZE);
  store<i32>(state, heavy, HEAVY);
  store<i32>(state, 0, EXACT_SIZE);
  store<f64>(state, offset, OFFSET);
  store<f64>(state, <f64>n, FLOOR);
  store<i32>(state, 1, MODE);
}
