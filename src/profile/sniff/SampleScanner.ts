import { Byte, DEFAULTS } from '../constants.js';
import { isProfileError } from '../errors.js';
import { configureClassifier } from '../kernel/configureClassifier.js';
import type { KernelMemory } from '../kernel/Kernel.js';
import { TextClassifier } from '../kernel/TextClassifier.js';
import { KernelCsvParser } from '../parse/KernelCsvParser.js';
import type { RecordSink } from '../parse/RecordSink.js';

/** Records of a sample, as byte copies of each field (blank records left out). */
export type SampleRecords = Uint8Array[][];

/** Records read from a sample and kept or counted per dialect candidate. */
export const MAX_SAMPLE_RECORDS = 500;

/**
 * Runs the profiler's own scanner (the kernel's record state machine, through
 * KernelCsvParser) over the start of a file for one dialect candidate after another, as
 * DuckDB's sniffer runs its scanner's state machine over each candidate; and classifies sample
 * cells with the kernel's classifier. So the dialect is judged by exactly the parser and the
 * types the file will be profiled with. Owns no memory: the caller gives it a kernel memory
 * and releases it.
 */
export class SampleScanner implements RecordSink {
  readonly #memory: KernelMemory;
  readonly #parser: KernelCsvParser;
  /** What `record` does with a record: count its fields, or copy them. */
  #collect = false;
  #counts: number[] = [];
  #records: SampleRecords = [];

  constructor(memory: KernelMemory) {
    this.#memory = memory;
    this.#parser = new KernelCsvParser(
      this,
      {
        delimiter: Byte.COMMA,
        quote: Byte.DQUOTE,
        maxFieldBytes: DEFAULTS.maxFieldBytes,
        maxRecordBytes: DEFAULTS.maxRecordBytes,
        maxColumns: Number.MAX_SAFE_INTEGER,
      },
      memory,
    );
  }

  /** Field counts of the sample's non-blank records (at most MAX_SAMPLE_RECORDS). */
  fieldCounts(sample: Uint8Array, complete: boolean, delimiter: number, quote: number): number[] {
    this.#collect = false;
    this.#counts = [];
    this.#scan(sample, complete, delimiter, quote);
    return this.#counts;
  }

  /** The sample's non-blank records (at most MAX_SAMPLE_RECORDS), fields copied. */
  records(sample: Uint8Array, complete: boolean, delimiter: number, quote: number): SampleRecords {
    this.#collect = true;
    this.#records = [];
    this.#scan(sample, complete, delimiter, quote);
    return this.#records;
  }

  /** RecordSink: one record of the sample. */
  record(buf: Uint8Array, starts: Int32Array, ends: Int32Array, n: number): void {
    if (n === 1 && starts[0] === ends[0]) return; // blank lines say nothing about the dialect
    if (!this.#collect) {
      if (this.#counts.length < MAX_SAMPLE_RECORDS) this.#counts.push(n);
      return;
    }
    if (this.#records.length >= MAX_SAMPLE_RECORDS) return;
    const fields: Uint8Array[] = [];
    // Copies: the scanner reuses its regions.
    for (let f = 0; f < n; f++) fields.push(new Uint8Array(buf.subarray(starts[f]!, ends[f]!)));
    this.#records.push(fields);
  }

  /**
   * The kernel classifier's `Cell` mask of every field of `records` (numbers that need
   * `Number()` resolved as the profile resolves them), by record and field.
   */
  classify(
    records: SampleRecords,
    nullTokens: readonly string[],
    decimalComma: boolean,
  ): Int32Array[] {
    configureClassifier(this.#memory, nullTokens, decimalComma);
    const { masks } = new TextClassifier(this.#memory).classify(records.flat(), decimalComma);
    const out: Int32Array[] = [];
    let k = 0;
    for (const record of records) {
      out.push(masks.subarray(k, k + record.length));
      k += record.length;
    }
    return out;
  }

  #scan(sample: Uint8Array, complete: boolean, delimiter: number, quote: number): void {
    const parser = this.#parser;
    parser.restart(delimiter, quote);
    try {
      parser.push(sample);
      if (complete) parser.end();
    } catch (error) {
      // Malformed input: judge the dialect by the records before the fault; the real parse
      // then reports the fault with its line.
      if (!isProfileError(error)) throw error;
    }
  }
}
