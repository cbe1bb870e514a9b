import { isAscii, isUtf8 } from 'node:buffer';
import { DEFAULTS } from '../constants.js';
import { ProfileError, ProfileErrorCode } from '../errors.js';
import type { EncodingInfo, EncodingName } from '../types.js';
import { describeBinary } from './binary.js';
import { GzipReader, isGzipMagic } from './GzipReader.js';
import { findInvalidUtf8, incompleteTail } from './utf8.js';

type Mode = 'detect' | 'utf-8' | 'transcode';

/** Limits on gzip expansion (the defence against gzip bombs); both default to none. */
export interface InflationLimits {
  maxDecompressedBytes?: number;
  maxCompressionRatio?: number;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);
const LF = 10;
const CR = 13;
/**
 * A line with invalid UTF-8 is decided once its end is known; one that is still open after this
 * many bytes is decided as it is (so one endless line cannot hold the whole file back).
 */
const MAX_HELD_LINE_BYTES = 1 << 20;

/**
 * Turns uploaded bytes into UTF-8: gunzips gzip (by magic bytes, GzipReader.ts), strips a UTF-8
 * BOM, transcodes UTF-16 (by BOM or option), and decodes each line that is not valid UTF-8 as
 * Windows-1252 (lines that are valid stay UTF-8: one Latin-1 line does not turn the rest of the
 * file into mojibake). Rejects known binary formats by their magic bytes as NOT_TEXT; the share
 * of control characters is judged on the sniffer's sample (binary.ts `rejectBinaryText`).
 */
export class InputDecoder {
  readonly info: EncodingInfo = {
    name: 'utf-8',
    bom: false,
    gzip: false,
    fallback_from_line: null,
  };
  /** Lines of UTF-8 input that were not valid UTF-8 and were decoded as Windows-1252. */
  fallbackLines = 0;
  /** True while every byte emitted so far is ASCII (string lengths are then byte lengths). */
  asciiOnly = true;
  /** Bytes received before decompression. */
  bytesIn = 0;
  /** Bytes received after decompression. */
  bytesDecompressed = 0;

  readonly #emit: (utf8: Uint8Array) => void;
  /** Told the output offset of each line decoded as Windows-1252, before the line is emitted. */
  onFallback: (offset: number) => void = () => {};
  /** A line of valid UTF-8 had a non-ASCII character (so the file is UTF-8, not Windows-1252). */
  #utf8Text = false;
  #windows1252: InstanceType<typeof TextDecoder> | null = null;
  readonly #forced: EncodingName | undefined;
  readonly #maxDecompressed: number;
  readonly #maxRatio: number;
  #head: Uint8Array = new Uint8Array(0);
  #gunzip: GzipReader | null = null;
  #gzipDecided = false;
  #mode: Mode = 'detect';
  #tail: Uint8Array = new Uint8Array(0);
  #textDecoder: InstanceType<typeof TextDecoder> | null = null;
  #outBytes = 0;

  /** Bytes of UTF-8 text emitted so far. */
  get bytesOut(): number {
    return this.#outBytes;
  }

  constructor(
    emit: (utf8: Uint8Array) => void,
    encoding?: EncodingName,
    limits: InflationLimits = {},
  ) {
    this.#emit = emit;
    this.#forced = encoding;
    this.#maxDecompressed = limits.maxDecompressedBytes ?? DEFAULTS.maxDecompressedBytes;
    this.#maxRatio = limits.maxCompressionRatio ?? DEFAULTS.maxCompressionRatio;
  }

  /**
   * Decodes from the middle of a file, as the decoder of the whole file would there: no gzip,
   * BOM or binary detection, UTF-8 (with the Windows-1252 fallback) or Windows-1252 from the
   * first byte. Call before the first push; a piece of a split file starts so (split/).
   */
  continueAs(name: 'utf-8' | 'windows-1252'): void {
    this.#gzipDecided = true;
    this.info.name = name;
    if (name === 'utf-8') {
      this.#mode = 'utf-8';
    } else {
      this.#mode = 'transcode';
      this.#textDecoder = new TextDecoder(name);
    }
  }

  /**
   * Raw bytes held back, not yet emitted: the start of a UTF-8 sequence that the input so far
   * did not end, or an unfinished line that is not valid UTF-8 (decided at its line break).
   * Their ASCII bytes (delimiters, quotes) mean what they will mean once decoded.
   */
  heldBytes(): Uint8Array {
    if (this.#mode === 'transcode') return EMPTY;
    return concat(this.#head, this.#tail);
  }

  /** Feeds raw bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.bytesIn += chunk.length;
    if (!this.#gzipDecided) {
      const head = concat(this.#head, chunk);
      if (head.length < 2) {
        // Copy: the caller may reuse its chunk.
        this.#head = head === chunk ? new Uint8Array(chunk) : head;
        return;
      }
      this.#head = new Uint8Array(0);
      this.#gzipDecided = true;
      if (isGzipMagic(head[0], head[1])) {
        this.info.gzip = true;
        this.#gunzip = new GzipReader((data) => {
          this.#checkInflation(data.length);
          this.#text(data);
        });
      }
      chunk = head;
    }
    if (this.#gunzip !== null) this.#gunzip.push(chunk);
    else this.#text(chunk);
  }

  /**
   * Feeds gzip's output inflated by the caller (nativeGunzip.ts: Node's zlib, off the main
   * thread); `compressedBytes` is the compressed input read so far. The same as push() of the
   * compressed bytes, inflation limits included; push() and pushInflated() do not mix.
   */
  pushInflated(data: Uint8Array, compressedBytes: number): void {
    if (!this.#gzipDecided) {
      if (this.#head.length > 0) throw new Error('pushInflated() after push()');
      this.#gzipDecided = true;
      this.info.gzip = true;
    } else if (!this.info.gzip || this.#gunzip !== null) {
      throw new Error('pushInflated() after push()');
    }
    this.bytesIn = compressedBytes;
    if (data.length === 0) return;
    this.#checkInflation(data.length);
    this.#text(data);
  }

  /** Flushes everything still held back. */
  end(): void {
    if (!this.#gzipDecided) {
      this.#gzipDecided = true;
      if (this.#head.length > 0) this.#text(this.#head);
    } else if (this.#gunzip !== null) {
      this.#gunzip.end();
    }
    if (this.#mode === 'detect') this.#detect(true);
    if (this.#mode === 'utf-8') {
      // The last line, whole now (an incomplete sequence at EOF is not valid UTF-8).
      if (this.#tail.length > 0) this.#utf8(EMPTY, true);
      if (this.fallbackLines > 0 && !this.#utf8Text) this.info.name = 'windows-1252';
    } else if (this.#mode === 'transcode') {
      this.#transcode(EMPTY, true);
    }
  }

  /**
   * Refuses gzip output beyond the limits, before the bytes reach the parser: the absolute
   * limit, and the ratio of output to compressed input read so far once the grace amount is
   * out (a bomb expands about 1,000 times from its first bytes on; CSV typically 3-20 times).
   */
  #checkInflation(more: number): void {
    const out = this.bytesDecompressed + more;
    const read = this.#gunzip?.bytesIn ?? this.bytesIn;
    if (out > this.#maxDecompressed) {
      throw new ProfileError(
        ProfileErrorCode.DECOMPRESSED_TOO_LARGE,
        `gzip data expands beyond the limit of ${this.#maxDecompressed} bytes (${read} compressed bytes read)`,
      );
    }
    if (out > DEFAULTS.compressionRatioGraceBytes && out > this.#maxRatio * read) {
      throw new ProfileError(
        ProfileErrorCode.DECOMPRESSED_TOO_LARGE,
        `gzip data expands more than ${this.#maxRatio} times (${out} bytes from the first ${read} compressed bytes), as a gzip bomb does`,
      );
    }
  }

  #text(data: Uint8Array): void {
    if (data.length === 0) return;
    this.bytesDecompressed += data.length;
    if (this.#mode === 'detect') {
      this.#tail = concat(this.#tail, data);
      // Decide once 4 bytes are known (enough for every BOM).
      if (this.#tail.length >= 4) this.#detect(false);
      // Copy what is held back: the caller may reuse its chunk.
      else if (this.#tail === data) this.#tail = new Uint8Array(data);
      return;
    }
    if (this.#mode === 'transcode') {
      this.#transcode(data, false);
      return;
    }
    this.#utf8(data);
  }

  #detect(final: boolean): void {
    const head = this.#tail;
    this.#tail = EMPTY;
    if (head.length === 0 && final) return;
    const forced = this.#forced;
    if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0 && head[3] === 0 && !forced) {
      throw new ProfileError(
        ProfileErrorCode.UNSUPPORTED_ENCODING,
        'UTF-32 is not supported; convert the file to UTF-8',
      );
    }
    let bom = 0;
    let name: EncodingName = forced ?? 'utf-8';
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      bom = 3;
      name = forced ?? 'utf-8';
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      bom = 2;
      name = forced ?? 'utf-16le';
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      bom = 2;
      name = forced ?? 'utf-16be';
    }
    this.info.name = name;
    this.info.bom = bom > 0;
    const body = head.subarray(bom);
    if (name === 'utf-8') {
      if (!forced) rejectBinary(body);
      this.#mode = 'utf-8';
      this.#utf8(body);
    } else {
      this.#mode = 'transcode';
      this.#textDecoder = new TextDecoder(name, { fatal: false, ignoreBOM: true });
      if (name === 'windows-1252') rejectBinary(body);
      this.#transcode(body, false);
    }
  }

  /**
   * UTF-8 input, decided line by line whatever the chunks: complete lines that are valid UTF-8
   * (the usual case, one native check per chunk) pass as they are; a line that is not valid is
   * decoded as Windows-1252. The unfinished last line of a chunk waits for its line break (or
   * for `end`), so a line is never decided in two halves.
   */
  #utf8(data: Uint8Array, final = false): void {
    let buf = data;
    if (this.#tail.length > 0) {
      // The held line ends at the first line break of `data`, or is still open.
      const brk = final ? -1 : firstLineBreak(data);
      if (brk < 0 && !final) {
        this.#hold(concat(this.#tail, data));
        return;
      }
      const end = brk < 0 ? data.length : brk + 1;
      const line = concat(this.#tail, data.subarray(0, end));
      this.#tail = EMPTY;
      this.#lines(line);
      buf = data.subarray(end);
    }
    const end = final ? buf.length : lastLineBreak(buf) + 1;
    if (end > 0) this.#lines(end === buf.length ? buf : buf.subarray(0, end));
    // A copy (not `slice`, which is a view on a Buffer): the caller may reuse its chunk.
    if (end < buf.length) this.#hold(new Uint8Array(buf.subarray(end)));
  }

  /**
   * Holds an unfinished line; one that grew past MAX_HELD_LINE_BYTES is decided as it is (so one
   * endless line cannot hold the whole file back), but for an unfinished UTF-8 sequence.
   */
  #hold(line: Uint8Array): void {
    if (line.length <= MAX_HELD_LINE_BYTES) {
      this.#tail = line;
      return;
    }
    const cut = line.length - incompleteTail(line);
    this.#tail = new Uint8Array(line.subarray(cut));
    this.#lines(line.subarray(0, cut));
  }

  /** Emits complete lines: all at once when valid UTF-8, else each invalid one as Windows-1252. */
  #lines(buf: Uint8Array): void {
    if (isUtf8(buf)) {
      this.#valid(buf);
      return;
    }
    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      const bad = findInvalidUtf8(buf.subarray(pos, end));
      if (bad < 0) {
        this.#valid(buf.subarray(pos, end));
        break;
      }
      const lineStart = lineStartBefore(buf, pos, pos + bad);
      const lineEnd = lineEndFrom(buf, pos + bad, end);
      if (lineStart > pos) this.#valid(buf.subarray(pos, lineStart));
      this.#fallback(buf.subarray(lineStart, lineEnd));
      pos = lineEnd;
    }
  }

  /** Emits valid UTF-8, noting whether it is more than ASCII. */
  #valid(utf8: Uint8Array): void {
    // One native check per chunk while the text is ASCII; after a fallback line, until valid
    // UTF-8 beyond ASCII shows the file is UTF-8 (which names its encoding).
    if (!this.#utf8Text && (this.asciiOnly || this.fallbackLines > 0) && !isAscii(utf8)) {
      this.#utf8Text = true;
      this.asciiOnly = false;
    }
    this.#out(utf8);
  }

  /** Emits one line that is not valid UTF-8, decoded as Windows-1252. */
  #fallback(line: Uint8Array): void {
    this.fallbackLines++;
    this.asciiOnly = false;
    this.#windows1252 ??= new TextDecoder('windows-1252');
    this.onFallback(this.#outBytes);
    this.#out(encoder.encode(this.#windows1252.decode(line)));
  }

  #transcode(data: Uint8Array, final: boolean): void {
    const text = this.#textDecoder!.decode(data, { stream: !final });
    if (text.length === 0) return;
    const utf8 = encoder.encode(text);
    if (this.asciiOnly && !isAscii(utf8)) this.asciiOnly = false;
    this.#out(utf8);
  }

  #out(utf8: Uint8Array): void {
    if (utf8.length === 0) return;
    this.#outBytes += utf8.length;
    this.#emit(utf8);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function rejectBinary(head: Uint8Array): void {
  const kind = describeBinary(head);
  if (kind !== null) {
    throw new ProfileError(ProfileErrorCode.NOT_TEXT, `The file is binary (${kind}), not CSV text`);
  }
  // UTF-16 without a BOM: every other byte is NUL.
  if (head.length >= 4 && looksLikeUtf16(head)) {
    throw new ProfileError(
      ProfileErrorCode.UNSUPPORTED_ENCODING,
      'The file looks like UTF-16 without a byte-order mark; pass the encoding (utf-16le or utf-16be)',
    );
  }
}

function looksLikeUtf16(head: Uint8Array): boolean {
  const n = Math.min(head.length & ~1, 512);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  return (oddZero > pairs * 0.4 && evenZero === 0) || (evenZero > pairs * 0.4 && oddZero === 0);
}

/** Index of the last LF or CR in `buf`, or -1 (a CR is looked for only after the last LF). */
function lastLineBreak(buf: Uint8Array): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const lf = b.lastIndexOf(LF);
  const cr = b.subarray(lf + 1).lastIndexOf(CR);
  return cr < 0 ? lf : lf + 1 + cr;
}

/** Index of the first LF or CR in `buf`, or -1 (a CR is looked for only before the first LF). */
function firstLineBreak(buf: Uint8Array): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const lf = b.indexOf(LF);
  const cr = (lf < 0 ? b : b.subarray(0, lf)).indexOf(CR);
  return cr < 0 ? lf : cr;
}

/** Where the line holding offset `at` starts, not before `from`. */
function lineStartBefore(buf: Uint8Array, from: number, at: number): number {
  for (let k = at - 1; k >= from; k--) {
    if (buf[k] === LF || buf[k] === CR) return k + 1;
  }
  return from;
}

/** Where the line holding offset `at` ends (at its LF or CR), not after `end`. */
function lineEndFrom(buf: Uint8Array, at: number, end: number): number {
  for (let k = at; k < end; k++) {
    if (buf[k] === LF || buf[k] === CR) return k;
  }
  return end;
}
