import { type ClassifiedCells, SLOW_CELL } from '../ClassifiedCells.js';
import { DATE_SLOT_COUNT } from '../infer/constants.js';
import { resolveSlowNumber } from '../slowNumbers.js';
import type { KernelMemory } from './Kernel.js';

const encoder = new TextEncoder();

/**
 * Classifies a list of texts with the kernel's classifier (as the memory's instance is
 * configured: see configureClassifier.ts), numbers that need `Number()` resolved as in a
 * profile: the sniffer's header rule reads the masks, the exact frequency tables each value's
 * number. Its regions in kernel memory grow as needed and are reused from call to call.
 */
export class TextClassifier {
  readonly #memory: KernelMemory;
  #cells = 0;
  #bytes = 0;
  #bytesAt = 0;
  #startsAt = 0;
  #endsAt = 0;
  #inAltAt = 0;
  #masksAt = 0;
  #numsAt = 0;
  #mssAt = 0;
  #daysAt = 0;
  #hashesAt = 0;

  constructor(memory: KernelMemory) {
    this.#memory = memory;
  }

  /** The `Cell` mask and number (FLOAT cells) of each text, as copies. */
  classify(
    texts: readonly (Uint8Array | string)[],
    decimalComma: boolean,
  ): { masks: Int32Array; nums: Float64Array } {
    const fields = texts.map((t) => (typeof t === 'string' ? encoder.encode(t) : t));
    const cells = fields.length;
    const size = fields.reduce((sum, f) => sum + f.length, 0);
    this.#reserve(cells, size);
    const memory = this.#memory;
    const buffer = memory.buffer;
    const bytes = new Uint8Array(buffer, this.#bytesAt, size);
    const starts = new Int32Array(buffer, this.#startsAt, cells);
    const ends = new Int32Array(buffer, this.#endsAt, cells);
    let at = 0;
    fields.forEach((field, k) => {
      bytes.set(field, at);
      starts[k] = at;
      at += field.length;
      ends[k] = at;
    });
    memory.kernel.classifyCells(
      this.#startsAt,
      this.#endsAt,
      this.#inAltAt,
      0,
      cells,
      this.#bytesAt,
      0,
      this.#masksAt,
      this.#numsAt,
      this.#mssAt,
      this.#daysAt,
      this.#hashesAt,
      0,
      0,
    );
    const classified: ClassifiedCells = {
      masks: new Int32Array(buffer, this.#masksAt, cells),
      nums: new Float64Array(buffer, this.#numsAt, cells),
      mss: new Float64Array(buffer, this.#mssAt, cells),
      days: new Float64Array(buffer, this.#daysAt, cells * DATE_SLOT_COUNT),
      hashes: new Float64Array(buffer, this.#hashesAt, cells),
    };
    fields.forEach((field, k) => {
      if ((classified.masks[k]! & SLOW_CELL) === 0) return;
      resolveSlowNumber(memory.kernel, field, 0, field.length, decimalComma, classified, k);
    });
    return { masks: classified.masks.slice(), nums: classified.nums.slice() };
  }

  /** Regions for at least `cells` texts of `size` bytes in all. */
  #reserve(cells: number, size: number): void {
    const memory = this.#memory;
    if (size + 8 > this.#bytes) {
      this.#bytes = Math.max(size + 8, this.#bytes * 2);
      this.#bytesAt = memory.alloc(this.#bytes);
    }
    if (cells <= this.#cells) return;
    const n = Math.max(cells, this.#cells * 2, 64);
    this.#cells = n;
    this.#startsAt = memory.alloc(n * 4);
    this.#endsAt = memory.alloc(n * 4);
    this.#inAltAt = memory.alloc(n);
    this.#masksAt = memory.alloc(n * 4);
    this.#numsAt = memory.alloc(n * 8);
    this.#mssAt = memory.alloc(n * 8);
    this.#daysAt = memory.alloc(n * 8 * DATE_SLOT_COUNT);
    this.#hashesAt = memory.alloc(n * 8);
  }
}
