import { ProfileError, ProfileErrorCode } from '../errors.js';
import type { KernelMemory } from '../kernel/Kernel.js';
import { Scan as ScanCode, ScanState } from '../kernel/layout.generated.js';
import { ROWS_FULL, RowBlock } from '../kernel/rowBlock.js';
import {
  type CommentRule,
  type CsvParserOptions,
  NO_COMMENT,
  NO_COMMENT_RULE,
  type RecordSink,
} from './RecordSink.js';

/** Return codes of the kernel's `scanRecord` (generated: kernel/layout.generated.ts). */
const Scan = {
  NEED_INPUT: ScanCode.SCAN_NEED_INPUT,
  RECORD: ScanCode.SCAN_RECORD,
  DONE: ScanCode.SCAN_DONE,
  NEED_FIELDS: ScanCode.SCAN_NEED_FIELDS,
  UNTERMINATED: ScanCode.SCAN_UNTERMINATED,
  FIELD_TOO_LARGE: ScanCode.SCAN_FIELD_TOO_LARGE,
  TOO_MANY_COLUMNS: ScanCode.SCAN_TOO_MANY_COLUMNS,
} as const;

/** i32 word indexes of the scanner's state block (generated: kernel/layout.generated.ts). */
const S = ScanState;
const STATE_WORDS = Object.keys(ScanState).length;
/** Bytes past the input and scratch regions that SIMD loads and stores may touch. */
const PAD = 64;
const MIN_INPUT = 64 * 1024;
const MIN_FIELDS = 1024;
const I32_MAX = 0x7fff_ffff;

/**
 * The CSV scanner: the kernel's record state machine (assembly/rows.ts) driven from TypeScript,
 * record for record equal to the reference CsvParser (test/oracles): same public surface, same
 * `record()` calls (fields, count, line, end offset), line endings and errors. Each pushed chunk
 * is copied (after the carried partial record) into an input region of kernel memory; the sink
 * gets a Buffer over the WHOLE memory as `buf` and `alt`, so `starts`/`ends` are absolute memory
 * offsets. Fields whose quotes had to be undone are unescaped into a scratch region of the same
 * memory and their offsets point there (so `separateEscaped` or not, `buf === alt` and `inAlt`
 * are the field kinds); the regions are reused after {@link RecordSink.flush}. A push of n bytes
 * needs about 2n bytes of kernel memory (input and scratch), kept for the parser's lifetime.
 */
export class KernelCsvParser {
  /** Records delivered so far. */
  records = 0;
  /** Control characters in the input so far (with the option `controlLines`). */
  controls = 0;
  /** Lines of the first control characters (at most the option `controlLines`). */
  readonly controlSampleLines: number[] = [];

  readonly #sink: RecordSink;
  readonly #memory: KernelMemory;
  readonly #maxField: number;
  readonly #maxRecord: number;
  readonly #maxColumns: number;
  /** State block, field arrays, input and scratch regions (memory offsets). */
  readonly #state: number;
  #fieldCap = MIN_FIELDS;
  #startsAt = 0;
  #endsAt = 0;
  #kindsAt = 0;
  #inputAt = 0;
  #scratchAt = 0;
  #inputCap = 0;
  /** Views over the memory's current buffer (re-created when it grows). */
  #ab: ArrayBuffer;
  #bytes!: Buffer;
  #st!: Int32Array;
  #starts!: Int32Array;
  #ends!: Int32Array;
  #kinds!: Uint8Array;
  /** Bytes at the start of the input region holding the carried partial record. */
  #carryLen = 0;
  /** Absolute offset (in the parser's input) of the carried record's first byte. */
  #carryAbs = 0;
  /** Read from the state block on access (see {@link lineEndings}). */
  readonly #endings = { lf: 0, crlf: 0, cr: 0 };
  #ended = false;
  /** 1 when the parser started as if a bare-CR record ending had been seen (not counted). */
  #crBias = 0;
  readonly #controlLines: number;
  /** Memory offset of the comment line list (COMMENT_CAP f64s). */
  readonly #commentLinesAt: number;
  /** Text offsets whose lines were asked for ({@link locate}), in order, not yet reached. */
  readonly #marks: { offset: number; found: (line: number) => void }[] = [];
  /** Row batch block the kernel writes records into instead of calling the sink (0: none). */
  #rowBlock = 0;
  #onRowsFull: () => void = () => {};

  constructor(sink: RecordSink, options: CsvParserOptions, memory: KernelMemory) {
    this.#sink = sink;
    this.#memory = memory;
    this.#maxField = options.maxFieldBytes;
    this.#maxRecord = options.maxRecordBytes;
    this.#maxColumns = options.maxColumns;
    this.#controlLines = options.controlLines ?? 0;
    this.#state = memory.alloc(STATE_WORDS * 4);
    const commentCap = options.commentLines ?? 0;
    this.#commentLinesAt = memory.alloc(Math.max(1, commentCap) * 8);
    this.#allocFields(MIN_FIELDS);
    this.#ab = memory.buffer;
    this.#views();
    const st = this.#st;
    st[S.DELIM] = options.delimiter;
    st[S.QUOTE] = options.quote;
    st[S.MAX_FIELD] = clampI32(options.maxFieldBytes);
    st[S.MAX_RECORD] = clampI32(options.maxRecordBytes);
    st[S.MAX_COLUMNS] = clampI32(options.maxColumns);
    st[S.LINE] = options.firstLine ?? 1;
    if (options.crSeen === true) {
      this.#crBias = 1;
      st[S.COUNT_CR] = 1;
    }
    st[S.COMMENT] = options.comment?.byte ?? NO_COMMENT;
    st[S.COMMENT_ALL] = options.comment?.all === true ? 1 : 0;
    st[S.COMMENT_LINES] = this.#commentLinesAt;
    st[S.COMMENT_CAP] = commentCap;
    this.#carryAbs = options.firstOffset ?? 0;
  }

  /**
   * Starts over, as a new parser of the same limits with this dialect would, on the same
   * regions (the sniffer scans one sample once per dialect candidate).
   */
  restart(delimiter: number, quote: number, comment: CommentRule = NO_COMMENT_RULE): void {
    this.#check();
    const st = this.#st;
    st[S.DELIM] = delimiter;
    st[S.QUOTE] = quote;
    st[S.LINE] = 1;
    st[S.COUNT_LF] = 0;
    st[S.COUNT_CRLF] = 0;
    st[S.COUNT_CR] = 0;
    this.#crBias = 0;
    st[S.COMMENTS] = 0;
    st[S.COMMENT_LENGTH] = 0;
    this.setComment(comment);
    this.records = 0;
    this.#carryLen = 0;
    this.#carryAbs = 0;
    this.#ended = false;
    this.#rowBlock = 0;
  }

  /**
   * From the next record on, lines that start with `rule.byte` are comments: all of them
   * (`rule.all`), or, in rows mode, those that do not have the row batch's width.
   */
  setComment(rule: CommentRule): void {
    this.#check();
    this.#st[S.COMMENT] = rule.byte;
    this.#st[S.COMMENT_ALL] = rule.all ? 1 : 0;
  }

  /** Comment lines skipped so far (see {@link setComment}). */
  get comments(): number {
    this.#check();
    return this.#st[S.COMMENTS]!;
  }

  /** Lines of the first comment lines (at most the option `commentLines`). */
  get commentSampleLines(): number[] {
    this.#check();
    const n = this.#st[S.COMMENT_LENGTH]!;
    return Array.from(new Float64Array(this.#memory.buffer, this.#commentLinesAt, n));
  }

  /**
   * From the next record on, records go straight into the kernel row batch at `block` (see
   * kernel/rowBlock.ts; the sink's `record` is no longer called) and `onFull` runs whenever
   * that batch is full; `block` 0 goes back to `record` calls. The sink's `flush` is still
   * called after every push.
   */
  setRowTarget(block: number, onFull: () => void = () => {}): void {
    this.#rowBlock = block;
    this.#onRowsFull = onFull;
  }

  /**
   * Calls `found` with the physical line of the input's byte at `offset` (counted from the first
   * byte pushed) once a push holds it; offsets must come in order. Lines count as the records'
   * do: LF, CRLF and CR each end one.
   */
  locate(offset: number, found: (line: number) => void): void {
    this.#marks.push({ offset, found });
  }

  /** Parses the complete records in `chunk` (plus any carried bytes). */
  push(input: Uint8Array): void {
    if (input.length === 0) return;
    const carryLen = this.#carryLen;
    const total = carryLen + input.length;
    if (total > this.#inputCap) this.#allocInput(total);
    this.#check();
    const at = this.#inputAt;
    this.#bytes.set(input, at + carryLen);
    if (this.#controlLines > 0) this.#findControls(at + carryLen, at + total);
    if (this.#marks.length > 0) this.#resolveMarks(total);
    const consumed = this.#run(total, false);
    this.#sink.flush?.();
    this.#carryAbs += consumed;
    const rest = total - consumed;
    if (rest > this.#maxRecord) {
      const line = this.line;
      throw new ProfileError(
        ProfileErrorCode.FIELD_TOO_LARGE,
        `Record starting on line ${line} exceeds ${this.#maxRecord} bytes`,
        { line },
      );
    }
    this.#carryLen = rest;
    if (rest > 0 && consumed > 0) {
      this.#check();
      this.#bytes.copyWithin(at, at + consumed, at + total);
    }
  }

  /** Parses whatever is left as the last record. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    // Offsets past the input (a mark at its very end): the last line.
    for (const mark of this.#marks.splice(0)) mark.found(this.line);
    if (this.#carryLen > 0) {
      const len = this.#carryLen;
      this.#carryLen = 0;
      this.#run(len, true);
      this.#sink.flush?.();
    }
  }

  /** Memory offset of the input region (the carried record, then the bytes pushed after it). */
  get inputStart(): number {
    return this.#inputAt;
  }

  /** The bytes of the partial record carried to the next push (a view, valid until then). */
  get carried(): Uint8Array {
    this.#check();
    return this.#bytes.subarray(this.#inputAt, this.#inputAt + this.#carryLen);
  }

  /** Line number where the next record starts. */
  get line(): number {
    this.#check();
    return this.#st[S.LINE]!;
  }

  /** Records ended by LF, CRLF and CR so far (one object, updated on each access). */
  get lineEndings(): { lf: number; crlf: number; cr: number } {
    this.#check();
    const st = this.#st;
    const endings = this.#endings;
    endings.lf = st[S.COUNT_LF]!;
    endings.crlf = st[S.COUNT_CRLF]!;
    endings.cr = st[S.COUNT_CR]! - this.#crBias;
    return endings;
  }

  /** A copy of the carried bytes: the start of a record that the input so far did not end. */
  pending(): Uint8Array {
    this.#check();
    return new Uint8Array(this.#bytes.subarray(this.#inputAt, this.#inputAt + this.#carryLen));
  }

  /** Scans the `len` input bytes; returns the offset after the last complete record. */
  #run(len: number, final: boolean): number {
    this.#check();
    const at = this.#inputAt;
    let st = this.#st;
    st[S.POS] = at;
    st[S.END] = at + len;
    st[S.FINAL] = final ? 1 : 0;
    st[S.SCRATCH] = this.#scratchAt;
    const scan = this.#memory.kernel.scanRecord;
    const state = this.#state;
    const sink = this.#sink;
    const base = this.#carryAbs - at;
    for (;;) {
      const block = this.#rowBlock;
      const code = block === 0 ? scan(state) : this.#scanRows(block);
      if (code === ROWS_FULL) {
        this.#onRowsFull();
        this.#check();
        st = this.#st;
        continue;
      }
      if (code === Scan.RECORD) {
        this.records++;
        const bytes = this.#bytes;
        sink.record(
          bytes,
          this.#starts,
          this.#ends,
          st[S.OUT_FIELDS]!,
          st[S.OUT_LINE]!,
          base + (st[S.OUT_END]! >>> 0),
          bytes,
          this.#kinds,
        );
        // The sink may have grown the memory (detaching every view).
        if (this.#ab.byteLength === 0) {
          this.#check();
          st = this.#st;
        }
        continue;
      }
      if (code === Scan.NEED_INPUT || code === Scan.DONE) break;
      if (code === Scan.NEED_FIELDS) {
        this.#allocFields(this.#fieldCap * 2);
        this.#check();
        st = this.#st;
        continue;
      }
      this.#fail(code);
    }
    return final ? len : st[S.POS]! - at;
  }

  /** Counts the control characters of `from..to` (new input) and locates the first ones. */
  #findControls(from: number, to: number): void {
    const kernel = this.#memory.kernel;
    const found = kernel.countControls(from, to);
    if (found === 0) return;
    this.controls += found;
    const at = this.#inputAt;
    let p = from;
    while (this.controlSampleLines.length < this.#controlLines) {
      p = kernel.findControl(p, to);
      if (p >= to) break;
      this.controlSampleLines.push(this.line + kernel.countLineBreaks(at, p, to));
      p++;
    }
  }

  /** Resolves the marks that fall in the `total` bytes at the input region (carry included). */
  #resolveMarks(total: number): void {
    const kernel = this.#memory.kernel;
    const at = this.#inputAt;
    const line = this.line; // the line the carried record (the region's first byte) is on
    while (this.#marks.length > 0 && this.#marks[0]!.offset < this.#carryAbs + total) {
      const mark = this.#marks.shift()!;
      const k = Math.max(0, mark.offset - this.#carryAbs);
      mark.found(line + kernel.countLineBreaks(at, at + k, at + total));
    }
  }

  /** Scans records into the row block; returns the kernel's code. */
  #scanRows(block: number): number {
    const memory = this.#memory;
    const words = new Int32Array(memory.buffer, block, RowBlock.RECORDS + 1);
    const before = words[RowBlock.RECORDS]!;
    const code = memory.kernel.scanRows(this.#state, block);
    this.records +=
      new Int32Array(memory.buffer, block, RowBlock.RECORDS + 1)[RowBlock.RECORDS]! - before;
    return code;
  }

  #fail(code: number): never {
    const line = this.#st[S.OUT_ERROR_LINE]!;
    if (code === Scan.UNTERMINATED) {
      throw new ProfileError(
        ProfileErrorCode.MALFORMED_CSV,
        `Unterminated quoted field starting on line ${line}`,
        { line },
      );
    }
    if (code === Scan.TOO_MANY_COLUMNS) {
      throw new ProfileError(
        ProfileErrorCode.TOO_MANY_COLUMNS,
        `Line ${line} has more than ${this.#maxColumns} fields`,
        { line },
      );
    }
    if (code === Scan.FIELD_TOO_LARGE) {
      throw new ProfileError(
        ProfileErrorCode.FIELD_TOO_LARGE,
        `A field on line ${line} exceeds ${this.#maxField} bytes`,
        { line },
      );
    }
    throw new Error(`profiler kernel: unknown scan result ${code}`);
  }

  /** Reserves field arrays for `cap` fields and points the state at them. */
  #allocFields(cap: number): void {
    const memory = this.#memory;
    this.#startsAt = memory.alloc(cap * 4);
    this.#endsAt = memory.alloc(cap * 4);
    this.#kindsAt = memory.alloc(cap);
    this.#fieldCap = cap;
    const st = new Int32Array(memory.buffer, this.#state, STATE_WORDS);
    st[S.FIELD_CAP] = cap;
    st[S.STARTS] = this.#startsAt;
    st[S.ENDS] = this.#endsAt;
    st[S.KINDS] = this.#kindsAt;
    this.#ab = new ArrayBuffer(0); // views are stale
  }

  /**
   * Reserves input and scratch regions for `bytes`, moving the carried record over. A quarter
   * more than asked leaves room for the record each push carries into the next, so same-size
   * pushes do not outgrow the first regions and leave them behind, touched and unused (untouched
   * room costs no resident memory).
   */
  #allocInput(bytes: number): void {
    const memory = this.#memory;
    const cap = Math.max(MIN_INPUT, bytes + (bytes >> 2), this.#inputCap * 2);
    const oldAt = this.#inputAt;
    const inputAt = memory.alloc(cap + PAD);
    const scratchAt = memory.alloc(cap + PAD);
    if (this.#carryLen > 0) {
      new Uint8Array(memory.buffer).copyWithin(inputAt, oldAt, oldAt + this.#carryLen);
    }
    this.#inputAt = inputAt;
    this.#scratchAt = scratchAt;
    this.#inputCap = cap;
    this.#ab = new ArrayBuffer(0);
  }

  /** Re-creates the views when the memory's buffer changed. */
  #check(): void {
    if (this.#ab !== this.#memory.buffer) this.#views();
  }

  #views(): void {
    const ab = this.#memory.buffer;
    this.#ab = ab;
    this.#bytes = Buffer.from(ab);
    this.#st = new Int32Array(ab, this.#state, STATE_WORDS);
    this.#starts = new Int32Array(ab, this.#startsAt, this.#fieldCap);
    this.#ends = new Int32Array(ab, this.#endsAt, this.#fieldCap);
    this.#kinds = new Uint8Array(ab, this.#kindsAt, this.#fieldCap);
  }
}

function clampI32(n: number): number {
  return Math.max(0, Math.min(I32_MAX, Math.floor(n)));
}
