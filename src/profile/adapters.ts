import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createProfiler, type ProfileState } from './Profiler.js';
import type { ProfileOptions, Summary } from './types.js';

/** Profiles an async iterable of byte chunks (a Node stream, an S3 body). */
export async function profileStream(
  source: AsyncIterable<Uint8Array>,
  options: ProfileOptions = {},
): Promise<Summary> {
  const profiler = createProfiler(options);
  for await (const chunk of source) profiler.push(chunk);
  return profiler.end();
}

/** Profiles a file on disk, streamed in 1 MiB chunks; `fileName` defaults to its base name. */
export async function profileFile(path: string, options: ProfileOptions = {}): Promise<Summary> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  return profileStream(stream, { fileName: basename(path), ...options });
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
