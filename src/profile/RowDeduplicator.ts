import { HashSet53 } from './sketch/HashSet53.js';
import { HyperLogLog, type HyperLogLogJson } from './sketch/HyperLogLog.js';
import { decodeHashList, encodeHashList } from './sketch/hashList.js';

export type RowDeduplicatorJson = {
  rows: number;
  exactDuplicates: number;
  lines: number[];
} & ({ exact: string } | { hll: HyperLogLogJson; distinctAtSwitch: number; rowsAtSwitch: number });

/**
 * Counts duplicate rows by 64-bit-class (53-bit) row hash: exactly while at most `limit`
 * distinct rows were seen, then estimated from a HyperLogLog of the row hashes.
 */
export class RowDeduplicator {
  rows = 0;
  /** Duplicates counted exactly (all of them while not estimated). */
  exactDuplicates = 0;
  readonly lines: number[] = [];
  #set: HashSet53 | null = new HashSet53(1024);
  #hll: HyperLogLog | null = null;
  #distinctAtSwitch = 0;
  #rowsAtSwitch = 0;
  readonly #limit: number;
  readonly #sampleLines: number;

  constructor(limit: number, sampleLines: number) {
    this.#limit = limit;
    this.#sampleLines = sampleLines;
  }

  get estimated(): boolean {
    return this.#set === null;
  }

  add(hash: number, line: number): void {
    this.rows++;
    const set = this.#set;
    if (set !== null) {
      if (!set.add(hash)) {
        this.exactDuplicates++;
        if (this.lines.length < this.#sampleLines) this.lines.push(line);
      } else if (set.size > this.#limit) {
        this.#spill();
      }
    } else {
      this.#hll!.add(hash);
    }
  }

  /** Duplicate rows: exact, or rows minus the estimated distinct rows once past the limit. */
  duplicates(): number {
    if (this.#set !== null) return this.exactDuplicates;
    const distinct = Math.round(this.#hll!.estimate());
    // Never report fewer than were certainly seen before the switch.
    return Math.max(this.exactDuplicates, this.rows - Math.max(distinct, this.#distinctAtSwitch));
  }

  #spill(): void {
    const hll = new HyperLogLog();
    const values = this.#set!.values();
    for (let i = 0; i < values.length; i++) hll.add(values[i]!);
    this.#distinctAtSwitch = this.#set!.size;
    this.#rowsAtSwitch = this.rows;
    this.#set = null;
    this.#hll = hll;
  }

  /** Adds the rows counted by `other` (rows that came after this one's). */
  merge(other: RowDeduplicator): void {
    if (other.#set !== null && this.#set !== null) {
      const values = other.#set.values();
      // Replaying the other side's distinct hashes; its own duplicates are added as counted.
      const before = this.rows;
      for (let i = 0; i < values.length; i++) this.add(values[i]!, 0);
      // `add` counted duplicates across the two sides with line 0: drop those placeholders.
      for (let i = this.lines.length - 1; i >= 0; i--)
        if (this.lines[i] === 0) this.lines.splice(i, 1);
      this.rows = before + other.rows;
      this.exactDuplicates += other.exactDuplicates;
      for (const line of other.lines)
        if (this.lines.length < this.#sampleLines) this.lines.push(line);
      return;
    }
    if (this.#set !== null) this.#spill();
    const hll = this.#hll!;
    if (other.#set !== null) {
      const values = other.#set.values();
      for (let i = 0; i < values.length; i++) hll.add(values[i]!);
    } else {
      hll.merge(other.#hll!);
    }
    this.rows += other.rows;
    this.exactDuplicates += other.exactDuplicates;
    this.#distinctAtSwitch = Math.max(this.#distinctAtSwitch, other.#distinctAtSwitch);
  }

  toJSON(): RowDeduplicatorJson {
    const base = { rows: this.rows, exactDuplicates: this.exactDuplicates, lines: [...this.lines] };
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
    d.exactDuplicates = json.exactDuplicates;
    d.lines.push(...json.lines);
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
