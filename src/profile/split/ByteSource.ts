/**
 * Reads of one file at a position (a local file, one S3 object version, bytes in memory): what
 * a piece of a split profile reads its range, and the bytes around it, from. One call per piece
 * (on S3 one ranged GET), read as far as the piece needs and then closed.
 */
export interface ByteSource {
  /** The file's size in bytes. */
  readonly size: number;
  /**
   * The bytes from `start` on, up to `end` (exclusive), in chunks; a chunk stays valid until the
   * next one is asked for. Breaking out of the iteration releases the read.
   */
  chunks(start: number, end: number): AsyncIterable<Uint8Array>;
}

/** A {@link ByteSource} over bytes in memory, in chunks of `chunkBytes` (tests, small files). */
export function bytesSource(bytes: Uint8Array, chunkBytes = 1 << 20): ByteSource {
  return {
    size: bytes.length,
    async *chunks(start, end) {
      for (let at = start; at < Math.min(end, bytes.length); at += chunkBytes) {
        yield bytes.subarray(at, Math.min(end, at + chunkBytes));
      }
    },
  };
}

/**
 * The chunks of one read, taken a bounded number of bytes at a time (the rest of a chunk waits
 * for the next take). `position` is the file offset of the next byte.
 */
export class ByteCursor {
  position: number;
  readonly #iterator: AsyncIterator<Uint8Array>;
  #rest: Uint8Array = new Uint8Array(0);
  #done = false;

  constructor(source: ByteSource, start: number, end: number) {
    this.position = start;
    this.#iterator = source.chunks(start, end)[Symbol.asyncIterator]();
  }

  /** The next at most `max` bytes (valid until the next take), or null at the end. */
  async take(max: number): Promise<Uint8Array | null> {
    while (this.#rest.length === 0) {
      if (this.#done) return null;
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#done = true;
        return null;
      }
      this.#rest = next.value;
    }
    const out = this.#rest.length > max ? this.#rest.subarray(0, max) : this.#rest;
    this.#rest = this.#rest.subarray(out.length);
    this.position += out.length;
    return out;
  }

  /** Puts `bytes` (the ones just taken, or their end) back in front of the next take. */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#rest = this.#rest.length === 0 ? bytes : Buffer.concat([bytes, this.#rest]);
    this.position -= bytes.length;
  }

  /** Ends the read (on S3, aborts the rest of the body). */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#iterator.return?.();
  }
}
