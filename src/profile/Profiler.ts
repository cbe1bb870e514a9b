import { Byte, DEFAULTS, NO_QUOTE } from './constants.js';
import { rejectBinaryText } from './decode/binary.js';
import { InputDecoder } from './decode/InputDecoder.js';
import { ProfileError, ProfileErrorCode } from './errors.js';
import { valueTokenMask } from './kernel/configureClassifier.js';
import { KernelMemory } from './kernel/Kernel.js';
import { KernelRowDeduplicator } from './kernel/KernelRowDeduplicator.js';
import { lineEnding } from './lineEnding.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { KernelCsvParser } from './parse/KernelCsvParser.js';
import {
  type CommentRule,
  FieldKind,
  NO_COMMENT_RULE,
  type RecordSink,
} from './parse/RecordSink.js';
import { RowBatch } from './RowBatch.js';
import { type SniffResult, sniffDialect } from './sniff/sniffDialect.js';
import type { HeadPlan, PieceProfiler, PieceSetup } from './split/types.js';
import { ColumnState } from './state/ColumnState.js';
import type { LiveState } from './state/LiveState.js';
import type { LineCount, ProfileState } from './state/types.js';
import { buildSummary } from './summary.js';
import type { Dialect, ProfileOptions, Summary } from './types.js';

/** Thrown by a head profiler once its first record set the columns: the rest is not needed. */
const PLAN_READY = Symbol('the head plan is ready');

/** Largest slice of input given to the parser in one push. */
const MAX_PARSER_PUSH = 1 << 20;
/**
 * The sniffer's sample holds at least this many line breaks beyond `sampleBytes` (so that wide
 * rows give it records to judge, quoted fields among them), up to MAX_SAMPLE_FACTOR times
 * `sampleBytes`.
 */
const MIN_SAMPLE_LINES = 10;
const MAX_SAMPLE_FACTOR = 64;

/** The push machine: bytes in, a {@link Summary} out. */
export interface Profiler {
  /** Feeds the next chunk of the file (any size, split anywhere). */
  push(chunk: Uint8Array): void;
  /**
   * Feeds the next chunk of a gzip file's output, inflated by the caller (decode/nativeGunzip.ts),
   * `compressedBytes` being the compressed bytes read so far: the same profile as push() of the
   * compressed bytes. Call with an empty chunk and the total once the input is read.
   */
  pushInflated(chunk: Uint8Array, compressedBytes: number): void;
  /** Ends the input and returns the summary. Throws {@link ProfileError} if it cannot be profiled. */
  end(): Summary;
  /** Ends the input and returns the mergeable state instead of the summary. */
  endState(): ProfileState;
  /** Raw bytes pushed so far. */
  readonly bytesIn: number;
  /** Data rows profiled so far. */
  readonly rows: number;
}

/**
 * Creates a streaming profiler. Example:
 * `const p = createProfiler({ fileName: 'a.csv' }); p.push(bytes); const summary = p.end();`
 */
export function createProfiler(options: ProfileOptions = {}): Profiler {
  return new StreamingProfiler(resolveOptions(options));
}

/**
 * A profiler of one piece of a split file: it parses with the head's dialect (no sniffing) and,
 * unless it is the first piece, from its first byte with the head's columns (its first record
 * is data). split/profilePiece.ts drives it; split/ owns the rules.
 */
export function createPieceProfiler(options: ProfileOptions, setup: PieceSetup): PieceProfiler {
  return new StreamingProfiler(resolveOptions(options), setup);
}

/**
 * What a split needs from a file's head (its first bytes, `final` when they are the whole file):
 * the sniffer's result exactly as a profile of the file gets it, and the columns its first
 * record sets; null when the head holds no complete first record.
 */
export function readHeadPlan(
  head: Uint8Array,
  final: boolean,
  options: ProfileOptions = {},
): HeadPlan | null {
  const profiler = new StreamingProfiler(resolveOptions(options));
  profiler.planOnly = true;
  try {
    try {
      profiler.push(head);
    } catch (error) {
      if (error !== PLAN_READY) throw error;
    }
    return profiler.headPlan(final);
  } finally {
    profiler.abandon();
  }
}

class StreamingProfiler implements PieceProfiler, RecordSink {
  readonly #o: ResolvedOptions;
  /** Set when this profiler runs one piece of a split file. */
  readonly #piece: PieceSetup | null;
  /** What the sniffer decided (given to the pieces of a split file). */
  #sniffed: SniffResult | null = null;
  /** The parser's next line once the memory is released. */
  #finalLine = 1;
  readonly #decoder: InputDecoder;
  #sample: Uint8Array[] | null = [];
  #sampleSize = 0;
  /** Line breaks in the sample, counted up to MIN_SAMPLE_LINES. */
  #sampleLines = 0;
  #parser: KernelCsvParser | null = null;
  /** Memory of the WebAssembly kernel that parses and profiles this file's rows. */
  readonly #memory = KernelMemory.acquire();
  #dialect: Dialect | null = null;
  #columns: ColumnState[] | null = null;
  #headerNames: string[] | null = null;
  #rawHeader: string[] | null = null;
  #rows = 0;
  /** Data rows once the memory is released (-1 before). */
  #finalRows = -1;
  #blankRows = 0;
  readonly #blankLines: number[] = [];
  #tooMany = 0;
  readonly #tooManyLines: number[] = [];
  #tooFew = 0;
  readonly #tooFewLines: number[] = [];
  /** Records (through `record`) with text after a closing quote. */
  readonly #malformed: LineCount = { count: 0, lines: [] };
  readonly #dedupe: KernelRowDeduplicator;
  /** Rows of the current parser call, profiled column by column when it returns. */
  readonly #batch = new RowBatch(this.#memory);
  #ended = false;
  /** Lines decoded as Windows-1252 (the first `sampleLines` of them, as they are located). */
  readonly #fallbackLines: number[] = [];
  /** Text offsets of lines decoded as Windows-1252 while the sample is gathered. */
  #fallbackOffsets: number[] = [];
  /** The text so far ends with a line break (so the parser's next line holds nothing). */
  #endsWithBreak = false;
  /** What the sniffer skipped before the table (comment and preamble lines). */
  #skipped: Pick<SniffResult, 'commentLines' | 'preambleLines'> = {
    commentLines: [],
    preambleLines: [],
  };
  readonly #skippedControls: LineCount = { count: 0, lines: [] };
  /** Which of the table's lines are comments (set on the parser once the header is read). */
  #comment: CommentRule = NO_COMMENT_RULE;
  /** Without a header: the sniffed width of the table (the widest record of the sample). */
  #width = 0;
  /** Per column, the null tokens it reads as values (sniff/valueTokens.ts). */
  #valueTokens: string[][] = [];

  constructor(options: ResolvedOptions, piece: PieceSetup | null = null) {
    this.#o = options;
    this.#piece = piece;
    this.#decoder = new InputDecoder((utf8) => this.#onText(utf8), options.encoding, {
      maxDecompressedBytes: options.maxDecompressedBytes,
      maxCompressionRatio: options.maxCompressionRatio,
    });
    this.#decoder.onFallback = (offset) => this.#onFallback(offset);
    this.#dedupe = new KernelRowDeduplicator(
      this.#memory,
      options.duplicateRowLimit,
      options.sampleLines,
    );
    if (piece !== null) this.#startPiece(piece);
  }

  /**
   * A piece decodes as the whole file's decoder would at its start. The first reads the lines
   * before the table itself, then parses as one pass does; a later one parses from its first
   * byte with the head's columns.
   */
  #startPiece(piece: PieceSetup): void {
    if (piece.encoding !== 'detect') this.#decoder.continueAs(piece.encoding);
    if (piece.duplicates !== null) this.#dedupe.seed(piece.duplicates);
    if (piece.columns === null) return;
    this.#sample = null;
    this.#openParser(piece.sniff, false);
    this.#setColumns([...piece.columns]);
    this.#chooseRowPath();
  }

  /** True while every text byte so far is ASCII. */
  get ascii(): boolean {
    return this.#decoder.asciiOnly;
  }

  /** Line the next record starts on. */
  get line(): number {
    if (this.#finalRows >= 0) return this.#finalLine;
    return this.#parser!.line;
  }

  /**
   * Raw bytes pushed that no record holds yet: carried by the parser, then held by the decoder.
   * The first piece may not have started parsing (its first line waits in the decoder): it
   * starts now, the lines before the table being in (planSplit cuts after them).
   */
  pending(): { held: Uint8Array; carried: Uint8Array } {
    if (this.#parser === null) {
      if (this.#sampleSize < this.#piece!.sniff.skipBytes) {
        throw new Error('a first piece must hold the lines before the table');
      }
      this.#startParsing(false);
    }
    return { held: this.#decoder.heldBytes(), carried: this.#parser!.pending() };
  }

  /** Set on a head profiler: it stops at its first record (see {@link readHeadPlan}). */
  planOnly = false;

  /** The head's plan (see {@link readHeadPlan}); null before a first complete record. */
  headPlan(final: boolean): HeadPlan | null {
    if (this.#parser === null) {
      if (!final) return null;
      try {
        this.#decoder.end();
        if (this.#parser === null) this.#startParsing(true);
      } catch (error) {
        if (error !== PLAN_READY) throw error;
      }
    }
    if (this.#columns === null) return null;
    return {
      dialect: { ...this.#dialect!, sniffed: { ...this.#dialect!.sniffed } },
      columns: [...this.#headerNames!],
      sniff: structuredClone(this.#sniffed!),
      firstRecordEnd: this.#firstRecordEnd,
    };
  }

  /** Text offset after the first record (a head profiler's, see {@link headPlan}). */
  #firstRecordEnd = 0;

  /** A head profiler stops once its first record set the columns. */
  #planReady(endOffset: number): never {
    this.#firstRecordEnd = endOffset;
    throw PLAN_READY;
  }

  /** Gives up the profile and hands the kernel memory back. */
  abandon(): void {
    if (this.#finalRows >= 0) return;
    this.#ended = true;
    this.#release();
  }

  get bytesIn(): number {
    return this.#decoder.bytesIn;
  }

  get rows(): number {
    if (this.#finalRows >= 0) return this.#finalRows;
    return this.#rows + (this.#columns === null ? 0 : this.#batch.rowCounts().dataRows);
  }

  push(chunk: Uint8Array): void {
    if (this.#ended) throw new Error('push() after end()');
    this.#decoder.push(chunk);
  }

  pushInflated(chunk: Uint8Array, compressedBytes: number): void {
    if (this.#ended) throw new Error('pushInflated() after end()');
    this.#decoder.pushInflated(chunk, compressedBytes);
  }

  end(): Summary {
    const summary = buildSummary(this.#finish(), this.#o);
    this.#release();
    return summary;
  }

  endState(): ProfileState {
    const live = this.#finish();
    const state: ProfileState = {
      ...live,
      state_version: 1,
      duplicates: live.duplicates.toJSON(),
      columns: live.columns.map((c) => c.toJSON()),
    };
    this.#release();
    return state;
  }

  /** Hands the kernel memory back (everything read from it is copied out by now). */
  #release(): void {
    if (this.#parser !== null) this.#finalLine = this.#parser.line;
    this.#finalRows = this.rows;
    this.#memory.release();
  }

  #finish(): LiveState {
    if (this.#ended) throw new Error('end() called twice');
    this.#ended = true;
    this.#decoder.end();
    if (this.#parser === null) this.#startParsing(true);
    try {
      this.#parser!.end();
    } finally {
      this.#flushBatch();
    }
    if (this.#columns !== null) this.#batch.exportStates(this.#columns);
    if (this.#columns === null) {
      throw new ProfileError(
        ProfileErrorCode.EMPTY_FILE,
        this.#decoder.bytesIn === 0
          ? 'The file is empty'
          : 'The file has no rows, only blank lines',
      );
    }
    return this.#state();
  }

  #onText(utf8: Uint8Array): void {
    if (!this.#decoder.asciiOnly) this.#batch.asciiOnly = false;
    const last = utf8[utf8.length - 1];
    this.#endsWithBreak = last === Byte.LF || last === Byte.CR;
    if (this.#parser !== null) {
      try {
        this.#pushSlices(utf8);
      } finally {
        this.#flushBatch();
      }
      return;
    }
    // Copy: the sample outlives the caller's chunk.
    this.#sample!.push(new Uint8Array(utf8));
    this.#sampleSize += utf8.length;
    if (this.#sampleLines < MIN_SAMPLE_LINES)
      this.#sampleLines += lineBreaks(utf8, MIN_SAMPLE_LINES);
    // The first piece of a split file has the head's sniff: it needs the lines before the table.
    const given = this.#piece?.sniff;
    const enough =
      given !== undefined
        ? this.#sampleSize >= given.skipBytes
        : this.#sampleSize >= this.#o.sampleBytes &&
          (this.#sampleLines >= MIN_SAMPLE_LINES ||
            this.#sampleSize >= this.#o.sampleBytes * MAX_SAMPLE_FACTOR);
    if (enough) this.#startParsing(false);
  }

  /** A line decoded as Windows-1252 starts at text offset `offset`: find its line. */
  #onFallback(offset: number): void {
    if (this.#fallbackLines.length + this.#fallbackOffsets.length >= this.#o.sampleLines) return;
    if (this.#parser === null) this.#fallbackOffsets.push(offset);
    else this.#parser.locate(offset, (line) => this.#fallbackLines.push(line));
  }

  #startParsing(complete: boolean): void {
    const sample = concatAll(this.#sample!, this.#sampleSize);
    this.#sample = null;
    const o = this.#o;
    // The first piece of a split file: the head was checked and sniffed (readHeadPlan).
    let sniffed = this.#piece?.sniff;
    if (sniffed === undefined) {
      rejectBinaryText(sample);
      sniffed = sniffDialect(sample, complete, {
        delimiter: o.delimiter,
        quote: o.quote,
        header: o.header,
        decimalComma: o.decimal === undefined ? undefined : o.decimal === ',',
        nullTokens: o.nullTokens,
      });
    }
    this.#openParser(sniffed, true);
    // Quotes the sniffer found running astray (and so read none) are reported from the sample.
    const stray = sniffed.strayQuoteLines;
    this.#malformed.count += stray.length;
    this.#malformed.lines.push(...stray.slice(0, o.sampleLines));
    // The lines before the table (comment lines, a preamble) are not parsed: their control
    // characters and fallback lines are found here, their lines counted from the sample.
    const skip = sniffed.skipBytes;
    this.#skipped = sniffed;
    if (skip > 0) this.#scanSkipped(sample.subarray(0, skip));
    for (const offset of this.#fallbackOffsets) {
      if (offset < skip) this.#fallbackLines.push(1 + lineBreaksBefore(sample, offset));
      else this.#parser!.locate(offset, (line) => this.#fallbackLines.push(line));
    }
    this.#fallbackOffsets = [];
    if (sample.length > skip) {
      try {
        this.#pushSlices(sample.subarray(skip));
      } finally {
        this.#flushBatch();
      }
    }
  }

  /**
   * Sets the dialect and opens the parser: at the table's start (`head`: after the lines the
   * sniffer skipped), or at a later piece's first byte, on its first line.
   */
  #openParser(sniffed: SniffResult, head: boolean): void {
    const o = this.#o;
    this.#sniffed = sniffed;
    this.#dialect = {
      delimiter: String.fromCharCode(sniffed.delimiter),
      quote: sniffed.quote === NO_QUOTE ? '' : String.fromCharCode(sniffed.quote),
      line_ending: 'none',
      header: sniffed.header,
      decimal: sniffed.decimalComma ? ',' : '.',
      sniffed: {
        delimiter: o.delimiter === undefined,
        quote: o.quote === undefined,
        header: o.header === undefined,
        decimal: o.decimal === undefined,
      },
    };
    this.#batch.configure(o.nullTokens, sniffed.decimalComma);
    this.#valueTokens = sniffed.valueTokens;
    this.#batch.setValueTokens(sniffed.valueTokens.map((t) => valueTokenMask(o.nullTokens, t)));
    this.#comment = sniffed.comment;
    this.#width = sniffed.width;
    this.#parser = new KernelCsvParser(
      this,
      {
        delimiter: sniffed.delimiter,
        quote: sniffed.quote,
        maxFieldBytes: o.maxFieldBytes,
        maxRecordBytes: Math.max(DEFAULTS.maxRecordBytes, o.maxFieldBytes * 2),
        maxColumns: o.maxColumns,
        separateEscaped: true,
        controlLines: o.sampleLines,
        commentLines: o.sampleLines,
        firstLine: head ? sniffed.skipLines + 1 : this.#piece!.firstLine,
        firstOffset: head ? sniffed.skipBytes : 0,
        crSeen: this.#piece?.crSeen ?? false,
        // Every # line is a comment from the table's first line, unless that one is the header
        // (a later piece's rule is set with its columns).
        comment:
          head && sniffed.comment.all && !sniffed.commentHeader ? sniffed.comment : NO_COMMENT_RULE,
      },
      this.#memory,
    );
  }

  /** Control characters of the lines before the table (`skipped`, the sample's start). */
  #scanSkipped(skipped: Uint8Array): void {
    for (let k = 0; k < skipped.length; k++) {
      const b = skipped[k]!;
      if (b >= 0x20 || b === Byte.TAB || b === Byte.LF || b === Byte.CR) continue;
      this.#skippedControls.count++;
      if (this.#skippedControls.lines.length < this.#o.sampleLines) {
        this.#skippedControls.lines.push(1 + lineBreaksBefore(skipped, k));
      }
    }
  }

  /**
   * Feeds the parser at most {@link MAX_PARSER_PUSH} bytes at a time: it copies each push into
   * kernel memory, which never shrinks, so one huge push would keep twice its size.
   */
  #pushSlices(utf8: Uint8Array): void {
    for (let at = 0; at < utf8.length; at += MAX_PARSER_PUSH) {
      this.#parser!.push(utf8.subarray(at, at + MAX_PARSER_PUSH));
    }
  }

  /** Once the columns are known, records go from the kernel scanner straight into the row batch. */
  #chooseRowPath(): void {
    if (this.#columns === null) return;
    this.#parser!.setRowTarget(this.#batch.blockAt, () => this.#flushBatch());
  }

  /** RecordSink: the parser is about to reuse its buffers. */
  flush(): void {
    this.#flushBatch();
  }

  /** Profiles the buffered rows (before the parser's buffer they point into changes). */
  #flushBatch(): void {
    if (this.#batch.rows > 0) this.#batch.flush(this.#columns!, this.#dedupe);
  }

  /** RecordSink: one complete record from the parser. */
  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    n: number,
    line: number,
    endOffset: number,
    alt: Uint8Array,
    inAlt: Uint8Array,
  ): void {
    for (let f = 0; f < n; f++) {
      if (inAlt[f] !== FieldKind.QUOTED_THEN_TEXT) continue;
      this.#malformed.count++;
      if (this.#malformed.lines.length < this.#o.sampleLines) this.#malformed.lines.push(line);
      break;
    }
    if (n === 1 && starts[0] === ends[0]) {
      this.#blankRows++;
      if (this.#blankLines.length < this.#o.sampleLines) this.#blankLines.push(line);
      return;
    }
    let columns = this.#columns;
    if (columns === null) {
      if (this.#dialect!.header) {
        this.#initColumns(buf, starts, ends, n, alt, inAlt);
        if (this.planOnly) this.#planReady(endOffset);
        this.#chooseRowPath();
        return;
      }
      if (this.planOnly) {
        this.#initColumns(buf, starts, ends, n, alt, inAlt);
        this.#planReady(endOffset);
      }
      // The first row is data. Setting up the columns grows kernel memory, which detaches the
      // parser's views this record is in: profile a copy of it, as a batch of its own.
      const copy = copyRecord(buf, starts, ends, n, alt, inAlt);
      columns = this.#initColumns(copy.buf, copy.starts, copy.ends, n, copy.buf, copy.inAlt);
      this.#rows++;
      // The table may be wider than its first row (the sniffer's widest record).
      if (n < columns.length) {
        this.#tooFew++;
        if (this.#tooFewLines.length < this.#o.sampleLines) this.#tooFewLines.push(line);
      }
      this.#batch.add(copy.buf, copy.starts, copy.ends, n, line, copy.buf, copy.inAlt);
      this.#flushBatch();
      this.#chooseRowPath();
      return;
    }
    const width = columns.length;
    this.#rows++;
    if (n !== width) {
      if (n > width) {
        this.#tooMany++;
        if (this.#tooManyLines.length < this.#o.sampleLines) this.#tooManyLines.push(line);
      } else {
        this.#tooFew++;
        if (this.#tooFewLines.length < this.#o.sampleLines) this.#tooFewLines.push(line);
      }
    }
    if (this.#batch.add(buf, starts, ends, n, line, alt, inAlt)) this.#flushBatch();
  }

  #initColumns(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    n: number,
    alt: Uint8Array,
    inAlt: Uint8Array,
  ): ColumnState[] {
    const decoder = new TextDecoder();
    let names: string[];
    if (this.#dialect!.header) {
      this.#rawHeader = [];
      for (let f = 0; f < n; f++) {
        const cell = inAlt[f] === 0 ? buf : alt;
        this.#rawHeader.push(decoder.decode(cell.subarray(starts[f]!, ends[f]!)));
      }
      names = uniqueNames(this.#rawHeader);
    } else {
      // Without a header, the table is as wide as the widest record of the sniffer's sample.
      names = Array.from({ length: Math.max(n, this.#width) }, (_, i) => `column_${i + 1}`);
    }
    return this.#setColumns(names);
  }

  /** Sets up the columns of `names` (from the first record, or a piece's from the head). */
  #setColumns(names: string[]): ColumnState[] {
    const o = this.#o;
    this.#parser!.setComment(this.#comment);
    this.#headerNames = names;
    const options = { exactDistinctLimit: o.exactDistinctLimit, sampleLines: o.sampleLines };
    const columns = names.map((name) => new ColumnState(name, options));
    this.#batch.setWidth(columns.length, o.sampleLines, o.exactDistinctLimit);
    this.#columns = columns;
    return columns;
  }

  #state(): LiveState {
    const endings = this.#parser!.lineEndings;
    this.#dialect!.line_ending = lineEnding(endings);
    // Rows the kernel scanned straight into batches, with those that came through `record`.
    const kernel = this.#batch.rowCounts();
    const lines = (a: number[], b: number[]): number[] =>
      [...a, ...b].sort((x, y) => x - y).slice(0, this.#o.sampleLines);
    const parser = this.#parser!;
    const fallbackLines = [...this.#fallbackLines];
    return {
      fileName: this.#o.fileName,
      bytes: this.#decoder.bytesIn,
      textBytes: this.#decoder.bytesOut,
      lines: parser.line - (this.#endsWithBreak ? 1 : 0),
      encoding: { ...this.#decoder.info, fallback_from_line: fallbackLines[0] ?? null },
      fallbackLines: { count: this.#decoder.fallbackLines, lines: fallbackLines },
      controlCharacters: {
        count: this.#skippedControls.count + parser.controls,
        lines: lines(this.#skippedControls.lines, parser.controlSampleLines),
      },
      commentLines: {
        count: this.#skipped.commentLines.length + parser.comments,
        lines: lines(this.#skipped.commentLines, parser.commentSampleLines),
      },
      skippedPreamble: {
        count: this.#skipped.preambleLines.length,
        lines: this.#skipped.preambleLines.slice(0, this.#o.sampleLines),
      },
      malformedQuotes: {
        count: this.#malformed.count + kernel.malformed,
        lines: lines(this.#malformed.lines, kernel.malformedLines),
      },
      dialect: this.#dialect!,
      headerNames: this.#headerNames,
      rawHeader: this.#rawHeader,
      rows: this.#rows + kernel.dataRows,
      blankRows: this.#blankRows + kernel.blankRows,
      blankLines: lines(this.#blankLines, kernel.blankLines),
      tooMany: this.#tooMany + kernel.tooMany,
      tooManyLines: lines(this.#tooManyLines, kernel.tooManyLines),
      tooFew: this.#tooFew + kernel.tooFew,
      tooFewLines: lines(this.#tooFewLines, kernel.tooFewLines),
      lineEndings: { ...endings },
      valueTokens: this.#columns!.map((_, c) => this.#valueTokens[c] ?? []),
      duplicates: this.#dedupe,
      columns: this.#columns!,
    };
  }
}

/** Header names made unique and non-blank: `name`, `name_2`; blank -> `column_N`. */
export function uniqueNames(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  raw.forEach((value, i) => {
    const base = value.trim() === '' ? `column_${i + 1}` : value.trim();
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    out.push(name);
  });
  return out;
}

/** A record's fields copied into a buffer of their own (offsets into it, none in `alt`). */
function copyRecord(
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  n: number,
  alt: Uint8Array,
  inAlt: Uint8Array,
): { buf: Buffer; starts: Int32Array; ends: Int32Array; inAlt: Uint8Array } {
  const parts: Uint8Array[] = [];
  const copyStarts = new Int32Array(n);
  const copyEnds = new Int32Array(n);
  let at = 0;
  for (let f = 0; f < n; f++) {
    const part = (inAlt[f] === 0 ? buf : alt).subarray(starts[f]!, ends[f]!);
    parts.push(part);
    copyStarts[f] = at;
    at += part.length;
    copyEnds[f] = at;
  }
  return {
    buf: Buffer.concat(parts, at),
    starts: copyStarts,
    ends: copyEnds,
    inAlt: new Uint8Array(n),
  };
}

/** Line breaks (LF, CRLF, lone CR) in `bytes` before offset `end`. */
function lineBreaksBefore(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let k = 0; k < end; k++) {
    const b = bytes[k];
    if (b === Byte.LF || (b === Byte.CR && bytes[k + 1] !== Byte.LF)) n++;
  }
  return n;
}

/** Line breaks (LF, or CR where no LF follows) in `text`, counted up to `max`. */
function lineBreaks(text: Uint8Array, max: number): number {
  const b = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  let n = 0;
  for (let at = b.indexOf(Byte.LF); at !== -1 && n < max; at = b.indexOf(Byte.LF, at + 1)) n++;
  if (n === 0) {
    for (let at = b.indexOf(Byte.CR); at !== -1 && n < max; at = b.indexOf(Byte.CR, at + 1)) n++;
  }
  return n;
}

function concatAll(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
