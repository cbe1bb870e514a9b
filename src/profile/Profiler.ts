import { isAscii } from 'node:buffer';
import { DEFAULTS } from './constants.js';
import { InputDecoder } from './decode/InputDecoder.js';
import { ProfileError, ProfileErrorCode } from './errors.js';
import { KernelMemory } from './kernel/Kernel.js';
import { KernelRowDeduplicator } from './kernel/KernelRowDeduplicator.js';
import { lineEnding } from './lineEnding.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { KernelCsvParser } from './parse/KernelCsvParser.js';
import type { RecordSink } from './parse/RecordSink.js';
import { RowBatch } from './RowBatch.js';
import { type SniffResult, sniffDialect } from './sniff/sniffDialect.js';
import type { HeadPlan, PieceProfiler, PieceSetup } from './split/types.js';
import { ColumnState } from './state/ColumnState.js';
import type { LiveState } from './state/LiveState.js';
import type { ProfileState } from './state/types.js';
import { buildSummary } from './summary.js';
import type { Dialect, ProfileOptions, Summary } from './types.js';

/** Thrown by a head profiler once its first record set the columns: the rest is not needed. */
const PLAN_READY = Symbol('the head plan is ready');

/** Largest slice of input given to the parser in one push. */
const MAX_PARSER_PUSH = 1 << 20;

/** The push machine: bytes in, a {@link Summary} out. */
export interface Profiler {
  /** Feeds the next chunk of the file (any size, split anywhere). */
  push(chunk: Uint8Array): void;
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
 * A profiler of one piece of a split file: it parses with the head's dialect from its first
 * byte (no sniffing), and, unless it is the first piece, with the head's columns (its first
 * record is data). split/profilePiece.ts drives it; split/ owns the rules.
 */
export function createPieceProfiler(options: ProfileOptions, setup: PieceSetup): PieceProfiler {
  return new StreamingProfiler(resolveOptions(options), setup);
}

/**
 * What a split needs from a file's head (its first bytes, `final` when they are the whole file):
 * the dialect exactly as a profile of the file sniffs it, and the columns its first record
 * sets; null when the head holds no complete first record.
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
  readonly #decoder: InputDecoder;
  #sample: Uint8Array[] | null = [];
  #sampleSize = 0;
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
  /** The parser's next line once the memory is released. */
  #finalLine = 1;
  #blankRows = 0;
  readonly #blankLines: number[] = [];
  #tooMany = 0;
  readonly #tooManyLines: number[] = [];
  #tooFew = 0;
  readonly #tooFewLines: number[] = [];
  readonly #dedupe: KernelRowDeduplicator;
  /** Rows of the current parser call, profiled column by column when it returns. */
  readonly #batch = new RowBatch(this.#memory);
  #ended = false;
  /** True while every text byte so far is ASCII (string lengths are then byte lengths). */
  #ascii = true;

  constructor(options: ResolvedOptions, piece: PieceSetup | null = null) {
    this.#o = options;
    this.#piece = piece;
    this.#decoder = new InputDecoder((utf8) => this.#onText(utf8), options.encoding, {
      maxDecompressedBytes: options.maxDecompressedBytes,
      maxCompressionRatio: options.maxCompressionRatio,
    });
    this.#dedupe = new KernelRowDeduplicator(
      this.#memory,
      options.duplicateRowLimit,
      options.sampleLines,
    );
    if (piece !== null) this.#startPiece(piece);
  }

  /** A piece parses from its first byte with the head's dialect (and columns, after the first). */
  #startPiece(piece: PieceSetup): void {
    if (piece.encoding !== 'detect') this.#decoder.continueAs(piece.encoding);
    if (piece.duplicates !== null) this.#dedupe.seed(piece.duplicates);
    this.#sample = null;
    const d = piece.dialect;
    this.#openParser(
      {
        delimiter: d.delimiter.charCodeAt(0),
        quote: d.quote.charCodeAt(0),
        header: d.header,
        decimalComma: d.decimal === ',',
      },
      d,
    );
    if (piece.columns !== null) this.#setColumns([...piece.columns]);
  }

  /** True while every text byte so far is ASCII. */
  get ascii(): boolean {
    return this.#ascii;
  }

  /** Line the next record starts on. */
  get line(): number {
    if (this.#finalRows >= 0) return this.#finalLine;
    return this.#parser!.line;
  }

  /** Raw bytes pushed that no record holds yet: held by the decoder, then carried by the parser. */
  pending(): { held: number; carried: Uint8Array } {
    return { held: this.#decoder.heldBytes, carried: this.#parser!.pending() };
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
    };
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
    if (this.#ascii && !isAscii(utf8)) {
      this.#ascii = false;
      this.#batch.asciiOnly = false;
    }
    if (this.#parser !== null) {
      this.#chooseRowPath();
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
    if (this.#sampleSize >= this.#o.sampleBytes) this.#startParsing(false);
  }

  #startParsing(complete: boolean): void {
    const sample = concatAll(this.#sample!, this.#sampleSize);
    this.#sample = null;
    const o = this.#o;
    const sniffed = sniffDialect(sample, complete, {
      delimiter: o.delimiter,
      quote: o.quote,
      header: o.header,
      decimalComma: o.decimal === undefined ? undefined : o.decimal === ',',
      nullTokens: o.nullTokens,
    });
    this.#openParser(sniffed, {
      delimiter: String.fromCharCode(sniffed.delimiter),
      quote: String.fromCharCode(sniffed.quote),
      line_ending: 'none',
      header: sniffed.header,
      decimal: sniffed.decimalComma ? ',' : '.',
      sniffed: {
        delimiter: o.delimiter === undefined,
        quote: o.quote === undefined,
        header: o.header === undefined,
        decimal: o.decimal === undefined,
      },
    });
    if (sample.length > 0) {
      try {
        this.#pushSlices(sample);
      } finally {
        this.#flushBatch();
      }
    }
  }

  /** Sets the dialect and opens the parser (with a piece's first line and CR state). */
  #openParser(sniffed: SniffResult, dialect: Dialect): void {
    const o = this.#o;
    this.#dialect = { ...dialect, line_ending: 'none', sniffed: { ...dialect.sniffed } };
    this.#batch.configure(o.nullTokens, sniffed.decimalComma);
    this.#parser = new KernelCsvParser(
      this,
      {
        delimiter: sniffed.delimiter,
        quote: sniffed.quote,
        maxFieldBytes: o.maxFieldBytes,
        maxRecordBytes: Math.max(DEFAULTS.maxRecordBytes, o.maxFieldBytes * 2),
        maxColumns: o.maxColumns,
        separateEscaped: true,
        firstLine: this.#piece?.firstLine ?? 1,
        crSeen: this.#piece?.crSeen ?? false,
      },
      this.#memory,
    );
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

  /**
   * Once the columns are known, records go from the kernel scanner straight into the row batch;
   * only while a switch to Windows-1252 is pending do they come through {@link record}, which
   * finds the line the switch happened on.
   */
  #chooseRowPath(): void {
    if (this.#columns === null) return;
    const decoder = this.#decoder;
    const fallbackPending = decoder.fallbackOffset >= 0 && decoder.info.fallback_from_line === null;
    if (fallbackPending) this.#parser!.setRowTarget(0);
    else this.#parser!.setRowTarget(this.#batch.blockAt, () => this.#flushBatch());
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
    const decoder = this.#decoder;
    if (decoder.fallbackOffset >= 0 && decoder.info.fallback_from_line === null) {
      if (endOffset > decoder.fallbackOffset) decoder.info.fallback_from_line = line;
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
        if (this.planOnly) throw PLAN_READY;
        this.#chooseRowPath();
        return;
      }
      if (this.planOnly) {
        this.#initColumns(buf, starts, ends, n, alt, inAlt);
        throw PLAN_READY;
      }
      // The first row is data. Setting up the columns grows kernel memory, which detaches the
      // parser's views this record is in: profile a copy of it, as a batch of its own.
      const copy = copyRecord(buf, starts, ends, n, alt, inAlt);
      columns = this.#initColumns(copy.buf, copy.starts, copy.ends, n, copy.buf, copy.inAlt);
      this.#rows++;
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
      names = Array.from({ length: n }, (_, i) => `column_${i + 1}`);
    }
    return this.#setColumns(names);
  }

  /** Sets up the columns of `names` (from the first record, or a piece's from the head). */
  #setColumns(names: string[]): ColumnState[] {
    const o = this.#o;
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
    return {
      fileName: this.#o.fileName,
      bytes: this.#decoder.bytesIn,
      encoding: { ...this.#decoder.info },
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
