import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { createProfiler, type ProfileOptions, type Summary } from '../profile/index.js';

/** Bytes per read in {@link profileFile}. */
const FILE_CHUNK_BYTES = 1 << 20;

/**
 * Profiles a file on disk; `fileName` defaults to its base name. Reads 1 MiB chunks into two
 * reused buffers (the next read runs while the current chunk is profiled), so memory stays
 * flat instead of growing with chunks waiting for garbage collection.
 *
 * @example
 * const summary = await profileFile('test-data/patients_dirty.csv');
 */
export async function profileFile(path: string, options: ProfileOptions = {}): Promise<Summary> {
  const profiler = createProfiler({ fileName: basename(path), ...options });
  const handle = await open(path, 'r');
  const buffers = [new Uint8Array(FILE_CHUNK_BYTES), new Uint8Array(FILE_CHUNK_BYTES)];
  let position = 0;
  let pending = handle.read(buffers[0]!, 0, FILE_CHUNK_BYTES, position);
  try {
    for (let k = 0; ; k ^= 1) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      pending = handle.read(buffers[k ^ 1]!, 0, FILE_CHUNK_BYTES, position);
      profiler.push(buffers[k]!.subarray(0, bytesRead));
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
  return profiler.end();
}
