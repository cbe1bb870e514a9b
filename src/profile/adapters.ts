// The profiler's adapters without I/O: bytes in memory, and any async iterable of chunks (a Node
// Readable, an S3 body) that the caller opened. Reading a file from disk lives in src/files/.
import { gunzipNative, sniffGzip } from './decode/nativeGunzip.js';
import { createProfiler } from './Profiler.js';
import type { ProfileState } from './state/types.js';
import type { ProfileOptions, Summary } from './types.js';

/**
 * Profiles an async iterable of byte chunks (a Node stream, an S3 body, a file's reads), opened
 * by the caller; the chunks may reuse one buffer. Gzip is inflated by Node's zlib beside the
 * profile (decode/nativeGunzip.ts), not by push()'s JavaScript inflate.
 */
export async function profileStream(
  source: AsyncIterable<Uint8Array>,
  options: ProfileOptions = {},
): Promise<Summary> {
  const profiler = createProfiler(options);
  const input = await sniffGzip(source);
  if (input.gzip) {
    const inflated = gunzipNative(input.chunks);
    try {
      let next = await inflated.next();
      for (; !next.done; next = await inflated.next()) {
        profiler.pushInflated(next.value.data, next.value.compressedBytes);
      }
      profiler.pushInflated(EMPTY, next.value);
    } finally {
      // Stops the inflating and the reads when the profile ends early (an error).
      await inflated.return(0);
    }
  } else {
    for await (const chunk of input.chunks) profiler.push(chunk);
  }
  return profiler.end();
}

const EMPTY = new Uint8Array(0);

/** Profiles bytes already in memory. */
export function profileBytes(bytes: Uint8Array, options: ProfileOptions = {}): Summary {
  const profiler = createProfiler(options);
  profiler.push(bytes);
  return profiler.end();
}

/** Profiles bytes and returns the mergeable state (for parallel pieces). */
export function profileBytesState(bytes: Uint8Array, options: ProfileOptions = {}): ProfileState {
  const profiler = createProfiler(options);
  profiler.push(bytes);
  return profiler.endState();
}
