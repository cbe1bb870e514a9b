import { Byte, DEFAULTS, NO_QUOTE } from '../constants.js';
import { KernelMemory } from '../kernel/Kernel.js';
import { KernelCsvParser } from '../parse/KernelCsvParser.js';
import { type CommentRule, NO_COMMENT_RULE, type RecordSink } from '../parse/RecordSink.js';
import type { ByteCursor } from './ByteSource.js';

// Record boundaries at a cut, for split profiles (Ge et al., "Speculative Distributed CSV Data
// Parsing for Big Data Analytics", SIGMOD 2019): a piece starts where a window after its cut
// reads best as the head's table (the speculation, which the merge checks), and ends after the
// record that is open at its end, whose end the profiler's own scanner finds.

/** Bytes looked at per step past a piece's end. */
const LOOK_BYTES = 64 * 1024;

/** Bytes after a cut that a piece's start is chosen from (Ge et al. also parse a small window). */
export const START_WINDOW_BYTES = 64 * 1024;

/** What choosing a piece's start needs of the head's dialect. */
export interface RecordStartOptions {
  delimiter: number;
  quote: number;
  /** The table's comment lines (only a rule for every `#` line applies, as in readRecordEnd). */
  comment: CommentRule;
  /** The head's column count (plan.head.columns.length). */
  columns: number;
}

/**
 * Moves `cursor` (at the byte before a cut) to the start of the piece, chosen as Ge et al.
 * choose it: the chunk's start read in both quote states, the reading that parses as the table
 * kept. Candidates, all found in the first {@link START_WINDOW_BYTES}: the old speculation
 * ({@link skipToRecordStart}: the first line break); the end of the first record parsed from
 * the cut outside quotes (a quoted field with line breaks may follow the cut in the same
 * record); the same inside quotes (the field the cut fell into closes at the first quote not
 * doubled). Each is scored by the complete records the profiler's own scanner reads from it
 * to the window's end: the most of the head's width wins, then the fewest of another width;
 * ties keep the old start, which also stands without a quote or a line break in the window.
 * The merge (mergePieces.ts) still checks the start and re-runs the piece when it is wrong.
 */
export async function chooseRecordStart(
  cursor: ByteCursor,
  options: RecordStartOptions,
): Promise<number> {
  if (options.quote === NO_QUOTE) return skipToRecordStart(cursor);
  const base = cursor.position;
  const parts: Uint8Array[] = [];
  let read = 0;
  let eof = false;
  while (read < START_WINDOW_BYTES) {
    const bytes = await cursor.take(START_WINDOW_BYTES - read);
    if (bytes === null) {
      eof = true;
      break;
    }
    parts.push(new Uint8Array(bytes));
    read += bytes.length;
  }
  const window = new Uint8Array(Buffer.concat(parts));
  cursor.unread(window);
  const today = firstLineBreakEnd(window, eof);
  if (today < 0) return skipToRecordStart(cursor);
  const memory = KernelMemory.acquire();
  try {
    const sink = new StartScore(options.columns);
    const parser = new KernelCsvParser(
      sink,
      {
        delimiter: options.delimiter,
        quote: options.quote,
        maxFieldBytes: Number.MAX_SAFE_INTEGER,
        maxRecordBytes: DEFAULTS.maxRecordBytes,
        maxColumns: Number.MAX_SAFE_INTEGER,
      },
      memory,
    );
    const comment = options.comment.all ? options.comment : NO_COMMENT_RULE;
    /** Offset in `window` after the first record parsed from `prefix` and the window, or -1. */
    const firstEnd = (prefix: Uint8Array): number => {
      parser.restart(options.delimiter, options.quote, comment);
      sink.reset(true);
      try {
        parser.push(prefix);
        parser.push(window);
      } catch {
        return -1;
      }
      return sink.firstEnd < 0 ? -1 : sink.firstEnd - prefix.length;
    };
    /** Complete records from `at` to the window's end: of the head's width, and of another. */
    const score = (at: number): [number, number] => {
      parser.restart(options.delimiter, options.quote, comment);
      sink.reset(false);
      try {
        parser.push(window.subarray(at));
      } catch {
        // A record too large: what was counted before it stands.
      }
      return [sink.rightWidth, sink.otherWidth];
    };
    let best = today;
    let [bestRight, bestOther] = score(today);
    const outside = firstEnd(new Uint8Array(0));
    const inside = firstEnd(Uint8Array.of(options.quote));
    for (const at of [outside, inside]) {
      if (at <= 0 || at === today || at === best) continue;
      const [right, other] = score(at);
      // More records of the width; as many, fewer of another (a wrong start in a quoted field
      // reads one fragment of it as a record, then the same records as the right one).
      if (right > bestRight || (right === bestRight && other < bestOther)) {
        best = at;
        bestRight = right;
        bestOther = other;
      }
    }
    await skipBytes(cursor, best);
    return base + best;
  } finally {
    memory.release();
  }
}

/** Offset in `window` after its first line break (LF, CRLF or a bare CR), or -1 when unsure. */
function firstLineBreakEnd(window: Uint8Array, eof: boolean): number {
  for (let k = 0; k < window.length; k++) {
    const b = window[k]!;
    if (b === Byte.LF) return k + 1;
    if (b === Byte.CR) {
      if (k + 1 < window.length) return k + (window[k + 1] === Byte.LF ? 2 : 1);
      return eof ? k + 1 : -1;
    }
  }
  return -1;
}

/** Takes (drops) the next `n` bytes of `cursor`. */
async function skipBytes(cursor: ByteCursor, n: number): Promise<void> {
  let left = n;
  while (left > 0) {
    const bytes = await cursor.take(left);
    if (bytes === null) return;
    left -= bytes.length;
  }
}

/** Counts what choosing a start needs: the first record's end, or the records of the width. */
class StartScore implements RecordSink {
  firstEnd = -1;
  rightWidth = 0;
  otherWidth = 0;
  #firstOnly = false;
  constructor(readonly columns: number) {}
  reset(firstOnly: boolean): void {
    this.#firstOnly = firstOnly;
    this.firstEnd = -1;
    this.rightWidth = 0;
    this.otherWidth = 0;
  }
  record(
    _buf: Uint8Array,
    _starts: Int32Array,
    _ends: Int32Array,
    n: number,
    _line: number,
    endOffset: number,
  ): void {
    if (this.#firstOnly) {
      if (this.firstEnd < 0) this.firstEnd = endOffset;
    } else if (n === this.columns) {
      this.rightWidth++;
    } else {
      this.otherWidth++;
    }
  }
}

/**
 * Moves `cursor` (at the byte before a cut) to the speculative start of the piece: right after
 * the first line break (LF, CRLF, or a CR not followed by LF) as if that byte were outside
 * quotes; to the end of the file when no line break follows. Returns the start's offset.
 */
export async function skipToRecordStart(cursor: ByteCursor): Promise<number> {
  let afterCr = false;
  for (;;) {
    const bytes = await cursor.take(LOOK_BYTES);
    if (bytes === null) return cursor.position;
    const base = cursor.position - bytes.length;
    if (afterCr) {
      // The CR ended the previous chunk: a record starts here, or after this LF.
      const skip = bytes[0] === Byte.LF ? 1 : 0;
      return rewind(cursor, bytes, base + skip);
    }
    for (let k = 0; k < bytes.length; k++) {
      const b = bytes[k]!;
      if (b === Byte.LF) return rewind(cursor, bytes, base + k + 1);
      if (b === Byte.CR) {
        if (k + 1 === bytes.length) {
          afterCr = true;
          break;
        }
        return rewind(cursor, bytes, base + k + (bytes[k + 1] === Byte.LF ? 2 : 1));
      }
    }
  }
}

/** Puts the bytes of `chunk` from file offset `at` on back in front of the cursor. */
function rewind(cursor: ByteCursor, chunk: Uint8Array, at: number): number {
  const base = cursor.position - chunk.length;
  cursor.unread(chunk.subarray(at - base));
  return at;
}

/** Keeps the end of the first record that ends at or after `from`: only that is wanted. */
class FirstRecordEnd implements RecordSink {
  end = -1;
  from = 0;
  record(
    _buf: Uint8Array,
    _starts: Int32Array,
    _ends: Int32Array,
    _n: number,
    _line: number,
    endOffset: number,
  ): void {
    if (this.end < 0 && endOffset >= this.from) this.end = endOffset;
  }
}

/** What the end of a piece needs of the dialect and the limits. */
export interface RecordEndOptions {
  delimiter: number;
  quote: number;
  /** The table's comment lines (only a rule for every `#` line applies outside rows mode). */
  comment: CommentRule;
  maxFieldBytes: number;
  maxRecordBytes: number;
}

/** The bytes a piece reads past its end: its last record's (`found`), or all that was read. */
export interface RecordTail {
  found: boolean;
  bytes: Uint8Array[];
}

/**
 * Finds where the record open at the cursor ends. The piece's profiler carries `carried` (that
 * record's bytes so far, decoded) and its decoder holds `held` raw bytes (an unfinished UTF-8
 * sequence, or the start of a line not valid UTF-8: never a line break, and its ASCII bytes
 * are what they will be once decoded). The profiler's own scanner reads
 * them and the bytes from the cursor on until the record ends, so quotes and line breaks mean
 * exactly what they mean to the profile. Returns the record's bytes from the cursor on
 * (copies: the piece profiles them next; what was read past the record is put back). When
 * the scan fails (the record is too large, or never ends), returns what it read, not found:
 * the piece's profiler then meets the same error on its own.
 */
export async function readRecordEnd(
  cursor: ByteCursor,
  carried: Uint8Array,
  held: Uint8Array,
  options: RecordEndOptions,
): Promise<RecordTail> {
  const memory = KernelMemory.acquire();
  const sink = new FirstRecordEnd();
  const read: Uint8Array[] = [];
  try {
    const parser = new KernelCsvParser(
      sink,
      {
        delimiter: options.delimiter,
        quote: options.quote,
        maxFieldBytes: options.maxFieldBytes,
        maxRecordBytes: Math.max(DEFAULTS.maxRecordBytes, options.maxRecordBytes),
        maxColumns: Number.MAX_SAFE_INTEGER,
        comment: options.comment.all ? options.comment : NO_COMMENT_RULE,
      },
      memory,
    );
    // The input is the carried bytes, the stand-ins and the bytes from the cursor on, where
    // offset `before` is the cursor's. A record the carried bytes end (one ended by a CR that
    // the held bytes follow) is not the one open at the cursor.
    const before = carried.length + held.length;
    sink.from = before;
    parser.push(carried);
    // The held bytes as they are: their ASCII bytes are the same once decoded.
    parser.push(held);
    while (sink.end < 0) {
      const bytes = await cursor.take(LOOK_BYTES);
      if (bytes === null) {
        parser.end();
        break;
      }
      read.push(new Uint8Array(bytes));
      parser.push(bytes);
    }
    if (sink.end < 0) return { found: false, bytes: read };
    // Only the record's own bytes: what was read past its end (in the last chunk: the scan
    // stops at the chunk the record ends in) goes back.
    let keep = sink.end - before;
    const out: Uint8Array[] = [];
    for (const chunk of read) {
      if (keep >= chunk.length) {
        out.push(chunk);
        keep -= chunk.length;
      } else {
        out.push(chunk.subarray(0, keep));
        cursor.unread(chunk.subarray(keep));
        keep = 0;
      }
    }
    return { found: true, bytes: out };
  } catch {
    return { found: false, bytes: read };
  } finally {
    memory.release();
  }
}
