import { crc32 } from 'node:zlib';
import { Gunzip } from 'fflate';
import { ProfileError, ProfileErrorCode } from '../errors.js';

/** Compressed bytes per gunzip push: at gzip's ~1,032:1 maximum, at most ~16 MiB of output. */
const SLICE_BYTES = 16 * 1024;
/**
 * Compressed bytes kept (a ring) to read a member's trailer once the next member's header has
 * been read: the trailer is the 8 bytes before that header, which is rarely longer than a file
 * name. A member whose header is longer than this is not checked.
 */
const RING_BYTES = 64 * 1024;
/** Size of a gzip member's trailer: CRC-32, then ISIZE (RFC 1952, section 2.3.1). */
const TRAILER_BYTES = 8;

/**
 * True when a file's first two bytes are gzip's magic number (RFC 1952, section 2.3.1: ID1 31,
 * ID2 139): how every part of the profiler tells gzip input.
 */
export function isGzipMagic(first: number | undefined, second: number | undefined): boolean {
  return first === 0x1f && second === 0x8b;
}

/**
 * Streaming gunzip that ends in CORRUPT_GZIP when the data is cut off, does not inflate, or a
 * member's trailer disagrees with what it inflated to. fflate inflates (one or more members) but
 * does not read the trailers, so this reader checks them itself: the CRC-32 of each member's
 * output (zlib's `crc32`, native) and its size modulo 2^32 against the member's last 8 bytes
 * (RFC 1952, section 2.3.1: CRC32, then ISIZE, both little-endian), as `gzip -t` does.
 */
export class GzipReader {
  /** Compressed bytes pushed so far. */
  bytesIn = 0;

  readonly #gunzip: Gunzip;
  /** The last RING_BYTES compressed bytes, at `offset % RING_BYTES`. */
  readonly #ring = new Uint8Array(RING_BYTES);
  /** CRC-32 and size of the current member's output so far. */
  #crc = 0;
  #size = 0;
  #members = 0;

  /** `emit` gets each piece of inflated output (a view, valid during the call). */
  constructor(emit: (data: Uint8Array) => void) {
    this.#gunzip = new Gunzip((data) => {
      this.#crc = crc32(data, this.#crc);
      this.#size += data.length;
      emit(data);
    });
    // Called when the next member's header has been read: `offset` is where it starts.
    this.#gunzip.onmember = (offset) => this.#checkTrailer(offset);
  }

  /** Inflates the next compressed bytes. */
  push(chunk: Uint8Array): void {
    // Small slices bound what one push can expand to (about 1,000 times a slice), so the
    // inflation limits are checked before a bomb's output is ever allocated at once.
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      const slice = chunk.subarray(at, at + SLICE_BYTES);
      this.#keep(slice);
      this.bytesIn += slice.length;
      this.#inflate(slice, false);
    }
  }

  /** Ends the input: the last member must be complete and match its trailer. */
  end(): void {
    this.#inflate(new Uint8Array(0), true);
    this.#checkTrailer(this.bytesIn);
  }

  #inflate(slice: Uint8Array, final: boolean): void {
    try {
      this.#gunzip.push(slice, final);
    } catch (error) {
      if (error instanceof ProfileError) throw error;
      const reason = final ? 'cut off or not valid gzip data' : 'not valid gzip data';
      throw new ProfileError(
        ProfileErrorCode.CORRUPT_GZIP,
        `Corrupt gzip: ${reason} (${(error as Error).message}) after ${this.bytesIn} compressed bytes`,
        { cause: error },
      );
    }
  }

  /** Compares the member that ends at compressed offset `end` with its trailer. */
  #checkTrailer(end: number): void {
    this.#members++;
    const crc = this.#crc >>> 0;
    const size = this.#size % 2 ** 32;
    this.#crc = 0;
    this.#size = 0;
    if (end < TRAILER_BYTES) this.#corrupt('no trailer');
    if (end - TRAILER_BYTES < this.bytesIn - RING_BYTES) return; // header too long to look back
    const trailer = new Uint8Array(TRAILER_BYTES);
    for (let k = 0; k < TRAILER_BYTES; k++) {
      trailer[k] = this.#ring[(end - TRAILER_BYTES + k) % RING_BYTES]!;
    }
    const view = new DataView(trailer.buffer);
    const wantCrc = view.getUint32(0, true);
    const wantSize = view.getUint32(4, true);
    if (wantCrc !== crc) {
      this.#corrupt(`CRC-32 ${hex(crc)} does not match the trailer's ${hex(wantCrc)}`);
    }
    if (wantSize !== size) {
      this.#corrupt(`${size} bytes (mod 2^32) inflated, the trailer says ${wantSize}`);
    }
  }

  #corrupt(reason: string): never {
    throw new ProfileError(
      ProfileErrorCode.CORRUPT_GZIP,
      `Corrupt gzip: member ${this.#members}: ${reason}`,
    );
  }

  /** Copies `slice` into the ring at its offset. */
  #keep(slice: Uint8Array): void {
    const tail = slice.length > RING_BYTES ? slice.subarray(slice.length - RING_BYTES) : slice;
    const from = (this.bytesIn + slice.length - tail.length) % RING_BYTES;
    const first = Math.min(tail.length, RING_BYTES - from);
    this.#ring.set(tail.subarray(0, first), from);
    if (first < tail.length) this.#ring.set(tail.subarray(first), 0);
  }
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
