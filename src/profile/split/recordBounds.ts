import { Byte, DEFAULTS } from '../constants.js';
import { KernelMemory } from '../kernel/Kernel.js';
import { KernelCsvParser } from '../parse/KernelCsvParser.js';
import { type CommentRule, NO_COMMENT_RULE, type RecordSink } from '../parse/RecordSink.js';
import type { ByteCursor } from './ByteSource.js';

// Record boundaries at a cut, for split profiles (Ge et al., "Speculative Distributed CSV Data
// Parsing for Big Data Analytics", SIGMOD 2019): a piece starts at the first line break after
// its cut as if that were outside quotes (the speculation, which the merge checks), and ends
// after the record that is open at its end, whose end the profiler's own scanner finds.

/** Bytes looked at per step past a piece's end. */
const LOOK_BYTES = 64 * 1024;

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
