import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import { KernelFrequencies } from '../../../src/profile/kernel/KernelFrequencies.js';
import type { ColumnFrequencies } from '../../../src/profile/sketch/ColumnFrequencies.js';
import { hashString, ReferenceColumnFrequencies } from '../../oracles/index.js';

const NULL = 1;
const TWO_32 = 4294967296;
const DEFAULT_LIMIT = 1024;

/**
 * How a value id becomes a hash: well mixed; clustered in the top slots of every table; or the
 * id itself (runs of consecutive slots, HyperLogLog ranks from the low bits).
 */
type HashMode = 'mixed' | 'clustered' | 'raw';

/** One cell: a value id, or null (a NULL cell). */
type Cell = number | null;

const labelOf = (id: number): string => `v${id}`;
/** Every third value is a number (its cells FLOAT): the exact table keeps it. */
const numberOf = (id: number): number => (id % 3 === 0 ? id / 4 : Number.NaN);

function hashOf(id: number, mode: HashMode): number {
  if (mode === 'mixed') return hashString(labelOf(id));
  if (mode === 'raw') return id;
  // Low 32 bits in 0xfffffffc..0xffffffff: every table's probes start at its last slots and
  // wrap around; the high 21 bits keep the hashes distinct.
  return (id % 2_097_152) * TWO_32 + (0xffffffff - (id % 4));
}

/** The JavaScript engine fed `cells` one by one, as ColumnAccumulator does. */
function jsFrequencies(cells: readonly Cell[], limit: number, mode: HashMode): ColumnFrequencies {
  const f = new ReferenceColumnFrequencies(limit);
  for (const id of cells) {
    if (id === null) continue;
    const hash = hashOf(id, mode);
    if (f.add(hash)) f.setLabel(hash, labelOf(id), numberOf(id));
  }
  return f;
}

/** The kernel engine fed `cells` in batches of the given sizes (cycled). */
function kernelFrequencies(
  cells: readonly Cell[],
  limit: number,
  mode: HashMode,
  batchSizes: readonly number[],
  afterBatch?: (k: KernelFrequencies, done: number) => void,
): KernelFrequencies {
  const memory = new KernelMemory();
  const capacity = Math.max(1, ...batchSizes);
  const masksAt = memory.alloc(capacity * 4);
  const hashesAt = memory.alloc(capacity * 8);
  const k = new KernelFrequencies(memory, limit, capacity);
  let done = 0;
  let b = 0;
  while (done < cells.length) {
    const rows = Math.min(batchSizes[b++ % batchSizes.length]!, cells.length - done);
    const masks = new Int32Array(memory.buffer, masksAt, rows);
    const hashes = new Float64Array(memory.buffer, hashesAt, rows);
    const ids: Cell[] = [];
    for (let r = 0; r < rows; r++) {
      const id = cells[done + r]!;
      ids.push(id);
      // Other mask bits must not matter: only NULL does.
      masks[r] = id === null ? NULL | ((r & 1) << 3) : (r % 7) << 1;
      hashes[r] = id === null ? 12345 : hashOf(id, mode);
    }
    k.addBatch(masksAt, hashesAt, rows, (r) => {
      const id = ids[r];
      if (id === undefined || id === null) throw new Error(`label of row ${r} asked`);
      return labelOf(id);
    });
    done += rows;
    afterBatch?.(k, done);
  }
  return k;
}

/** The numbers of labels `v<id>`, as the profiler's classifier gives them to toFrequencies. */
const numbersOf = (labels: readonly string[]): Float64Array =>
  Float64Array.from(labels, (label) => numberOf(Number(label.slice(1))));

/** Asserts the kernel engine answers like the JavaScript engine. */
function expectSame(kernel: KernelFrequencies, js: ColumnFrequencies): void {
  expect(kernel.toFrequencies(numbersOf).toJSON()).toEqual(js.toJSON());
  expect(kernel.total).toBe(js.total);
  expect(kernel.estimated).toBe(js.estimated);
  const hydrated = kernel.toFrequencies(numbersOf);
  expect(JSON.stringify(hydrated.toJSON())).toBe(JSON.stringify(js.toJSON()));
  expect(hydrated.total).toBe(js.total);
  expect(hydrated.estimated).toBe(js.estimated);
  expect(hydrated.distinct()).toBe(js.distinct());
  expect(hydrated.top(5)).toEqual(js.top(5));
}

const limitArb = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(DEFAULT_LIMIT));
const modeArb = fc.constantFrom<HashMode>('mixed', 'clustered', 'raw');
const batchArb = fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 4 });
const nullRate = fc.constantFrom(0, 0.1, 0.5);

/** Cells from an alphabet of `size` values, with NULLs mixed in (ids skewed to small ones). */
function streamArb(alphabet: fc.Arbitrary<number>, maxLength: number): fc.Arbitrary<Cell[]> {
  return fc
    .tuple(alphabet, nullRate, fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat(maxLength))
    .map(([size, nulls, seed, length]) => {
      let s = seed >>> 0;
      const next = (): number => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / TWO_32;
      };
      const out: Cell[] = [];
      for (let i = 0; i < length; i++) {
        if (next() < nulls) out.push(null);
        // Squaring skews towards small ids: a few heavy values and a long tail.
        else out.push(Math.floor(next() * next() * size));
      }
      return out;
    });
}

describe('KernelFrequencies', () => {
  it('returns the JavaScript engine JSON for small alphabets (exact tables)', () => {
    fc.assert(
      fc.property(
        streamArb(fc.integer({ min: 1, max: 40 }), 1500),
        limitArb,
        modeArb,
        batchArb,
        (cells, limit, mode, batches) => {
          // Prepare
          const js = jsFrequencies(cells, limit, mode);

          // Act
          const kernel = kernelFrequencies(cells, limit, mode, batches);

          // Assess
          expectSame(kernel, js);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('returns the JavaScript engine JSON for large alphabets (spills and purges)', () => {
    fc.assert(
      fc.property(
        streamArb(fc.integer({ min: 100, max: 5000 }), 4000),
        limitArb,
        modeArb,
        batchArb,
        (cells, limit, mode, batches) => {
          // Prepare
          const js = jsFrequencies(cells, limit, mode);

          // Act
          const kernel = kernelFrequencies(cells, limit, mode, batches);

          // Assess
          expectSame(kernel, js);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('returns the JavaScript engine JSON for heavy values mixed with unique ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 300 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 4000 }),
        limitArb,
        modeArb,
        batchArb,
        (heavy, skew, uniqueRate, seed, length, limit, mode, batches) => {
          // Prepare: `heavy` repeated values (enough to keep half the items above 1 at purges),
          // drawn with counts more or less spread by `skew`, and never-repeated ones.
          let s = seed >>> 0;
          const next = (): number => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / TWO_32;
          };
          const cells: Cell[] = [];
          for (let i = 0; i < length; i++) {
            cells.push(next() < uniqueRate ? 1_000_000 + i : Math.floor(next() ** skew * heavy));
          }
          const js = jsFrequencies(cells, limit, mode);

          // Act
          const kernel = kernelFrequencies(cells, limit, mode, batches);

          // Assess
          expectSame(kernel, js);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns the JavaScript engine JSON after every batch of an all-unique column', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        limitArb,
        modeArb,
        batchArb,
        (length, limit, mode, batches) => {
          // Prepare
          const cells = Array.from({ length }, (_, i) => i);
          const checks: number[] = [];

          // Act
          const kernel = kernelFrequencies(cells, limit, mode, batches, (k, done) => {
            // Assess (on the way): the same state as the JS engine at each batch boundary.
            if (checks.length < 3) {
              expect(k.toFrequencies(numbersOf).toJSON()).toEqual(
                jsFrequencies(cells.slice(0, done), limit, mode).toJSON(),
              );
              checks.push(done);
            }
          });

          // Assess
          expectSame(kernel, jsFrequencies(cells, limit, mode));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('returns the JavaScript engine JSON for long churning columns and keeps labels bounded', () => {
    fc.assert(
      fc.property(
        streamArb(fc.integer({ min: 1500, max: 4000 }), 40_000).filter((c) => c.length > 20_000),
        modeArb,
        (cells, mode) => {
          // Prepare
          const js = jsFrequencies(cells, 50, mode);
          let most = 0;

          // Act
          const kernel = kernelFrequencies(cells, 50, mode, [2048], (k) => {
            most = Math.max(most, k.labelCount);
          });

          // Assess
          expectSame(kernel, js);
          expect(most).toBeLessThanOrEqual(2 * 256);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('returns an empty exact table for a column of NULLs only', () => {
    // Prepare
    const cells: Cell[] = Array.from({ length: 100 }, () => null);

    // Act
    const kernel = kernelFrequencies(cells, DEFAULT_LIMIT, 'mixed', [64]);

    // Assess
    expect(kernel.toFrequencies(numbersOf).toJSON()).toEqual({
      limit: DEFAULT_LIMIT,
      total: 0,
      exact: [],
    });
    expect(kernel.total).toBe(0);
    expectSame(kernel, jsFrequencies(cells, DEFAULT_LIMIT, 'mixed'));
  });

  it('returns the default limit spill after exactly limit + 1 distinct values', () => {
    // Prepare
    const cells = Array.from({ length: DEFAULT_LIMIT + 1 }, (_, i) => i);

    // Act
    const before = kernelFrequencies(cells.slice(0, DEFAULT_LIMIT), DEFAULT_LIMIT, 'mixed', [2048]);
    const after = kernelFrequencies(cells, DEFAULT_LIMIT, 'mixed', [2048]);

    // Assess
    expect(before.estimated).toBe(false);
    expect(after.estimated).toBe(true);
    expect(after.toFrequencies().distinct()).toBe(DEFAULT_LIMIT + 1);
    expectSame(after, jsFrequencies(cells, DEFAULT_LIMIT, 'mixed'));
  });

  it('returns a small state for few values and grows it with the exact table', () => {
    // Prepare
    const few = Array.from({ length: 3000 }, (_, i) => i % 5);
    const many = Array.from({ length: 3000 }, (_, i) => i % 1000);

    // Act
    const small = kernelFrequencies(few, DEFAULT_LIMIT, 'mixed', [512]);
    const large = kernelFrequencies(many, DEFAULT_LIMIT, 'mixed', [512]);

    // Assess: 64 slots of 20 bytes and the header, until the table needs more.
    expect(small.stateBytes).toBe(64 + 64 * 20);
    expect(large.stateBytes).toBe(64 + 2048 * 20);
    expectSame(large, jsFrequencies(many, DEFAULT_LIMIT, 'mixed'));
  });

  it('throws a RangeError for a batch larger than its capacity', () => {
    // Prepare
    const memory = new KernelMemory();
    const k = new KernelFrequencies(memory, 10, 4);

    // Act / Assess
    expect(() => k.addBatch(0, 0, 5, () => '')).toThrow(RangeError);
  });
});
