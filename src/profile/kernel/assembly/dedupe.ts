// Duplicate-row counting in the kernel (exact set of 53-bit row hashes up to `limit` distinct
// rows, then a HyperLogLog), with the same results as the reference RowDeduplicator.add
// (test/oracles) called row by row. JavaScript glue:
// src/profile/kernel/KernelRowDeduplicator.ts.
//
// Rows are buffered (`batch` of them) and, once the set outgrows the caches, probed against it in
// the order of their slot (a stable counting sort on the slot's top bits), which walks the set
// nearly sequentially; the duplicates, their sample lines and the switch to the estimate are
// then replayed in row order.
//
// State block at `state` (`dedupeStateBytes(sampleLines, batch)` bytes, owned by the caller):
//   header (128 bytes), HyperLogLog registers u8[16384], sample lines f64[sampleLines], then the
//   pending rows: hashes u64[batch], lines f64[batch], order i32[batch], bucket counts
//   i32[4097], seen u8[batch].
// The set is an open-addressing (linear probing) table of u64 in a separate caller-given region
// of `slots` (a power of two) * 8 bytes, empty slots all ones. It never grows by itself: when a
// flush could take it past 3/4 full, the call returns a "grow" code; the caller makes the region
// `dedupeWantSlots` slots long and calls `dedupeGrowInPlace`, or hands a new region of that
// many slots to `dedupeRehash`, then calls again.

import { HLL_REGISTERS, hllAdd } from './hll';

const EMPTY: u64 = 0xffffffffffffffff;
const BUCKET_BITS: i32 = 12;
const BUCKETS: i32 = 1 << BUCKET_BITS;

// Header offsets (bytes): see layout/dedupe.ts.
import {
  BATCH,
  DISTINCT_AT_SWITCH,
  EXACT_DUPLICATES,
  GROW_AT,
  HEADER,
  LIMIT,
  LINES_N,
  MASK,
  MODE,
  PENDING,
  ROWS,
  ROWS_AT_SWITCH,
  SAMPLE_LINES,
  SIZE,
  SORT_MIN_ROWS,
  SORT_MIN_SLOTS,
  TABLE,
  WANT_SLOTS,
} from './layout/dedupe';
const REGISTERS: usize = HEADER;
const LINES: usize = REGISTERS + HLL_REGISTERS;

// @ts-expect-error: decorator
@inline
function pendingHashes(state: usize): usize {
  return state + LINES + (<usize>load<i32>(state, SAMPLE_LINES) << 3);
}

// @ts-expect-error: decorator
@inline
function pendingLines(state: usize): usize {
  return pendingHashes(state) + (<usize>load<i32>(state, BATCH) << 3);
}

// @ts-expect-error: decorator
@inline
function orderAt(state: usize): usize {
  return pendingLines(state) + (<usize>load<i32>(state, BATCH) << 3);
}

// @ts-expect-error: decorator
@inline
function countsAt(state: usize): usize {
  return orderAt(state) + (<usize>load<i32>(state, BATCH) << 2);
}

// @ts-expect-error: decorator
@inline
function seenAt(state: usize): usize {
  return countsAt(state) + (<usize>(BUCKETS + 1) << 2);
}

/** Bytes of a deduplicator state block keeping `sampleLines` lines, buffering `batch` rows. */
export function dedupeStateBytes(sampleLines: i32, batch: i32): i32 {
  const bytes =
    <i32>LINES + (sampleLines << 3) + batch * 16 + (batch << 2) + ((BUCKETS + 1) << 2) + batch;
  return (bytes + 15) & ~15;
}

/** Most hashes a set of `slots` slots holds (HashSet53's load factor, 3/4). */
// @ts-expect-error: decorator
@inline
function growAt(slots: i32): i32 {
  return (slots >> 2) * 3;
}

/**
 * Sets `state` to no rows: `limit` distinct rows counted exactly (f64, may be Infinity), at
 * most `sampleLines` duplicate lines kept, `batch` rows buffered; the set in the `slots` (a
 * power of two, at least 4) * 8 bytes at `table`. Pending rows are probed in slot order when
 * the set has at least `sortMinSlots` slots and they are at least `sortMinRows`.
 */
export function initDedupe(
  state: usize,
  limit: f64,
  sampleLines: i32,
  batch: i32,
  table: usize,
  slots: i32,
  sortMinSlots: i32,
  sortMinRows: i32,
): void {
  memory.fill(state, 0, HEADER + HLL_REGISTERS);
  store<i32>(state, sortMinSlots, SORT_MIN_SLOTS);
  store<i32>(state, sortMinRows, SORT_MIN_ROWS);
  store<i32>(state, sampleLines, SAMPLE_LINES);
  store<i32>(state, batch, BATCH);
  store<f64>(state, limit, LIMIT);
  store<i32>(state, slots - 1, MASK);
  store<i32>(state, <i32>table, TABLE);
  store<i32>(state, growAt(slots), GROW_AT);
  memory.fill(table, 0xff, <usize>slots << 3);
}

/** Slots the region handed to the next {@link dedupeRehash} must have at least. */
export function dedupeWantSlots(state: usize): i32 {
  return load<i32>(state, WANT_SLOTS);
}

/** Moves the set into the empty region of `slots` slots at `table` (the old one is free then). */
export function dedupeRehash(state: usize, table: usize, slots: i32): void {
  const old = <usize>load<i32>(state, TABLE);
  const oldSlots = load<i32>(state, MASK) + 1;
  const mask = slots - 1;
  memory.fill(table, 0xff, <usize>slots << 3);
  for (let j = 0; j < oldSlots; j++) {
    const key = load<u64>(old + (<usize>j << 3));
    if (key == EMPTY) continue;
    let i = <i32>(<u32>key) & mask;
    while (load<u64>(table + (<usize>i << 3)) != EMPTY) i = (i + 1) & mask;
    store<u64>(table + (<usize>i << 3), key);
  }
  store<i32>(state, mask, MASK);
  store<i32>(state, <i32>table, TABLE);
  store<i32>(state, growAt(slots), GROW_AT);
}

/**
 * Grows the set in place to `slots` slots (a power of two, a multiple of the current count):
 * the caller has made the set's region that large, and the slots added are filled empty here.
 * Returns 1; or 0, with nothing touched, when the run of keys from slot 0 is longer than the
 * scratch holds (the pending rows' `order`, free between flushes: `batch / 2` keys), and the
 * caller then hands a new region to {@link dedupeRehash}. A rehash into a new region leaves the
 * old one touched and unused: in place, a set that grows to 2^21 slots leaves no 10 MB behind.
 *
 * Why it is right. A key of home h (`key & mask`) moves to a home h + m * (old slots). The keys
 * of the run from slot 0 (where a cluster wrapping from the end ends) are set aside first; the
 * rest of the old set then has no wrapping cluster, and every slot is taken in increasing order,
 * emptied, and its key inserted again. A key that keeps its home probes only slots from its home
 * to its own, all taken already; one that moves up probes only its cluster's image m slots
 * higher, which holds no key not yet taken (a subset of a cluster's keys fits in the cluster's
 * span). The keys set aside are inserted last, into the finished set.
 */
export function dedupeGrowInPlace(state: usize, slots: i32): i32 {
  const table = <usize>load<i32>(state, TABLE);
  const oldSlots = load<i32>(state, MASK) + 1;
  let run = 0;
  while (run < oldSlots && load<u64>(table + (<usize>run << 3)) != EMPTY) run++;
  if (run > load<i32>(state, BATCH) >> 1) return 0;
  const aside = orderAt(state);
  memory.copy(aside, table, <usize>run << 3);
  memory.fill(table, 0xff, <usize>run << 3);
  memory.fill(table + (<usize>oldSlots << 3), 0xff, <usize>(slots - oldSlots) << 3);
  const mask = slots - 1;
  for (let j = run + 1; j < oldSlots; j++) {
    const at = table + (<usize>j << 3);
    const key = load<u64>(at);
    if (key == EMPTY) continue;
    store<u64>(at, EMPTY);
    insert(table, mask, key);
  }
  for (let r = 0; r < run; r++) insert(table, mask, load<u64>(aside + (<usize>r << 3)));
  store<i32>(state, mask, MASK);
  store<i32>(state, growAt(slots), GROW_AT);
  return 1;
}

/**
 * Adds rows `from .. rows - 1` (hash `rowHashes[r]` f64 below 2^53, line `lines[r]` f64), as
 * the reference RowDeduplicator.add row by row. Returns `rows` when done, or `-(r + 1)` when the set must
 * grow before row r: the caller rehashes (`dedupeWantSlots`, `dedupeRehash`) and calls again
 * from r.
 */
export function dedupeAddRows(
  state: usize,
  rowHashes: usize,
  lines: usize,
  from: i32,
  rows: i32,
): i32 {
  let count = load<f64>(state, ROWS);
  if (load<i32>(state, MODE) != 0) {
    addEstimated(state, rowHashes, from, rows);
    return rows;
  }
  const batch = load<i32>(state, BATCH);
  const hashes = pendingHashes(state);
  const pendingLineAt = pendingLines(state);
  let pending = load<i32>(state, PENDING);
  for (let r = from; r < rows; r++) {
    if (pending == batch) {
      store<i32>(state, pending, PENDING);
      store<f64>(state, count, ROWS);
      if (needsGrow(state)) return -(r + 1);
      flush(state);
      pending = 0;
      if (load<i32>(state, MODE) != 0) {
        addEstimated(state, rowHashes, r, rows);
        return rows;
      }
    }
    const at = <usize>r;
    store<u64>(hashes + (<usize>pending << 3), <u64>load<f64>(rowHashes + (at << 3)));
    store<f64>(pendingLineAt + (<usize>pending << 3), load<f64>(lines + (at << 3)));
    pending++;
    count += 1;
  }
  store<i32>(state, pending, PENDING);
  store<f64>(state, count, ROWS);
  return rows;
}

/**
 * Checks the pending rows against the set (before a read): 0 when done, or -1 when the set must
 * grow first (then rehash and call again).
 */
export function dedupeFlush(state: usize): i32 {
  if (load<i32>(state, PENDING) == 0) return 0;
  if (needsGrow(state)) return -1;
  flush(state);
  return 0;
}

/** Estimated mode: every row goes to the HyperLogLog. */
function addEstimated(state: usize, rowHashes: usize, from: i32, rows: i32): void {
  const regs = state + REGISTERS;
  for (let r = from; r < rows; r++) {
    hllAdd(regs, <u64>load<f64>(rowHashes + (<usize>r << 3)));
  }
  store<f64>(state, load<f64>(state, ROWS) + <f64>(rows - from), ROWS);
}

/**
 * True (and the slots wanted stored) when the pending rows could take the set past 3/4 full.
 * The set grows fourfold (fewer rehashes, fewer fresh pages touched), but not past the slots
 * that `limit` distinct rows plus a full batch need, and at least as much as the rows need.
 */
function needsGrow(state: usize): bool {
  const need = load<i32>(state, SIZE) + load<i32>(state, PENDING);
  if (need <= load<i32>(state, GROW_AT)) return false;
  const current = load<i32>(state, MASK) + 1;
  let slots = current << 1;
  while (need > growAt(slots)) slots <<= 1;
  const most = load<f64>(state, LIMIT) + <f64>load<i32>(state, BATCH);
  let quad = current << 2;
  if (<f64>growAt(quad >> 1) >= most) quad = slots;
  store<i32>(state, max(slots, quad), WANT_SLOTS);
  return true;
}

/** Checks the pending rows against the set (which has room for all of them), as row by row. */
function flush(state: usize): void {
  const n = load<i32>(state, PENDING);
  store<i32>(state, 0, PENDING);
  const hashes = pendingHashes(state);
  const order = orderAt(state);
  const counts = countsAt(state);
  const seen = seenAt(state);
  const table = <usize>load<i32>(state, TABLE);
  const mask = load<i32>(state, MASK);
  const sizeBefore = load<i32>(state, SIZE);
  let size = sizeBefore;
  if (mask + 1 < load<i32>(state, SORT_MIN_SLOTS) || n < load<i32>(state, SORT_MIN_ROWS)) {
    // The set fits the caches (or few rows): probe in row order.
    for (let row = 0; row < n; row++) {
      const added = insert(table, mask, load<u64>(hashes + (<usize>row << 3)));
      store<u8>(seen + <usize>row, added);
      size += added;
    }
  } else {
    sortBySlot(hashes, order, counts, mask, n);
    for (let j = 0; j < n; j++) {
      const row = load<i32>(order + (<usize>j << 2));
      const added = insert(table, mask, load<u64>(hashes + (<usize>row << 3)));
      store<u8>(seen + <usize>row, added);
      size += added;
    }
  }
  store<i32>(state, size, SIZE);
  // Replay in row order: duplicates count until the row whose hash exceeds the limit.
  const lines = pendingLines(state);
  const sample = state + LINES;
  const sampleLines = load<i32>(state, SAMPLE_LINES);
  const limit = load<f64>(state, LIMIT);
  const rowsBefore = load<f64>(state, ROWS) - <f64>n;
  let kept = load<i32>(state, LINES_N);
  let duplicates = load<f64>(state, EXACT_DUPLICATES);
  let distinct = sizeBefore;
  for (let i = 0; i < n; i++) {
    if (load<u8>(seen + <usize>i) == 0) {
      duplicates += 1;
      if (kept < sampleLines) {
        store<f64>(sample + (<usize>kept << 3), load<f64>(lines + (<usize>i << 3)));
        kept++;
      }
    } else {
      distinct++;
      if (<f64>distinct > limit) {
        // Later rows of the batch belong to the estimate; their hashes are in the set already,
        // so the HyperLogLog built from it holds them too.
        store<i32>(state, kept, LINES_N);
        store<f64>(state, duplicates, EXACT_DUPLICATES);
        spill(state, distinct, rowsBefore + <f64>(i + 1));
        return;
      }
    }
  }
  store<i32>(state, kept, LINES_N);
  store<f64>(state, duplicates, EXACT_DUPLICATES);
}

/** Stores the row indexes `0..n-1` into `order` stably sorted by the top bits of their slot. */
function sortBySlot(hashes: usize, order: usize, counts: usize, mask: i32, n: i32): void {
  const bits = 32 - <i32>clz<u32>(<u32>mask);
  const shift = <u32>max(0, bits - BUCKET_BITS);
  memory.fill(counts, 0, <usize>(BUCKETS + 1) << 2);
  for (let i = 0; i < n; i++) {
    const slot = <u32>load<u64>(hashes + (<usize>i << 3)) & <u32>mask;
    const c = counts + (<usize>((slot >>> shift) + 1) << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  for (let b = 1; b <= BUCKETS; b++) {
    const c = counts + (<usize>b << 2);
    store<i32>(c, load<i32>(c) + load<i32>(c - 4));
  }
  for (let i = 0; i < n; i++) {
    const slot = <u32>load<u64>(hashes + (<usize>i << 3)) & <u32>mask;
    const c = counts + (<usize>(slot >>> shift) << 2);
    const o = load<i32>(c);
    store<i32>(c, o + 1);
    store<i32>(order + (<usize>o << 2), i);
  }
}

/** Adds `hash` to the set (which has room); 1 when it was new, else 0. */
// @ts-expect-error: decorator
@inline
function insert(table: usize, mask: i32, hash: u64): u8 {
  let i = <i32>(<u32>hash) & mask;
  let k = load<u64>(table + (<usize>i << 3));
  while (k != EMPTY) {
    if (k == hash) return 0;
    i = (i + 1) & mask;
    k = load<u64>(table + (<usize>i << 3));
  }
  store<u64>(table + (<usize>i << 3), hash);
  return 1;
}

/** Switches to the estimate; `distinct` and `rows` are the counts at the switching row. */
function spill(state: usize, distinct: i32, rows: f64): void {
  const regs = state + REGISTERS;
  const table = <usize>load<i32>(state, TABLE);
  const slots = load<i32>(state, MASK) + 1;
  for (let j = 0; j < slots; j++) {
    const key = load<u64>(table + (<usize>j << 3));
    if (key != EMPTY) hllAdd(regs, key);
  }
  store<f64>(state, <f64>distinct, DISTINCT_AT_SWITCH);
  store<f64>(state, rows, ROWS_AT_SWITCH);
  store<i32>(state, 1, MODE);
}

