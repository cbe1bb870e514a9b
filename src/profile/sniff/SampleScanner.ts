import { Byte, DEFAULTS, NO_QUOTE } from '../constants.js';
import { isProfileError, ProfileErrorCode } from '../errors.js';
import { configureClassifier } from '../kernel/configureClassifier.js';
import type { KernelMemory } from '../kernel/Kernel.js';
import { TextClassifier } from '../kernel/TextClassifier.js';
import { KernelCsvParser } from '../parse/KernelCsvParser.js';
import {
  type CommentRule,
  FieldKind,
  NO_COMMENT_RULE,
  type RecordSink,
} from '../parse/RecordSink.js';
import type { CandidateScan } from './candidates.js';

/** Records of a sample, as byte copies of each field (blank records left out). */
export type SampleRecords = Uint8Array[][];

/** A sample's records with where each starts: its line, and its offset in the sample. */
export interface PlacedRecords {
  records: SampleRecords;
  lines: number[];
  starts: number[];
  /** True when the sample held more records than MAX_SAMPLE_RECORDS. */
  capped: boolean;
}

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
  #quotedFields = 0;
  #quote = NO_QUOTE;
  /** Index in `#counts` of the last record if it had text after a closing quote, else -1. */
  #textAfterQuote = -1;
  /** The line the last record started on. */
  #lastLine = 0;
  #strayLines: number[] = [];
  /** The line of the fault a scan stopped at. */
  #errorLine = 0;
  #records: SampleRecords = [];
  #lines: number[] = [];
  #starts: number[] = [];
  #capped = false;
  /** Where the next record starts in the sample (the last record's end). */
  #nextStart = 0;

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

  /**
   * Field counts of the sample's non-blank records (at most MAX_SAMPLE_RECORDS) and the fields
   * the quote opened. A record that is a quote's stray run counts -1 fields: a quoted field
   * that ran across a line break and then had text after its closing quote (`"x` ... `"y`: a
   * bare quote in the data swallowed lines up to the next one), or, in a sample that is not the
   * whole file, a quoted field still open at its end after a line break. A quote that never
   * closes in a whole file is told apart (`unterminatedLine`): candidates.ts judges it.
   */
  fieldCounts(
    sample: Uint8Array,
    complete: boolean,
    delimiter: number,
    quote: number,
    comment: CommentRule = NO_COMMENT_RULE,
  ): CandidateScan {
    this.#collect = false;
    this.#counts = [];
    this.#quotedFields = 0;
    this.#quote = quote;
    this.#textAfterQuote = -1;
    this.#lastLine = 0;
    this.#strayLines = [];
    const unterminated = this.#scan(sample, complete, delimiter, quote, comment);
    const parser = this.#parser;
    this.#endRecord(parser.line);
    if (unterminated) {
      // The quote's policy is the candidates' (candidates.ts `consistency`).
      return {
        fieldCounts: this.#counts,
        quotedFields: this.#quotedFields,
        strayLines: this.#strayLines,
        unterminatedLine: this.#errorLine,
      };
    }
    if (!complete && quote !== NO_QUOTE && hasLineBreak(parser.carried)) {
      // Only a quoted field holds a line break in a record that is not over.
      this.#quotedFields++;
      if (this.#counts.length < MAX_SAMPLE_RECORDS) this.#counts.push(-1);
      this.#strayLines.push(parser.line);
    }
    return {
      fieldCounts: this.#counts,
      quotedFields: this.#quotedFields,
      strayLines: this.#strayLines,
      unterminatedLine: null,
    };
  }

  /**
   * The sample's non-blank records (at most MAX_SAMPLE_RECORDS), fields copied, with the line
   * and sample offset each starts at.
   */
  records(
    sample: Uint8Array,
    complete: boolean,
    delimiter: number,
    quote: number,
    comment: CommentRule = NO_COMMENT_RULE,
  ): PlacedRecords {
    this.#collect = true;
    this.#records = [];
    this.#lines = [];
    this.#starts = [];
    this.#capped = false;
    this.#nextStart = 0;
    this.#scan(sample, complete, delimiter, quote, comment);
    return {
      records: this.#records,
      lines: this.#lines,
      starts: this.#starts,
      capped: this.#capped,
    };
  }

  /** RecordSink: one record of the sample. */
  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    n: number,
    line: number,
    endOffset: number,
    _alt: Uint8Array,
    kinds: Uint8Array,
  ): void {
    const blank = n === 1 && starts[0] === ends[0];
    if (!this.#collect) {
      this.#endRecord(line);
      if (this.#counts.length >= MAX_SAMPLE_RECORDS) return;
      // Quoted fields (`""` too): those with quotes undone, and plain ones right after a quote
      // byte (a field that is not quoted follows a delimiter or a line break there).
      if (this.#quote !== NO_QUOTE) {
        const inputStart = this.#parser.inputStart;
        for (let f = 0; f < n; f++) {
          const kind = kinds[f]!;
          const start = starts[f]!;
          if (kind !== FieldKind.PLAIN || (start > inputStart && buf[start - 1] === this.#quote)) {
            this.#quotedFields++;
          }
          if (kind === FieldKind.QUOTED_THEN_TEXT) this.#textAfterQuote = this.#counts.length;
        }
      }
      if (blank) return; // blank lines say nothing about the dialect
      this.#lastLine = line;
      this.#counts.push(n);
      return;
    }
    // Comment lines skipped before this record are not part of it: it starts after them, at
    // its line (whose end offset the scanner tells, not its start).
    const start = this.#nextStart;
    this.#nextStart = endOffset;
    if (blank) return;
    if (this.#records.length >= MAX_SAMPLE_RECORDS) {
      this.#capped = true;
      return;
    }
    const fields: Uint8Array[] = [];
    // Copies: the scanner reuses its regions.
    for (let f = 0; f < n; f++) fields.push(new Uint8Array(buf.subarray(starts[f]!, ends[f]!)));
    this.#records.push(fields);
    this.#lines.push(line);
    this.#starts.push(start);
  }

  /**
   * The record after the last one starts on `line`: if the last one had text after a closing
   * quote and ran across a line break, it was a stray quote's run.
   */
  #endRecord(line: number): void {
    const at = this.#textAfterQuote;
    if (at < 0) return;
    this.#textAfterQuote = -1;
    if (line - this.#lastLine > 1) {
      this.#counts[at] = -1;
      this.#strayLines.push(this.#lastLine);
    }
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

  /** Scans the sample; true when it ended inside a quoted field that was never closed. */
  #scan(
    sample: Uint8Array,
    complete: boolean,
    delimiter: number,
    quote: number,
    comment: CommentRule,
  ): boolean {
    const parser = this.#parser;
    parser.restart(delimiter, quote, comment);
    try {
      parser.push(sample);
      if (complete) parser.end();
    } catch (error) {
      // Malformed input: judge the dialect by the records before the fault; the real parse
      // then reports the fault with its line.
      if (!isProfileError(error)) throw error;
      this.#errorLine = error.line ?? parser.line;
      return error.code === ProfileErrorCode.MALFORMED_CSV;
    }
    return false;
  }
}

/** True when `bytes` holds an LF or a CR. */
function hasLineBreak(bytes: Uint8Array): boolean {
  return bytes.indexOf(Byte.LF) !== -1 || bytes.indexOf(Byte.CR) !== -1;
}
