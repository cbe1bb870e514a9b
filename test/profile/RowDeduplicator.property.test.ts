import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HyperLogLog } from '../../src/profile/sketch/HyperLogLog.js';
import { decodeHashList } from '../../src/profile/sketch/hashList.js';
import { RowDeduplicator } from '../oracles/index.js';
import { mulberry32 } from './sketch/random.js';

const SAMPLE_LINES = 5;

/** Row-by-row model: an exact Set until more than `limit` distinct rows, then the switch. */
function reference(hashes: readonly number[], limit: number) {
  let set: Set<number> | null = new Set();
  let exactDuplicates = 0;
  const lines: number[] = [];
  let distinctAtSwitch = 0;
  let rowsAtSwitch = 0;
  hashes.forEach((hash, i) => {
    if (set === null) return;
    if (set.has(hash)) {
      exactDuplicates++;
      if (lines.length < SAMPLE_LINES) lines.push(i + 1);
      return;
    }
    set.add(hash);
    if (set.size > limit) {
      distinctAtSwitch = set.size;
      rowsAtSwitch = i + 1;
      set = null;
    }
  });
  return { set, exactDuplicates, lines, distinctAtSwitch, rowsAtSwitch };
}

/** `count` row hashes drawn from a pool of `pool` distinct 53-bit values. */
function rowHashes(seed: number, count: number, pool: number): number[] {
  const random = mulberry32(seed);
  const values = Array.from(
    { length: pool },
    () => Math.floor(random() * 2 ** 21) * 2 ** 32 + Math.floor(random() * 2 ** 32),
  );
  return Array.from({ length: count }, () => values[Math.floor(random() * pool)]!);
}

describe('RowDeduplicator', () => {
  it('returns the counts, lines and switch point of row-by-row processing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom(3_000, 40_000, 90_000),
        fc.constantFrom(10, 2_000, 35_000, 1 << 20),
        fc.array(fc.integer({ min: 1, max: 89_999 }), { maxLength: 3 }),
        (seed, pool, limit, peeks) => {
          // Prepare: more rows than one batch; reading the state mid-stream must not matter.
          const hashes = rowHashes(seed, 90_000, pool);
          const expected = reference(hashes, limit);
          const dedupe = new RowDeduplicator(limit, SAMPLE_LINES);
          // Act
          hashes.forEach((hash, i) => {
            dedupe.add(hash, i + 1);
            if (peeks.includes(i)) dedupe.duplicates();
          });
          const json = dedupe.toJSON();
          // Assess
          expect(json.rows).toBe(hashes.length);
          expect(json.exactDuplicates).toBe(expected.exactDuplicates);
          expect(json.lines).toEqual(expected.lines);
          expect(dedupe.estimated).toBe(expected.set === null);
          if (expected.set !== null) {
            expect('exact' in json && [...decodeHashList(json.exact)].sort()).toEqual(
              [...expected.set].sort(),
            );
            expect(dedupe.duplicates()).toBe(expected.exactDuplicates);
            return;
          }
          const hll = new HyperLogLog();
          for (const hash of hashes) hll.add(hash);
          expect(json).toMatchObject({
            hll: hll.toJSON(),
            distinctAtSwitch: expected.distinctAtSwitch,
            rowsAtSwitch: expected.rowsAtSwitch,
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('returns the duplicates of both parts after a merge', () => {
    // Prepare
    const hashes = rowHashes(7, 50_000, 20_000);
    const whole = new RowDeduplicator(1 << 20, SAMPLE_LINES);
    const first = new RowDeduplicator(1 << 20, SAMPLE_LINES);
    const second = new RowDeduplicator(1 << 20, SAMPLE_LINES);
    hashes.forEach((hash, i) => {
      whole.add(hash, i + 1);
      (i < 30_000 ? first : second).add(hash, i + 1);
    });
    // Act
    first.merge(second);
    // Assess
    expect(first.rows).toBe(whole.rows);
    expect(first.duplicates()).toBe(whole.duplicates());
  });
});
