import { HashSet53 } from '../sketch/HashSet53.js';
import { HyperLogLog, type HyperLogLogJson } from '../sketch/HyperLogLog.js';
import { encodeHashList, readHashList } from '../sketch/hashList.js';

/** Serialized duplicate-row state: exact row hashes, or a HyperLogLog past the limit. */
export type RowDuplicatesJson = {
  rows: number;
  exactDuplicates: number;
  lines: number[];
} & ({ exact: string } | { hll: HyperLogLogJson; distinctAtSwitch: number; rowsAtSwitch: number });

/** What the summary reads of duplicate rows (the kernel's deduplicator, or a merged state). */
export interface RowDuplicatesView {
  readonly rows: number;
  readonly estimated: boolean;
  readonly exactDuplicates: number;
  readonly lines: number[];
  duplicates(): number;
  toJSON(): RowDuplicatesJson;
}

/**
 * The duplicate rows of a profile read back from JSON, and merged with those of the rows that
 * follow it: exact while both sides kept their row hashes (the set of distinct row hashes, by
 * 53-bit hash), else estimated from a HyperLogLog. The kernel counts the rows of a pass
 * (kernel/KernelRowDeduplicator.ts); this class only merges and answers.
 */
export class RowDuplicates implements RowDuplicatesView {
  rows = 0;
  #exactDuplicates = 0;
  readonly #lines: number[] = [];
  #set: HashSet53 | null = new HashSet53(1024);
  /** The JSON whose exact hashes are decoded into the set only when it is used (readHashList). */
  #encoded: { exact: string } | null = null;
  #hll: HyperLogLog | null = null;
  #distinctAtSwitch = 0;
  #rowsAtSwitch = 0;
  readonly #sampleLines: number;

  constructor(sampleLines: number) {
    this.#sampleLines = sampleLines;
  }

  get estimated(): boolean {
    return this.#set === null;
  }

  /** Duplicates counted exactly (all of them while not estimated). */
  get exactDuplicates(): number {
    return this.#exactDuplicates;
  }

  /** Lines of the first duplicate rows (at most `sampleLines`). */
  get lines(): number[] {
    return this.#lines;
  }

  /**
   * Duplicate rows: exact, or rows minus the estimated distinct rows once estimated (never
   * fewer than were certainly seen, never more than the rows).
   */
  duplicates(): number {
    if (this.#set !== null) return this.#exactDuplicates;
    const distinct = Math.round(this.#hll!.estimate());
    return Math.max(this.#exactDuplicates, this.rows - Math.max(distinct, this.#distinctAtSwitch));
  }

  /**
   * Adds the rows counted by `other` (rows that came after this one's); past `limit` distinct
   * rows the count turns to the estimate, as one pass's does.
   */
  merge(other: RowDuplicates, limit = Number.POSITIVE_INFINITY): void {
    this.#decoded();
    if (other.#exact() && this.#set !== null) {
      // A distinct row of the other side already seen here is one more duplicate (its line is
      // not known: the other side's own duplicate lines follow this side's).
      const set = this.#set;
      other.#forEachExact((hash) => {
        if (!set.add(hash)) this.#exactDuplicates++;
      });
      for (const line of other.#lines) {
        if (this.#lines.length < this.#sampleLines) this.#lines.push(line);
      }
    } else {
      if (this.#set !== null) this.#spill();
      const hll = this.#hll!;
      if (other.#exact()) {
        other.#forEachExact((hash) => {
          hll.add(hash);
        });
      } else {
        hll.merge(other.#hll!);
      }
      this.#distinctAtSwitch = Math.max(this.#distinctAtSwitch, other.#distinctAtSwitch);
    }
    this.rows += other.rows;
    this.#exactDuplicates += other.#exactDuplicates;
    if (this.#set !== null && this.#set.size > limit) this.#spill();
  }

  /** True while the distinct rows are counted exactly (a set, or its JSON not yet decoded). */
  #exact(): boolean {
    return this.#encoded !== null || this.#set !== null;
  }

  /**
   * Calls `fn` with each distinct row hash while exact: from the JSON's list when it was not
   * decoded (no set is built only to be read once), else from the set.
   */
  #forEachExact(fn: (hash: number) => void): void {
    if (this.#encoded !== null) {
      const values = readHashList(this.#encoded);
      for (let i = 0; i < values.length; i++) fn(values[i]!);
    } else {
      this.#set!.forEachScattered(fn);
    }
  }

  /** Decodes the hashes read from JSON into the set (once, when the set is needed). */
  #decoded(): void {
    if (this.#encoded === null) return;
    const values = readHashList(this.#encoded);
    this.#encoded = null;
    const set = new HashSet53(values.length);
    for (let i = 0; i < values.length; i++) set.add(values[i]!);
    this.#set = set;
  }

  /** Switches to the estimate at the rows counted so far. */
  #spill(): void {
    const hll = new HyperLogLog();
    this.#set!.forEach((hash) => {
      hll.add(hash);
    });
    this.#distinctAtSwitch = this.#set!.size;
    this.#rowsAtSwitch = this.rows;
    this.#set = null;
    this.#hll = hll;
  }

  toJSON(): RowDuplicatesJson {
    const base = {
      rows: this.rows,
      exactDuplicates: this.#exactDuplicates,
      lines: [...this.#lines],
    };
    if (this.#encoded !== null) return { ...base, exact: this.#encoded.exact };
    if (this.#set !== null) return { ...base, exact: encodeHashList(this.#set.values()) };
    return {
      ...base,
      hll: this.#hll!.toJSON(),
      distinctAtSwitch: this.#distinctAtSwitch,
      rowsAtSwitch: this.#rowsAtSwitch,
    };
  }

  /** Rebuilds the state from {@link toJSON} output. */
  static fromJSON(json: RowDuplicatesJson, sampleLines: number): RowDuplicates {
    const d = new RowDuplicates(sampleLines);
    d.rows = json.rows;
    d.#exactDuplicates = json.exactDuplicates;
    d.#lines.push(...json.lines);
    if ('exact' in json) {
      // Decoded when first needed: a summary reads only the counts.
      d.#encoded = json;
    } else {
      d.#set = null;
      d.#hll = HyperLogLog.fromJSON(json.hll);
      d.#distinctAtSwitch = json.distinctAtSwitch;
      d.#rowsAtSwitch = json.rowsAtSwitch;
    }
    return d;
  }
}
