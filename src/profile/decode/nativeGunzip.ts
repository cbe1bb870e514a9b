import { pipeline } from 'node:stream/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { ProfileError, ProfileErrorCode } from '../errors.js';
import { isGzipMagic } from './GzipReader.js';

/** Output bytes per chunk of the native gunzip (zlib streams default to 16 KiB). */
const CHUNK_BYTES = 256 * 1024;

/** A piece of gzip's output, and the compressed bytes read when it came out. */
export interface InflatedChunk {
  data: Uint8Array;
  compressedBytes: number;
}

/** An async source split by its first two bytes: gzip (GzipReader.ts `isGzipMagic`) or not. */
export interface SniffedSource {
  gzip: boolean;
  /** Every byte of the source, the first ones included. */
  chunks: AsyncIterable<Uint8Array>;
}

/**
 * Reads the first two bytes of `source` to tell gzip from the rest (as InputDecoder.push does
 * for pushed bytes), and gives the whole source back.
 */
export async function sniffGzip(source: AsyncIterable<Uint8Array>): Promise<SniffedSource> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < 2) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    if (next.value.length === 0) continue;
    // A chunk held while another is read is copied: the source may reuse its buffers.
    head.push(length + next.value.length < 2 ? new Uint8Array(next.value) : next.value);
    length += next.value.length;
  }
  const first = head.length > 0 ? head[0]! : new Uint8Array(0);
  const second = first.length > 1 ? first[1] : head[1]?.[0];
  const gzip = isGzipMagic(first[0], second);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* head;
      if (done) return;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      done = true;
    } finally {
      // A reader that stops early (an error) closes the source, as `for await` over it would.
      if (!done) await it.return?.();
    }
  }
  return { gzip, chunks: chunks() };
}

/**
 * Inflates gzip with Node's zlib, on libuv's thread pool, so the inflating runs beside the
 * profile instead of before it (about 2.7 times as fast as fflate's JavaScript inflate in
 * GzipReader.ts, which the synchronous `push()` keeps). The same contract as GzipReader:
 * CORRUPT_GZIP when the data is cut off, does not inflate, a member's CRC-32 or size disagrees
 * with its trailer (zlib checks both), or bytes that are no gzip member follow the last one
 * (zlib skips trailing zero bytes, as `gzip -t` warns of them; they are refused here too).
 * Every member of a multi-member file is read.
 */
export async function* gunzipNative(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<InflatedChunk, number> {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  let compressed = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      compressed += chunk.length;
      // zlib reads the bytes later, on another thread: a copy, as the source may reuse them.
      yield Buffer.from(chunk);
    }
  }
  const fed = pipeline(counted(), gunzip);
  // A consumer that stops early (an inflation limit) destroys the stream; its rejection is
  // then expected and not this generator's to report.
  fed.catch(() => undefined);
  try {
    for await (const data of gunzip as AsyncIterable<Buffer>) {
      yield { data, compressedBytes: compressed };
    }
    await fed;
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    // zlib ends its output at trailing zero bytes; more of them written after that end close
    // the stream early.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      throw corrupt(error as Error, gunzip, compressed);
    }
  } finally {
    gunzip.destroy();
  }
  if (gunzip.bytesWritten < compressed) {
    throw new ProfileError(
      ProfileErrorCode.CORRUPT_GZIP,
      `Corrupt gzip: bytes that are no gzip member follow the last one, at compressed byte ${gunzip.bytesWritten}`,
    );
  }
  return compressed;
}

/** CORRUPT_GZIP for a zlib error (Node's codes: Z_DATA_ERROR, Z_BUF_ERROR at a cut-off end). */
function corrupt(error: Error, gunzip: Gunzip, compressed: number): Error {
  const code = (error as { code?: string }).code;
  if (code !== 'Z_DATA_ERROR' && code !== 'Z_BUF_ERROR') return error;
  const reason = code === 'Z_BUF_ERROR' ? 'cut off or not valid gzip data' : 'not valid gzip data';
  return new ProfileError(
    ProfileErrorCode.CORRUPT_GZIP,
    `Corrupt gzip: ${reason} (${error.message}) after ${gunzip.bytesWritten} of ${compressed} compressed bytes`,
    { cause: error },
  );
}
