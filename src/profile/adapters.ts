// The profiler's adapters without I/O: bytes in memory, and any async iterable of chunks (a Node
// Readable, an S3 body) that the caller opened. Reading a file from disk lives in src/files/.
import { createProfiler } from './Profiler.js';
import type { ProfileState } from './state/types.js';
import type { ProfileOptions, Summary } from './types.js';

/** Profiles an async iterable of byte chunks (a Node stream, an S3 body), opened by the caller. */
export async function profileStream(
  source: AsyncIterable<Uint8Array>,
  options: ProfileOptions = {},
): Promise<Summary> {
  const profiler = createProfiler(options);
  for await (const chunk of source) profiler.push(chunk);
  return profiler.end();
}

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
