import { SketchJsonError } from './errors.js';
import { HashSet53 } from './HashSet53.js';
import { HyperLogLog, type HyperLogLogJson } from './HyperLogLog.js';
import { decodeHashList, encodeHashList } from './hashList.js';

/** Default number of distinct hashes counted exactly before switching to HyperLogLog. */
export const DEFAULT_EXACT_DISTINCT_LIMIT = 100_000;

/** Serialized {@link DistinctCounter}: either the exact hashes or the HyperLogLog. */
export type DistinctCounterJson =
  | { limit: number; exact: string }
  | { limit: number; hll: HyperLogLogJson; floor: number };

/**
 * Distinct count of 53-bit hashes: exact (a hash set) while at most `limit` distinct hashes
 * were seen, then a {@link HyperLogLog} built from the set's hashes and fed from then on.
 * The switch is deterministic, so merging counters gives the same set or registers as feeding
 * one counter both streams.
 */
export class DistinctCounter {
  static readonly KIND = 'distinct';
  readonly limit: number;
  private set: HashSet53 | null;
  private hll: HyperLogLog | null = null;
  /** A known lower bound of the true count once estimated (the exact count at the switch). */
  private floor = 0;

  constructor(limit = DEFAULT_EXACT_DISTINCT_LIMIT) {
    this.limit = limit;
    this.set = new HashSet53();
  }

  /** True once the count is a HyperLogLog estimate. */
  get estimated(): boolean {
    return this.set === null;
  }

  /** Adds a 53-bit hash. */
  add(hash: number): void {
    const set = this.set;
    if (set !== null) {
      if (set.add(hash) && set.size > this.limit) this.spill();
    } else {
      this.hll!.add(hash);
    }
  }

  /** Distinct hashes seen: exact while not {@link estimated}, else the rounded estimate. */
  count(): number {
    if (this.set !== null) return this.set.size;
    return Math.max(this.floor, Math.round(this.hll!.estimate()));
  }

  /** Folds `other` in: the union of both streams, switching to HyperLogLog past the limit. */
  merge(other: DistinctCounter): void {
    if (other.set !== null) {
      const values = other.set.values();
      for (let i = 0; i < values.length; i++) this.add(values[i]!);
      return;
    }
    if (this.set !== null) this.spill();
    this.hll!.merge(other.hll!);
    this.floor = Math.max(this.floor, other.floor);
  }

  /** Compact JSON: sorted delta-coded hashes while exact, else the HyperLogLog registers. */
  toJSON(): DistinctCounterJson {
    if (this.set !== null) return { limit: this.limit, exact: encodeHashList(this.set.values()) };
    return { limit: this.limit, hll: this.hll!.toJSON(), floor: this.floor };
  }

  /** Rebuilds a counter from {@link DistinctCounter.toJSON} output. */
  static fromJSON(json: DistinctCounterJson): DistinctCounter {
    if (json === null || typeof json !== 'object' || !(json.limit >= 0)) {
      throw new SketchJsonError('DistinctCounter JSON needs a limit');
    }
    const counter = new DistinctCounter(json.limit);
    if ('exact' in json && typeof json.exact === 'string') {
      const hashes = decodeHashList(json.exact);
      for (let i = 0; i < hashes.length; i++) counter.add(hashes[i]!);
      return counter;
    }
    if ('hll' in json) {
      counter.set = null;
      counter.hll = HyperLogLog.fromJSON(json.hll);
      counter.floor = typeof json.floor === 'number' ? json.floor : 0;
      return counter;
    }
    throw new SketchJsonError('DistinctCounter JSON needs exact or hll');
  }

  private spill(): void {
    const set = this.set!;
    const hll = new HyperLogLog();
    const values = set.values();
    for (let i = 0; i < values.length; i++) hll.add(values[i]!);
    this.floor = set.size;
    this.hll = hll;
    this.set = null;
  }
}
