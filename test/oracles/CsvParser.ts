// The TypeScript CSV parser: the reference the kernel's scanner (src/profile/kernel/assembly/
// rows.ts, through KernelCsvParser) is tested against, record for record. Production parses
// and sniffs with the kernel only.
import { Byte } from '../../src/profile/constants.js';
import { ProfileError, ProfileErrorCode } from '../../src/profile/errors.js';
import type { CsvParserOptions, RecordSink } from '../../src/profile/parse/RecordSink.js';

export type { CsvParserOptions, RecordSink };

const EMPTY = Buffer.alloc(0);

/**
 * RFC 4180 parser as a byte-level push machine. Chunks may split anywhere; an incomplete record
 * is carried to the next chunk and re-scanned from its start. Lenient where RFC 4180 is silent:
 * a quote inside an unquoted field is literal; text after a closing quote is kept.
 */
export class CsvParser {
  readonly lineEndings = { lf: 0, crlf: 0, cr: 0 };
  /** Records delivered so far. */
  records = 0;
  /** Comment lines skipped so far (option `comment` with `all`). */
  comments = 0;
  /** Lines of the first comment lines (at most the option `commentLines`). */
  readonly commentSampleLines: number[] = [];

  readonly #sink: RecordSink;
  readonly #delim: number;
  readonly #quote: number;
  readonly #maxField: number;
  readonly #maxRecord: number;
  readonly #maxColumns: number;
  readonly #special = new Uint8Array(256);
  /** The byte that starts a comment line (every one, the `all` rule), or -1. */
  readonly #comment: number;
  readonly #commentLines: number;
  /** Owned buffer: the carried partial record at its start, then the next chunk. */
  #own: Uint8Array = EMPTY;
  /** Bytes of `#own` holding the carried partial record. */
  #carryLen = 0;
  readonly #separate: boolean;
  /** Absolute offset (in the parser's input) of the carried record's first byte. */
  #carryAbs = 0;
  /** 1-based physical line at the start of the carried record. */
  #line = 1;
  #starts = new Int32Array(64);
  #ends = new Int32Array(64);
  /** Per field: 0 raw, 1 quoted with doubled quotes, 2 quoted followed by more text. */
  #kinds = new Uint8Array(64);
  #scratch = Buffer.alloc(1024);
  #ended = false;

  constructor(sink: RecordSink, options: CsvParserOptions) {
    this.#sink = sink;
    this.#delim = options.delimiter;
    this.#quote = options.quote;
    this.#maxField = options.maxFieldBytes;
    this.#maxRecord = options.maxRecordBytes;
    this.#maxColumns = options.maxColumns;
    this.#separate = options.separateEscaped === true;
    this.#comment = options.comment?.all === true ? options.comment.byte : -1;
    this.#commentLines = options.commentLines ?? 0;
    this.#line = options.firstLine ?? 1;
    this.#carryAbs = options.firstOffset ?? 0;
    this.#special[this.#delim] = 1;
    this.#special[Byte.LF] = 1;
    this.#special[Byte.CR] = 1;
  }

  /** Parses the complete records in `chunk` (plus any carried bytes). */
  push(input: Uint8Array): void {
    if (input.length === 0) return;
    // Every buffer the hot code sees is a Buffer (one array map, and Buffer's indexOf is
    // memchr where a plain Uint8Array's is a loop); a view, not a copy.
    const chunk = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.length);
    const carryLen = this.#carryLen;
    let buf: Uint8Array;
    if (carryLen === 0) {
      buf = chunk;
    } else {
      // Reuse one owned buffer: the carry is already at its start.
      const total = carryLen + chunk.length;
      if (this.#own.length < total) {
        const grown = Buffer.alloc(Math.max(total, this.#own.length * 2));
        grown.set(this.#own.subarray(0, carryLen), 0);
        this.#own = grown;
      }
      this.#own.set(chunk, carryLen);
      buf = this.#own.subarray(0, total);
    }
    const consumed = this.#scan(buf, false);
    this.#sink.flush?.();
    this.#carryAbs += consumed;
    const rest = buf.length - consumed;
    if (rest > this.#maxRecord) {
      throw new ProfileError(
        ProfileErrorCode.FIELD_TOO_LARGE,
        `Record starting on line ${this.#line} exceeds ${this.#maxRecord} bytes`,
        { line: this.#line },
      );
    }
    this.#carryLen = rest;
    if (rest === 0) return;
    // Copy the partial record to the start of the owned buffer (the caller may reuse its chunk).
    if (buf === chunk) {
      if (this.#own.length < rest) this.#own = Buffer.alloc(rest + chunk.length);
      this.#own.set(chunk.subarray(consumed), 0);
    } else {
      this.#own.copyWithin(0, consumed, buf.length);
    }
  }

  /** Parses whatever is left as the last record. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#carryLen > 0) {
      const buf = this.#own.subarray(0, this.#carryLen);
      this.#carryLen = 0;
      this.#scan(buf, true);
      this.#sink.flush?.();
    }
  }

  /** Line number where the next record starts. */
  get line(): number {
    return this.#line;
  }

  /** Scans records; returns the offset after the last complete record. */
  #scan(buf: Uint8Array, final: boolean): number {
    const len = buf.length;
    const delim = this.#delim;
    const quote = this.#quote;
    const special = this.#special;
    const maxField = this.#maxField;
    let recordStart = 0;
    let line = this.#line;
    let n = 0;
    let escaped = false;
    /** Start of the record's first quoted field (-1: none); newlines can only be inside quotes. */
    let quotedFrom = -1;
    let i = 0;

    while (i < len || (final && i === len && (n > 0 || i > recordStart))) {
      if (n === 0 && i < len && buf[i] === this.#comment) {
        // A comment line: skipped to its line break, which counts like a record's.
        let j = i;
        while (j < len && buf[j] !== Byte.LF && buf[j] !== Byte.CR) j++;
        let next = len;
        if (j < len) {
          next = j + 1;
          if (buf[j] === Byte.CR) {
            if (next === len && !final) break; // CR or CRLF?
            if (next < len && buf[next] === Byte.LF) {
              next++;
              this.lineEndings.crlf++;
            } else {
              this.lineEndings.cr++;
            }
          } else {
            this.lineEndings.lf++;
          }
        } else if (!final) {
          break; // the line may continue
        }
        if (next - recordStart > this.#maxRecord) this.#tooLarge(line);
        this.comments++;
        if (this.commentSampleLines.length < this.#commentLines) this.commentSampleLines.push(line);
        if (j < len) line++;
        this.#line = line;
        recordStart = next;
        i = next;
        continue;
      }
      const fieldStart = i;
      let valueStart: number;
      let valueEnd: number;
      let kind = 0;
      let j: number;

      if (i < len && buf[i] === quote) {
        // Quoted field: find the closing quote, skipping doubled quotes.
        if (quotedFrom < 0) quotedFrom = fieldStart;
        valueStart = i + 1;
        j = valueStart;
        let closed = -1;
        for (;;) {
          const k = buf.indexOf(quote, j);
          if (k === -1) break;
          if (k + 1 < len && buf[k + 1] === quote) {
            escaped = true;
            kind = 1;
            j = k + 2;
            continue;
          }
          if (k + 1 === len && !final) break; // a doubled quote may follow in the next chunk
          closed = k;
          break;
        }
        if (closed === -1) {
          if (!final) {
            if (len - fieldStart > maxField) this.#tooLarge(line);
            break;
          }
          throw new ProfileError(
            ProfileErrorCode.MALFORMED_CSV,
            `Unterminated quoted field starting on line ${this.#lineAt(buf, recordStart, fieldStart, line)}`,
            { line: this.#lineAt(buf, recordStart, fieldStart, line) },
          );
        }
        valueEnd = closed;
        j = closed + 1;
        if (j < len && special[buf[j]!] === 0) {
          // Text after the closing quote: keep it (lenient), undo quotes while copying.
          escaped = true;
          kind = 2;
          while (j < len && special[buf[j]!] === 0) j++;
          valueStart = fieldStart;
          valueEnd = j;
        }
      } else {
        j = i;
        while (j < len && special[buf[j]!] === 0) j++;
        valueStart = i;
        valueEnd = j;
      }

      if (j === len && !final) break; // the field (or record) may continue in the next chunk
      if (valueEnd - valueStart > maxField) this.#tooLarge(line);

      if (n === this.#starts.length) this.#grow();
      if (n >= this.#maxColumns) {
        throw new ProfileError(
          ProfileErrorCode.TOO_MANY_COLUMNS,
          `Line ${line} has more than ${this.#maxColumns} fields`,
          { line },
        );
      }
      this.#starts[n] = valueStart;
      this.#ends[n] = valueEnd;
      this.#kinds[n] = kind;
      n++;

      if (j === len) {
        // final: EOF ends the record
        this.#emit(buf, n, line, escaped, len);
        recordStart = len;
        n = 0;
        break;
      }
      const c = buf[j]!;
      if (c === delim) {
        i = j + 1;
        if (i === len && final) {
          // Trailing delimiter at EOF: one more empty field.
          if (n === this.#starts.length) this.#grow();
          this.#starts[n] = len;
          this.#ends[n] = len;
          this.#kinds[n] = 0;
          n++;
          this.#emit(buf, n, line, escaped, len);
          recordStart = len;
          n = 0;
          break;
        }
        continue;
      }
      // End of record: LF, CR or CRLF.
      let next = j + 1;
      if (c === Byte.CR) {
        if (next === len && !final) break; // need the next byte to tell CR from CRLF
        if (next < len && buf[next] === Byte.LF) {
          next++;
          this.lineEndings.crlf++;
        } else {
          this.lineEndings.cr++;
        }
      } else {
        this.lineEndings.lf++;
      }
      if (next - recordStart > this.#maxRecord) this.#tooLarge(line);
      const startLine = line;
      line += quotedFrom >= 0 ? 1 + this.#countNewlines(buf, quotedFrom, j) : 1;
      this.#line = line;
      this.#emit(buf, n, startLine, escaped, next);
      escaped = false;
      quotedFrom = -1;
      n = 0;
      recordStart = next;
      i = next;
      if (i === len) break;
    }
    // `#line` is already up to date. A partial record (recordStart < len) is rolled back: it
    // is re-scanned with the next chunk. (Nothing but this return after the loop: code after a
    // loop lacks type feedback in the loop's on-stack-replaced code and deoptimizes each call.)
    return final ? len : recordStart;
  }

  #emit(buf: Uint8Array, n: number, line: number, escaped: boolean, end: number): void {
    this.records++;
    const absEnd = this.#carryAbs + end;
    const starts = this.#starts;
    const ends = this.#ends;
    const kinds = this.#kinds;
    if (!escaped) {
      this.#sink.record(buf, starts, ends, n, line, absEnd, buf, kinds);
      return;
    }
    const total = ends[n - 1]! - starts[0]! + 1;
    if (this.#scratch.length < total) this.#scratch = Buffer.alloc(total * 2);
    const out = this.#scratch;
    let o = 0;
    if (this.#separate) {
      // Only the fields with quotes to undo go to scratch; the sink reads the rest from `buf`.
      for (let f = 0; f < n; f++) {
        if (kinds[f] !== 0) o = this.#unescape(buf, f, out, o);
      }
      this.#sink.record(buf, starts, ends, n, line, absEnd, out, kinds);
      return;
    }
    // Copy the whole record into scratch, undoing quotes. Runs of plain fields are copied with
    // one memcpy and their offsets shifted.
    let f = 0;
    while (f < n) {
      if (kinds[f] === 0) {
        let last = f;
        while (last + 1 < n && kinds[last + 1] === 0) last++;
        const from = starts[f]!;
        const to = ends[last]!;
        out.set(buf.subarray(from, to), o);
        const shift = o - from;
        for (let g = f; g <= last; g++) {
          starts[g]! += shift;
          ends[g]! += shift;
        }
        o += to - from;
        f = last + 1;
        continue;
      }
      o = this.#unescape(buf, f, out, o);
      f++;
    }
    this.#sink.record(out, starts, ends, n, line, absEnd, out, kinds);
  }

  /** Writes field `f` with its quotes undone to `out` at `o`, points it there; returns the end. */
  #unescape(buf: Uint8Array, f: number, out: Uint8Array, o: number): number {
    const quote = this.#quote;
    const s = this.#starts[f]!;
    const e = this.#ends[f]!;
    const begin = o;
    if (this.#kinds[f] === 1) {
      for (let k = s; k < e; k++) {
        const b = buf[k]!;
        out[o++] = b;
        if (b === quote) k++; // the second of a doubled quote
      }
    } else {
      // "quoted"text: undo the quoted part, keep the rest as is.
      let k = s + 1;
      for (; k < e; k++) {
        const b = buf[k]!;
        if (b === quote) {
          if (buf[k + 1] === quote) {
            out[o++] = quote;
            k++;
            continue;
          }
          k++;
          break;
        }
        out[o++] = b;
      }
      for (; k < e; k++) out[o++] = buf[k]!;
    }
    this.#starts[f] = begin;
    this.#ends[f] = o;
    return o;
  }

  #countNewlines(buf: Uint8Array, from: number, to: number): number {
    // Newlines inside quoted fields of the record [from, to); a lone CR inside quotes also
    // starts a physical line once the file has CR line endings.
    let count = 0;
    if (this.lineEndings.cr > 0) {
      for (let q = from; q < to; q++) {
        const b = buf[q];
        if (b === Byte.LF) count++;
        else if (b === Byte.CR && buf[q + 1] !== Byte.LF) count++;
      }
      return count;
    }
    // No CR endings: the record ends at an LF (or EOF), so indexOf never runs far past `to`.
    let k = buf.indexOf(Byte.LF, from);
    while (k !== -1 && k < to) {
      count++;
      k = buf.indexOf(Byte.LF, k + 1);
    }
    return count;
  }

  #lineAt(buf: Uint8Array, recordStart: number, offset: number, line: number): number {
    return line + this.#countNewlines(buf, recordStart, offset);
  }

  #grow(): void {
    const starts = new Int32Array(this.#starts.length * 2);
    starts.set(this.#starts);
    this.#starts = starts;
    const ends = new Int32Array(this.#ends.length * 2);
    ends.set(this.#ends);
    this.#ends = ends;
    const kinds = new Uint8Array(this.#kinds.length * 2);
    kinds.set(this.#kinds);
    this.#kinds = kinds;
  }

  #tooLarge(line: number): never {
    throw new ProfileError(
      ProfileErrorCode.FIELD_TOO_LARGE,
      `A field on line ${line} exceeds ${this.#maxField} bytes`,
      { line },
    );
  }
}
