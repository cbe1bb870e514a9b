import { KERNEL_WASM_BASE64 } from './wasm.generated.js';

/** The kernel's exports (see src/profile/kernel/assembly/index.ts). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  hashBytes(ptr: number, len: number): number;
  hashNumber(x: number): number;
  combineHash(acc: number, h: number): number;
  configureClassifier(tokens: number, tokensEnd: number, decimalComma: boolean): void;
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
  /** Bytes of a quantile sketch state block (assembly/quantiles.ts). */
  quantileStateBytes(maxBins: number): number;
  initQuantiles(state: number, multiplier: number, maxBins: number): void;
  /** Adds the FLOAT (non-NULL) cells' values to the quantile sketch at `state`. */
  addQuantiles(state: number, masks: number, nums: number, rows: number): void;
  /** Bytes of a column frequencies state block (assembly/frequencies.ts). */
  freqStateBytes(limit: number): number;
  /** Bytes of the scratch that frequencies states of `limit` (or less) share. */
  freqScratchBytes(limit: number): number;
  initFrequencies(state: number, limit: number, scratch: number): void;
  /** Counts rows `from..rows-1`; `rows`, or -(r + 1) when a spill is pending after row r. */
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
  dedupeRehash(state: number, table: number, slots: number): void;
}

const WASM_PAGE = 65_536;
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
  #top: number;

  constructor(kernel: KernelExports = instantiateKernel()) {
    this.kernel = kernel;
    this.#top = align(kernel.heapBase(), 16);
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

  /** End of the allocated regions: memory above it is free for one caller's scratch. */
  get top(): number {
    return this.#top;
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
