import { isAscii } from 'node:buffer';
import { ColumnAccumulator, type ColumnStateJson } from './ColumnAccumulator.js';
import { DEFAULTS } from './constants.js';
import { InputDecoder } from './decode/InputDecoder.js';
import { ProfileError, ProfileErrorCode } from './errors.js';
import { type CellClassifier, createClassifier, DEFAULT_NULL_TOKENS } from './infer/index.js';
import { KernelMemory } from './kernel/Kernel.js';
import { KernelRowDeduplicator } from './kernel/KernelRowDeduplicator.js';
import type { RecordSink } from './parse/CsvParser.js';
import { KernelCsvParser } from './parse/KernelCsvParser.js';
import { RowBatch } from './RowBatch.js';
import {
  RowDeduplicator,
  type RowDeduplicatorJson,
  type RowDuplicates,
} from './RowDeduplicator.js';
import { sniffDialect } from './sniff/sniffDialect.js';
import { buildSummary, hydrateState } from './summary.js';
import type { Dialect, EncodingInfo, LineEnding, ProfileOptions, Summary } from './types.js';

/** Largest slice of input given to the parser in one push. */
const MAX_PARSER_PUSH = 1 << 20;

/** Options with every default filled in. */
export interface ResolvedOptions {
  fileName: string | null;
  delimiter: number | undefined;
  quote: number | undefined;
  header: boolean | undefined;
  decimal: '.' | ',' | undefined;
  encoding: ProfileOptions['encoding'];
  nullTokens: readonly string[];
  typeThreshold: number;
  sampleBytes: number;
  maxFieldBytes: number;
  maxColumns: number;
  exactDistinctLimit: number;
  duplicateRowLimit: number;
  sampleLines: number;
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
}

/** Serializable state of a profile: what {@link mergeStates} combines. */
export interface ProfileState {
  state_version: 1;
  fileName: string | null;
  bytes: number;
  encoding: EncodingInfo;
  dialect: Dialect;
  headerNames: string[] | null;
  /** Header cells as read, for the header issues (null without a header). */
  rawHeader: string[] | null;
  rows: number;
  blankRows: number;
  blankLines: number[];
  tooMany: number;
  tooManyLines: number[];
  tooFew: number;
  tooFewLines: number[];
  lineEndings: { lf: number; crlf: number; cr: number };
  duplicates: RowDeduplicatorJson;
  columns: ColumnStateJson[];
}

/** A profile's state with its live accumulators (what the summary is built from). */
export interface LiveState extends Omit<ProfileState, 'state_version' | 'duplicates' | 'columns'> {
  duplicates: RowDuplicates;
  columns: ColumnAccumulator[];
}

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

/** Resolves and validates options, filling defaults. */
export function resolveOptions(options: ProfileOptions = {}): ResolvedOptions {
  const oneChar = (value: string | undefined, what: string): number | undefined => {
    if (value === undefined) return undefined;
    const text = value === '\\t' || value === 'tab' ? '\t' : value;
    if (text.length !== 1 || text.charCodeAt(0) > 127) {
      throw new RangeError(`${what} must be one ASCII character, got ${JSON.stringify(value)}`);
    }
    return text.charCodeAt(0);
  };
  return {
    fileName: options.fileName ?? null,
    delimiter: oneChar(options.delimiter, 'delimiter'),
    quote: oneChar(options.quote, 'quote'),
    header: options.header,
    decimal: options.decimal,
    encoding: options.encoding,
    nullTokens: options.nullTokens ?? DEFAULT_NULL_TOKENS,
    typeThreshold: options.typeThreshold ?? DEFAULTS.typeThreshold,
    sampleBytes: options.sampleBytes ?? DEFAULTS.sampleBytes,
    maxFieldBytes: options.maxFieldBytes ?? DEFAULTS.maxFieldBytes,
    maxColumns: options.maxColumns ?? DEFAULTS.maxColumns,
    exactDistinctLimit: options.exactDistinctLimit ?? DEFAULTS.exactDistinctLimit,
    duplicateRowLimit: options.duplicateRowLimit ?? DEFAULTS.duplicateRowLimit,
    sampleLines: options.sampleLines ?? DEFAULTS.sampleLines,
    maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULTS.maxDecompressedBytes,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULTS.maxCompressionRatio,
  };
}

/**
 * Creates a streaming profiler. Example:
 * `const p = createProfiler({ fileName: 'a.csv' }); p.push(bytes); const summary = p.end();`
 */
export function createProfiler(options: ProfileOptions = {}): Profiler {
  return new StreamingProfiler(resolveOptions(options));
}

class StreamingProfiler implements Profiler, RecordSink {
  readonly #o: ResolvedOptions;
  readonly #decoder: InputDecoder;
  #sample: Uint8Array[] | null = [];
  #sampleSize = 0;
  #parser: KernelCsvParser | null = null;
  /** Memory of the WebAssembly kernel that parses and profiles this file's rows. */
  readonly #memory = KernelMemory.acquire();
  #dialect: Dialect | null = null;
  #classify: CellClassifier | null = null;
  #columns: ColumnAccumulator[] | null = null;
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
  readonly #dedupe: KernelRowDeduplicator;
  /** Rows of the current parser call, profiled column by column when it returns. */
  readonly #batch = new RowBatch(this.#memory);
  #ended = false;
  /** True while every text byte so far is ASCII (string lengths are then byte lengths). */
  #ascii = true;

  constructor(options: ResolvedOptions) {
    this.#o = options;
    this.#decoder = new InputDecoder((utf8) => this.#onText(utf8), options.encoding, {
      maxDecompressedBytes: options.maxDecompressedBytes,
      maxCompressionRatio: options.maxCompressionRatio,
    });
    this.#dedupe = new KernelRowDeduplicator(
      this.#memory,
      options.duplicateRowLimit,
      options.sampleLines,
    );
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
      if (this.#columns !== null) for (const column of this.#columns) column.asciiOnly = false;
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
    this.#dialect = {
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
    };
    this.#classify = createClassifier({
      nullTokens: o.nullTokens,
      decimalComma: sniffed.decimalComma,
    });
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
      },
      this.#memory,
    );
    if (sample.length > 0) {
      try {
        this.#pushSlices(sample);
      } finally {
        this.#flushBatch();
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
        this.#chooseRowPath();
        return;
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
  ): ColumnAccumulator[] {
    const o = this.#o;
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
    this.#headerNames = names;
    const options = { exactDistinctLimit: o.exactDistinctLimit, sampleLines: o.sampleLines };
    const columns = names.map((name) => new ColumnAccumulator(name, this.#classify!, options));
    for (const column of columns) column.asciiOnly = this.#ascii;
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

function lineEnding(e: { lf: number; crlf: number; cr: number }): LineEnding {
  const kinds = (e.lf > 0 ? 1 : 0) + (e.crlf > 0 ? 1 : 0) + (e.cr > 0 ? 1 : 0);
  if (kinds === 0) return 'none';
  if (kinds > 1) return 'mixed';
  return e.lf > 0 ? 'LF' : e.crlf > 0 ? 'CRLF' : 'CR';
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

/** Builds the summary of a serialized (e.g. merged) {@link ProfileState}. */
export function summarizeState(state: ProfileState, options: ProfileOptions = {}): Summary {
  const o = resolveOptions(options);
  return buildSummary(hydrateState(state, o), o);
}

/** Combines the state of a file's first part with the state of the rows that follow it. */
export function mergeStates(
  a: ProfileState,
  b: ProfileState,
  options: ProfileOptions = {},
): ProfileState {
  const o = resolveOptions(options);
  if (a.columns.length !== b.columns.length) {
    throw new RangeError(
      `Cannot merge profiles of ${a.columns.length} and ${b.columns.length} columns`,
    );
  }
  const classify = createClassifier({
    nullTokens: o.nullTokens,
    decimalComma: a.dialect.decimal === ',',
  });
  const colOptions = { exactDistinctLimit: o.exactDistinctLimit, sampleLines: o.sampleLines };
  const columns = a.columns.map((json, i) => {
    const col = ColumnAccumulator.fromJSON(json, classify, colOptions);
    col.merge(ColumnAccumulator.fromJSON(b.columns[i]!, classify, colOptions));
    return col.toJSON();
  });
  const take = (x: number[], y: number[]): number[] => [...x, ...y].slice(0, o.sampleLines);
  const dedupe = RowDeduplicator.fromJSON(a.duplicates, o.sampleLines);
  dedupe.merge(RowDeduplicator.fromJSON(b.duplicates, o.sampleLines));
  const lineEndings = {
    lf: a.lineEndings.lf + b.lineEndings.lf,
    crlf: a.lineEndings.crlf + b.lineEndings.crlf,
    cr: a.lineEndings.cr + b.lineEndings.cr,
  };
  return {
    ...a,
    bytes: a.bytes + b.bytes,
    encoding: {
      ...a.encoding,
      fallback_from_line: a.encoding.fallback_from_line ?? b.encoding.fallback_from_line,
      name: a.encoding.fallback_from_line === null ? b.encoding.name : a.encoding.name,
    },
    dialect: { ...a.dialect, line_ending: lineEnding(lineEndings) },
    rows: a.rows + b.rows,
    blankRows: a.blankRows + b.blankRows,
    blankLines: take(a.blankLines, b.blankLines),
    tooMany: a.tooMany + b.tooMany,
    tooManyLines: take(a.tooManyLines, b.tooManyLines),
    tooFew: a.tooFew + b.tooFew,
    tooFewLines: take(a.tooFewLines, b.tooFewLines),
    lineEndings,
    duplicates: dedupe.toJSON(),
    columns,
  };
}
