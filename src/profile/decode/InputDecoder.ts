import { isUtf8 } from 'node:buffer';
import { DEFAULTS } from '../constants.js';
import { ProfileError, ProfileErrorCode } from '../errors.js';
import type { EncodingInfo, EncodingName } from '../types.js';
import { describeBinary } from './binary.js';
import { GzipReader } from './GzipReader.js';
import { findInvalidUtf8, incompleteTail } from './utf8.js';

type Mode = 'detect' | 'utf-8' | 'transcode';

/** Limits on gzip expansion (the defence against gzip bombs); both default to none. */
export interface InflationLimits {
  maxDecompressedBytes?: number;
  maxCompressionRatio?: number;
}

const encoder = new TextEncoder();

/**
 * Turns uploaded bytes into UTF-8: gunzips gzip (by magic bytes, GzipReader.ts), strips a UTF-8 BOM,
 * transcodes UTF-16 (by BOM or option), and decodes invalid UTF-8 as Windows-1252 from the
 * first invalid byte on. Rejects binary content (NUL bytes) as NOT_TEXT.
 */
export class InputDecoder {
  readonly info: EncodingInfo = {
    name: 'utf-8',
    bom: false,
    gzip: false,
    fallback_from_line: null,
  };
  /** Output offset (UTF-8 bytes) where the Windows-1252 fallback began, or -1. */
  fallbackOffset = -1;
  /** Bytes received before decompression. */
  bytesIn = 0;
  /** Bytes received after decompression. */
  bytesDecompressed = 0;

  readonly #emit: (utf8: Uint8Array) => void;
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
      if (head[0] === 0x1f && head[1] === 0x8b) {
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

  /** Flushes everything still held back. */
  end(): void {
    if (!this.#gzipDecided) {
      this.#gzipDecided = true;
      if (this.#head.length > 0) this.#text(this.#head);
    } else if (this.#gunzip !== null) {
      this.#gunzip.end();
    }
    if (this.#mode === 'detect') this.#detect(true);
    if (this.#mode === 'utf-8' && this.#tail.length > 0) {
      // An incomplete multi-byte sequence at EOF: invalid UTF-8.
      const tail = this.#tail;
      this.#tail = new Uint8Array(0);
      this.#startFallback();
      this.#transcode(tail, true);
    } else if (this.#mode === 'transcode') {
      this.#transcode(new Uint8Array(0), true);
    }
  }

  /**
   * Refuses gzip output beyond the limits, before the bytes reach the parser: the absolute
   * limit, and the ratio of output to compressed input read so far once the grace amount is
   * out (a bomb expands about 1,000 times from its first bytes on; CSV typically 3-20 times).
   */
  #checkInflation(more: number): void {
    const out = this.bytesDecompressed + more;
    const read = this.#gunzip!.bytesIn;
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
    this.#tail = new Uint8Array(0);
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

  #utf8(data: Uint8Array): void {
    let buf = this.#tail.length > 0 ? concat(this.#tail, data) : data;
    const cut = buf.length - incompleteTail(buf);
    const whole = cut === buf.length ? buf : buf.subarray(0, cut);
    if (hasNul(whole)) notText(whole);
    if (isUtf8(whole)) {
      // A copy (not `slice`, which is a view on a Buffer): the caller may reuse its chunk.
      this.#tail = cut === buf.length ? new Uint8Array(0) : new Uint8Array(buf.subarray(cut));
      this.#out(whole);
      return;
    }
    const bad = findInvalidUtf8(whole);
    this.#tail = new Uint8Array(0);
    if (bad > 0) this.#out(whole.subarray(0, bad));
    this.#startFallback();
    buf = buf.subarray(bad);
    this.#transcode(buf, false);
  }

  #startFallback(): void {
    this.#mode = 'transcode';
    this.info.name = 'windows-1252';
    this.fallbackOffset = this.#outBytes;
    this.#textDecoder = new TextDecoder('windows-1252');
  }

  #transcode(data: Uint8Array, final: boolean): void {
    const decoder = this.#textDecoder!;
    if (this.info.name === 'windows-1252' && hasNul(data)) notText(data);
    const text = decoder.decode(data, { stream: !final });
    if (text.length === 0) return;
    if (text.includes('\0')) notText(data);
    this.#out(encoder.encode(text));
  }

  #out(utf8: Uint8Array): void {
    if (utf8.length === 0) return;
    this.#outBytes += utf8.length;
    this.#emit(utf8);
  }
}

/** True when `data` has a NUL byte (Buffer's indexOf is memchr; a Uint8Array's is a loop). */
function hasNul(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(0) !== -1;
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

function notText(data: Uint8Array): never {
  const kind = describeBinary(data);
  throw new ProfileError(
    ProfileErrorCode.NOT_TEXT,
    kind === null
      ? 'The file contains NUL bytes: binary content, not CSV text'
      : `The file is binary (${kind}), not CSV text`,
  );
}
