import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import {
  DEDUPE_BATCH,
  KernelRowDeduplicator,
  type KernelRowDeduplicatorOptions,
} from '../../../src/profile/kernel/KernelRowDeduplicator.js';
import { RowDuplicates } from '../../../src/profile/state/RowDuplicates.js';
import { hashString, RowDeduplicator } from '../../oracles/index.js';

const TWO_32 = 4294967296;
const MAX_HASH = 2 ** 53 - 1;

/**
 * How a row id becomes a row hash: well mixed; clustered in the top slots of every table (long
 * probe runs that wrap); the id itself (consecutive slots, HyperLogLog ranks from the low bits);
 * or just below 2^53 (the top bits set).
 */
type HashMode = 'mixed' | 'clustered' | 'raw' | 'top';

function hashOf(id: number, mode: HashMode): number {
  if (mode === 'mixed') return hashString(`row ${id}`);
  if (mode === 'raw') return id;
  if (mode === 'top') return MAX_HASH - id;
  return (id % 2_097_152) * TWO_32 + (0xffffffff - (id % 4));
}

/** One scenario: the rows' ids and lines, and how they are fed. */
interface Scenario {
  ids: number[];
  mode: HashMode;
  limit: number;
  sampleLines: number;
  /** Sizes of the batches handed to addBatch, cycled. */
  batches: number[];
  options: KernelRowDeduplicatorOptions;
  /** Whether the read side is compared after every batch (reads flush the kernel's rows). */
  readBetween: boolean;
}

/** Line of row i: increasing with gaps, as with multi-line records. */
const lineOf = (i: number): number => 2 + i + (i >> 3);

/** RowDeduplicator fed row by row. */
function jsDeduplicator(s: Scenario, count = s.ids.length): RowDeduplicator {
  const d = new RowDeduplicator(s.limit, s.sampleLines);
  for (let i = 0; i < count; i++) d.add(hashOf(s.ids[i]!, s.mode), lineOf(i));
  return d;
}

/** Asserts every read-side answer and the JSON are those of `js`. */
function expectSame(kernel: KernelRowDeduplicator, js: RowDeduplicator): void {
  expect(kernel.rows).toBe(js.rows);
  expect(kernel.estimated).toBe(js.estimated);
  expect(kernel.exactDuplicates).toBe(js.exactDuplicates);
  expect(kernel.lines).toEqual(js.lines);
  expect(kernel.duplicates()).toBe(js.duplicates());
  expect(JSON.stringify(kernel.toJSON())).toBe(JSON.stringify(js.toJSON()));
}

/** The kernel deduplicator fed `s` in batches (row hashes and lines in kernel memory). */
function runKernel(s: Scenario, memory = new KernelMemory()): KernelRowDeduplicator {
  const capacity = Math.max(1, ...s.batches);
  const hashesAt = memory.alloc(capacity * 8);
  const linesAt = memory.alloc(capacity * 8);
  const kernel = new KernelRowDeduplicator(memory, s.limit, s.sampleLines, s.options);
  let done = 0;
  let b = 0;
  while (done < s.ids.length) {
    const rows = Math.min(s.batches[b++ % s.batches.length]!, s.ids.length - done);
    // Views are taken again each batch: addBatch may grow the memory.
    const hashes = new Float64Array(memory.buffer, hashesAt, rows);
    const lines = new Float64Array(memory.buffer, linesAt, rows);
    for (let r = 0; r < rows; r++) {
      hashes[r] = hashOf(s.ids[done + r]!, s.mode);
      lines[r] = lineOf(done + r);
    }
    kernel.addBatch(hashesAt, linesAt, rows);
    done += rows;
    if (s.readBetween) expectSame(kernel, jsDeduplicator(s, done));
  }
  return kernel;
}

/** Row ids with duplicates near (recent ids again) and far (any earlier id), or none. */
const idsArb: fc.Arbitrary<number[]> = fc.oneof(
  // From a small or large alphabet, skewed to small ids: many duplicates, near and far.
  fc
    .tuple(fc.integer({ min: 1, max: 3000 }), fc.nat(2 ** 31 - 1), fc.nat(1500))
    .map(([size, seed, length]) => {
      let x = seed >>> 0;
      const next = (): number => {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        return x / TWO_32;
      };
      return Array.from({ length }, () => Math.floor(next() * next() * size));
    }),
  // All unique.
  fc.nat(1500).map((length) => Array.from({ length }, (_, i) => i * 7 + 3)),
  // All equal.
  fc.tuple(fc.nat(1000), fc.nat(600)).map(([id, length]) => Array.from({ length }, () => id)),
  // Unique runs with a row repeated right after, or one from far back.
  fc
    .array(fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat(50)), { maxLength: 1500 })
    .map((steps) => {
      const out: number[] = [];
      for (const step of steps) {
        if (step === -1 && out.length > 0) out.push(out[out.length - 1]!);
        else if (step === -2 && out.length > 0) out.push(out[0]!);
        else out.push(10_000 + out.length * 13 + Math.max(0, step));
      }
      return out;
    }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  ids: idsArb,
  mode: fc.constantFrom<HashMode>('mixed', 'clustered', 'raw', 'top'),
  limit: fc.oneof(
    fc.integer({ min: 1, max: 100 }),
    fc.constant(1 << 20),
    fc.constant(Number.POSITIVE_INFINITY),
  ),
  sampleLines: fc.integer({ min: 0, max: 6 }),
  batches: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
  options: fc.record({
    initialSlots: fc.constantFrom(4, 8, 16, 1024),
    batch: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1 << 15)),
    // Sorting by slot from the smallest sets and batches on, or only from the defaults.
    sortMinSlots: fc.constantFrom(1, 1 << 15),
    sortMinRows: fc.constantFrom(1, 256),
  }),
  readBetween: fc.boolean(),
});

describe('KernelRowDeduplicator', () => {
  it('returns the answers and JSON of RowDeduplicator fed row by row', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        // Prepare
        const js = jsDeduplicator(s);

        // Act
        const kernel = runKernel(s);

        // Assess
        expectSame(kernel, js);
      }),
      { numRuns: 250 },
    );
  });

  it('returns a state that merges like the reference', () => {
    fc.assert(
      fc.property(scenarioArb, idsArb, (s, more) => {
        // Prepare
        const js = jsDeduplicator(s);
        const other = new RowDeduplicator(s.limit, s.sampleLines);
        more.forEach((id, i) => {
          other.add(hashOf(id, s.mode), lineOf(i));
        });
        const kernel = runKernel({ ...s, readBetween: false });

        // Act: the production merge of the kernel's state, the reference merge of its own, both
        // without a limit (as mergeStates merges).
        const hydrated = RowDuplicates.fromJSON(kernel.toJSON(), s.sampleLines);
        hydrated.merge(RowDuplicates.fromJSON(other.toJSON(), s.sampleLines));
        const reference = RowDeduplicator.fromJSON(js.toJSON(), s.sampleLines);
        reference.merge(other);

        // Assess
        expect(hydrated.toJSON()).toEqual(reference.toJSON());
        expect(hydrated.duplicates()).toBe(reference.duplicates());
      }),
      { numRuns: 60 },
    );
  });

  it('returns exact counts across many set growths with the default sizes', () => {
    // Prepare: 60k rows, every fifth from row 999 on a repeat of the row 999 back; the default
    // kernel batch (32768 rows), so reads flush a part-filled one.
    const ids = Array.from({ length: 60_000 }, (_, i) => (i % 5 === 4 && i >= 999 ? i - 999 : i));
    const s: Scenario = {
      ids,
      mode: 'mixed',
      limit: 1 << 20,
      sampleLines: 5,
      batches: [2048],
      options: { initialSlots: 16 },
      readBetween: false,
    };

    // Act
    const kernel = runKernel(s);

    // Assess
    expect(kernel.exactDuplicates).toBe(11_801);
    expectSame(kernel, jsDeduplicator(s));
  });

  it('grows its set in place, leaving no earlier region behind', () => {
    // Prepare: 20k distinct rows into a 16-slot set (it grows six times); the rows' regions are
    // taken before the deduplicator's, so its set is the memory's last region.
    const s: Scenario = {
      ids: Array.from({ length: 20_000 }, (_, i) => i),
      mode: 'mixed',
      limit: 1 << 20,
      sampleLines: 5,
      batches: [2048],
      options: { initialSlots: 16 },
      readBetween: false,
    };
    const memory = new KernelMemory();
    const base = memory.top;
    const stateBytes = memory.kernel.dedupeStateBytes(s.sampleLines, DEDUPE_BATCH);

    // Act
    const kernel = runKernel(s, memory);

    // Assess: the same answers, and after the rows' regions and the state exactly one set region
    // (a set moved into new regions leaves its 16, 64, 256, ... slots behind it).
    expectSame(kernel, jsDeduplicator(s));
    const setSlots = (memory.top - base - 2048 * 16 - stateBytes) / 8;
    expect(Number.isInteger(Math.log2(setSlots))).toBe(true);
    expect(setSlots).toBeGreaterThanOrEqual(20_000 / 0.75);
  });

  it('returns the estimate after the switch in the middle of a buffered batch', () => {
    // Prepare: 50k distinct rows, limit 20000: the switch happens inside a 32768-row flush.
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 10 === 9 ? i - 9 : i));
    const s: Scenario = {
      ids,
      mode: 'mixed',
      limit: 20_000,
      sampleLines: 5,
      batches: [2048],
      options: {},
      readBetween: false,
    };

    // Act
    const kernel = runKernel(s);

    // Assess
    expect(kernel.estimated).toBe(true);
    expect(kernel.duplicates()).toBeGreaterThan(4000);
    expectSame(kernel, jsDeduplicator(s));
  });

  it('rejects an initial set size that is not a power of two', () => {
    // Prepare
    const memory = new KernelMemory();

    // Act
    const make = (): KernelRowDeduplicator =>
      new KernelRowDeduplicator(memory, 10, 5, { initialSlots: 12 });

    // Assess
    expect(make).toThrow(RangeError);
  });
});
