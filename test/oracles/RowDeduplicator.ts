// The TypeScript engine's duplicate-row counting, row by row: the reference the kernel's
// deduplicator (kernel/assembly/dedupe.ts, through KernelRowDeduplicator) is tested against.
// Production merges and reads duplicate rows with state/RowDuplicates.ts.
import { HashSet53 } from '../../src/profile/sketch/HashSet53.js';
import { HyperLogLog } from '../../src/profile/sketch/HyperLogLog.js';
import { decodeHashList, encodeHashList } from '../../src/profile/sketch/hashList.js';
import type {
  RowDuplicatesJson as RowDeduplicatorJson,
  RowDuplicatesView,
} from '../../src/profile/state/RowDuplicates.js';

export type { RowDeduplicatorJson };

/** Rows buffered before they are checked against the exact set (see {@link RowDeduplicator}). */
const BATCH = 1 << 15;
/** Log2 of the buckets a batch is sorted into by slot (runs of nearby slots). */
const BUCKET_BITS = 12;

/**
 * Counts duplicate rows by 64-bit-class (53-bit) row hash: exactly while at most `limit`
 * distinct rows were seen, then estimated from a HyperLogLog of the row hashes.
 *
 * The exact set outgrows the CPU caches (up to 16 MB), so probing it once per row in file order
 * costs a cache and TLB miss per row. Rows are therefore buffered in batches and probed in the
 * order of their slot in the set (a stable counting sort on the slot's top bits), which walks
 * the set nearly sequentially. Results equal row-by-row processing: the sort is stable, so of
 * equal hashes the earliest row is the one inserted; duplicates, their sample lines and the
 * switch to the estimate are then replayed in row order.
 */
export class RowDeduplicator implements RowDuplicatesView {
  rows = 0;
  #exactDuplicates = 0;
  readonly #lines: number[] = [];
  #set: HashSet53 | null = new HashSet53(1024);
  #hll: HyperLogLog | null = null;
  #distinctAtSwitch = 0;
  #rowsAtSwitch = 0;
  readonly #limit: number;
  readonly #sampleLines: number;
  /** Pending rows (hash, line) not yet checked against the set; allocated on first use. */
  #batchHashes: Float64Array | null = null;
  #batchLines: Float64Array | null = null;
  #pending = 0;

  constructor(limit: number, sampleLines: number) {
    this.#limit = limit;
    this.#sampleLines = sampleLines;
  }

  get estimated(): boolean {
    this.#flush();
    return this.#set === null;
  }

  /** Duplicates counted exactly (all of them while not estimated). */
  get exactDuplicates(): number {
    this.#flush();
    return this.#exactDuplicates;
  }

  /** Lines of the first duplicate rows (at most `sampleLines`). */
  get lines(): number[] {
    this.#flush();
    return this.#lines;
  }

  add(hash: number, line: number): void {
    this.rows++;
    if (this.#set === null) {
      this.#hll!.add(hash);
      return;
    }
    if (this.#batchHashes === null) {
      this.#batchHashes = new Float64Array(BATCH);
      this.#batchLines = new Float64Array(BATCH);
    }
    const k = this.#pending;
    this.#batchHashes[k] = hash;
    this.#batchLines![k] = line;
    if (++this.#pending === BATCH) this.#flush();
  }

  /** Checks the pending rows against the exact set, as if they had been added one by one. */
  #flush(): void {
    const n = this.#pending;
    if (n === 0) return;
    this.#pending = 0;
    const set = this.#set!;
    const hashes = this.#batchHashes!;
    const lines = this.#batchLines!;
    const scratch = batchScratch();
    const { order, counts, seen } = scratch;
    // Stable counting sort of the row indexes by the top bits of their slot in the set.
    const mask = set.slotMask;
    const shift = Math.max(0, 32 - Math.clz32(mask) - BUCKET_BITS);
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(((hashes[i]! >>> 0) & mask) >>> shift) + 1]!++;
    for (let b = 1; b <= 1 << BUCKET_BITS; b++) counts[b]! += counts[b - 1]!;
    for (let i = 0; i < n; i++) order[counts[((hashes[i]! >>> 0) & mask) >>> shift]!++] = i;
    const sizeBefore = set.size;
    for (let j = 0; j < n; j++) {
      const i = order[j]!;
      seen[i] = set.add(hashes[i]!) ? 1 : 0;
    }
    // Replay in row order: duplicates count until the row whose hash exceeds the limit.
    const rowsBefore = this.rows - n;
    let distinct = sizeBefore;
    for (let i = 0; i < n; i++) {
      if (seen[i] === 0) {
        this.#exactDuplicates++;
        if (this.#lines.length < this.#sampleLines) this.#lines.push(lines[i]!);
      } else if (++distinct > this.#limit) {
        // Later rows of the batch belong to the estimate; their hashes are in the set already,
        // so the HyperLogLog built from it holds them too.
        this.#spill(distinct, rowsBefore + i + 1);
        return;
      }
    }
  }

  /** Switches to the estimate; `distinct` and `rows` are the counts at the switching row. */
  #spill(distinct: number, rows: number): void {
    const hll = new HyperLogLog();
    this.#set!.forEach((hash) => {
      hll.add(hash);
    });
    this.#distinctAtSwitch = distinct;
    this.#rowsAtSwitch = rows;
    this.#set = null;
    this.#hll = hll;
    this.#batchHashes = null;
    this.#batchLines = null;
  }

  /** Duplicate rows: exact, or rows minus the estimated distinct rows once past the limit. */
  duplicates(): number {
    this.#flush();
    if (this.#set !== null) return this.#exactDuplicates;
    const distinct = Math.round(this.#hll!.estimate());
    // Never report fewer than were certainly seen before the switch.
    return Math.max(this.#exactDuplicates, this.rows - Math.max(distinct, this.#distinctAtSwitch));
  }

  /** Adds the rows counted by `other` (rows that came after this one's). */
  merge(other: RowDeduplicator): void {
    this.#flush();
    other.#flush();
    if (other.#set !== null && this.#set !== null) {
      const values = other.#set.values();
      // Replaying the other side's distinct hashes; its own duplicates are added as counted.
      const before = this.rows;
      for (let i = 0; i < values.length; i++) this.add(values[i]!, 0);
      this.#flush();
      // `add` counted duplicates across the two sides with line 0: drop those placeholders.
      const lines = this.#lines;
      for (let i = lines.length - 1; i >= 0; i--) if (lines[i] === 0) lines.splice(i, 1);
      this.rows = before + other.rows;
      this.#exactDuplicates += other.#exactDuplicates;
      for (const line of other.#lines) if (lines.length < this.#sampleLines) lines.push(line);
      return;
    }
    if (this.#set !== null) this.#spill(this.#set.size, this.rows);
    const hll = this.#hll!;
    if (other.#set !== null) {
      other.#set.forEach((hash) => {
        hll.add(hash);
      });
    } else {
      hll.merge(other.#hll!);
    }
    this.rows += other.rows;
    this.#exactDuplicates += other.#exactDuplicates;
    this.#distinctAtSwitch = Math.max(this.#distinctAtSwitch, other.#distinctAtSwitch);
  }

  toJSON(): RowDeduplicatorJson {
    this.#flush();
    const base = {
      rows: this.rows,
      exactDuplicates: this.#exactDuplicates,
      lines: [...this.#lines],
    };
    if (this.#set !== null) return { ...base, exact: encodeHashList(this.#set.values()) };
    return {
      ...base,
      hll: this.#hll!.toJSON(),
      distinctAtSwitch: this.#distinctAtSwitch,
      rowsAtSwitch: this.#rowsAtSwitch,
    };
  }

  static fromJSON(
    json: RowDeduplicatorJson,
    sampleLines: number,
    limit = Number.POSITIVE_INFINITY,
  ): RowDeduplicator {
    const d = new RowDeduplicator(limit, sampleLines);
    d.rows = json.rows;
    d.#exactDuplicates = json.exactDuplicates;
    d.#lines.push(...json.lines);
    if ('exact' in json) {
      const values = decodeHashList(json.exact);
      for (let i = 0; i < values.length; i++) d.#set!.add(values[i]!);
    } else {
      d.#set = null;
      d.#hll = HyperLogLog.fromJSON(json.hll);
      d.#distinctAtSwitch = json.distinctAtSwitch;
      d.#rowsAtSwitch = json.rowsAtSwitch;
    }
    return d;
  }
}

interface BatchScratch {
  /** Row indexes of a batch in slot order. */
  order: Int32Array;
  /** Bucket counts, then running offsets. */
  counts: Int32Array;
  /** Per row of the batch: 1 when its hash was new to the set. */
  seen: Uint8Array;
}

let scratch: BatchScratch | null = null;

/** Scratch shared by every deduplicator (flushes never nest). */
function batchScratch(): BatchScratch {
  scratch ??= {
    order: new Int32Array(BATCH),
    counts: new Int32Array((1 << BUCKET_BITS) + 1),
    seen: new Uint8Array(BATCH),
  };
  return scratch;
}
