import { KERNEL_WASM_BASE64 } from './wasm.generated.js';

/** The kernel's exports (see src/profile/kernel/assembly/index.ts). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  hashBytes(ptr: number, len: number): number;
  hashNumber(x: number): number;
  combineHash(acc: number, h: number): number;
  /** The seed every row hash starts from. */
  rowHashSeed(): number;
  configureClassifier(tokens: number, tokensEnd: number, decimalComma: boolean): void;
  /** Null tokens (bit k: the k-th configured) the next cells read as values (assembly/classify.ts). */
  setValueTokens(mask: number): void;
  classifyCells(
    starts: number,
    ends: number,
    inAlt: number,
    from: number,
    rows: number,
    bufBase: number,
    altBase: number,
    masks: number,
    nums: number,
    mss: number,
    days: number,
    hashes: number,
    present: number,
    column: number,
  ): number;
  columnStateBytes(sampleLines: number): number;
  initColumnState(state: number, sampleLines: number): void;
  accountCells(
    state: number,
    sampleLines: number,
    masks: number,
    nums: number,
    mss: number,
    days: number,
    lines: number,
    rows: number,
    starts: number,
    ends: number,
    inAlt: number,
    from: number,
    bufBase: number,
    altBase: number,
    asciiOnly: boolean,
  ): void;
  foldHashes(hashes: number, rowHashes: number, rows: number): void;
  /** Scans one CSV record; `state` is the block described in assembly/scan.ts. */
  scanRecord(state: number): number;
  /** Scans records into the row batch block `batch` (assembly/rows.ts) until it is full. */
  scanRows(state: number, batch: number): number;
  /** Control characters (C0 but TAB, LF, CR) in `from..end` (assembly/text.ts). */
  countControls(from: number, end: number): number;
  /** The first control character in `from..end`, or `end`. */
  findControl(from: number, end: number): number;
  /** Line breaks (LF, CRLF, lone CR) in `from..to`; `end` bounds the look past a CR. */
  countLineBreaks(from: number, to: number, end: number): number;
  /** Bytes of a quantile sketch state block (assembly/quantiles.ts). */
  quantileStateBytes(maxBins: number): number;
  initQuantiles(state: number, multiplier: number, maxBins: number): void;
  /** Adds the FLOAT (non-NULL) cells' values to the quantile sketch at `state`. */
  addQuantiles(state: number, masks: number, nums: number, rows: number): void;
  /** Bytes of a frequencies state block that never has to move. */
  freqMaxBytes(limit: number): number;
  /** Bytes of a new column frequencies state block (assembly/frequencies.ts). */
  freqInitialBytes(limit: number): number;
  /** Bytes of a frequencies state in estimated mode. */
  freqEstimatedBytes(): number;
  /** Bytes the state needs for the step its last addFrequencies stopped at. */
  freqNeedBytes(state: number): number;
  /** Moves a state block to a larger one of `capacity` bytes. */
  freqMove(from: number, to: number, capacity: number): void;
  /** Bytes of the scratch that frequencies states of `limit` (or less) share. */
  freqScratchBytes(limit: number): number;
  initFrequencies(state: number, limit: number, scratch: number, capacity: number): void;
  /** Counts rows `from..rows-1`; the row to go on from (see freqStop). */
  addFrequencies(
    state: number,
    masks: number,
    hashes: number,
    from: number,
    rows: number,
    requests: number,
  ): number;
  /** Rows the last addFrequencies appended to `requests` (labels wanted). */
  freqRequests(state: number): number;
  /** Why the last addFrequencies returned: 0 done, 1 spill pending, 2 grow the block. */
  freqStop(state: number): number;
  spillFrequencies(state: number, n: number, offset: number): void;
  /** Bytes of a row deduplicator state block (assembly/dedupe.ts). */
  dedupeStateBytes(sampleLines: number, batch: number): number;
  initDedupe(
    state: number,
    limit: number,
    sampleLines: number,
    batch: number,
    table: number,
    slots: number,
    sortMinSlots: number,
    sortMinRows: number,
  ): void;
  /** Adds rows `from..rows-1`; `rows`, or -(r + 1) when the set must grow before row r. */
  dedupeAddRows(
    state: number,
    rowHashes: number,
    lines: number,
    from: number,
    rows: number,
  ): number;
  /** Checks the pending rows: 0, or -1 when the set must grow first. */
  dedupeFlush(state: number): number;
  /** Slots the next dedupeRehash region must have at least. */
  dedupeWantSlots(state: number): number;
  /** Grows the set in place to `slots` (the caller extended its region): 1, or 0 untouched. */
  dedupeGrowInPlace(state: number, slots: number): number;
  dedupeRehash(state: number, table: number, slots: number): void;
}

const WASM_PAGE = 65_536;
/** Memories larger than this are not kept for reuse (a big file's growth is given back). */
const POOL_MAX_BYTES = 16 << 20;
/** Memories kept for reuse per thread. */
const POOL_SIZE = 2;
/** Released memories, ready for the next profile (see {@link KernelMemory.acquire}). */
const pool: KernelMemory[] = [];
let compiled: WebAssembly.Module | null = null;

/** The compiled kernel module (decoded and compiled once per process). */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  return compiled;
}

/** A fresh kernel instance with its own linear memory. */
export function instantiateKernel(): KernelExports {
  const instance = new WebAssembly.Instance(kernelModule(), {
    env: {
      abort(): never {
        throw new Error('profiler kernel aborted');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}

/**
 * Linear memory of one kernel instance, handed out as regions above the kernel's static data.
 * Growing detaches every view: {@link ensure} returns true when it grew, and the owner then
 * re-creates its views from {@link buffer}.
 */
export class KernelMemory {
  readonly kernel: KernelExports;
  readonly #base: number;
  #top: number;
  /** Bumped by each {@link release}: what was cached against the memory before is stale. */
  generation = 0;

  constructor(kernel: KernelExports = instantiateKernel()) {
    this.kernel = kernel;
    this.#base = align(kernel.heapBase(), 16);
    this.#top = this.#base;
  }

  /**
   * A memory for one profile: a released one when there is one (as good as new: zeroed, all
   * regions free), else a new instance. Reuse spares each small file a WebAssembly instance
   * and a fresh memory, whose reservation and page faults cost more than the file's profile.
   */
  static acquire(): KernelMemory {
    return pool.pop() ?? new KernelMemory();
  }

  /**
   * Gives the memory back for reuse once nothing reads it any more: every address and view
   * handed out before becomes invalid. Large memories are left to the garbage collector.
   */
  release(): void {
    if (pool.includes(this)) return;
    this.generation++;
    if (this.buffer.byteLength > POOL_MAX_BYTES || pool.length >= POOL_SIZE) return;
    new Uint8Array(this.buffer, this.#base, this.#top - this.#base).fill(0);
    this.#top = this.#base;
    pool.push(this);
  }

  /** The memory's current buffer (replaced whenever the memory grows). */
  get buffer(): ArrayBuffer {
    return this.kernel.memory.buffer;
  }

  /** Reserves `bytes` (16-byte aligned) and returns its offset; may grow the memory. */
  alloc(bytes: number): number {
    const at = this.#top;
    this.#top = align(at + bytes, 16);
    this.ensure(this.#top);
    return at;
  }

  /** Makes the memory at least `bytes` long; true when it grew (views must be re-created). */
  ensure(bytes: number): boolean {
    const have = this.kernel.memory.buffer.byteLength;
    if (bytes <= have) return false;
    this.kernel.memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
    return true;
  }

  /**
   * Makes the region at `at` of `bytes` (from {@link alloc}) `newBytes` long when it is the last
   * one, and returns true; false (nothing changed) when another region follows it.
   */
  extend(at: number, bytes: number, newBytes: number): boolean {
    if (align(at + bytes, 16) !== this.#top || newBytes < bytes) return false;
    this.#top = align(at + newBytes, 16);
    this.ensure(this.#top);
    return true;
  }

  /** End of the allocated regions: memory above it is free for one caller's scratch. */
  get top(): number {
    return this.#top;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
