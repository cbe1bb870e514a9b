import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { type ProfileOptions, profileStream, type Summary } from '../profile/index.js';
import { fileSource } from './fileSource.js';

/**
 * Profiles a file on disk; `fileName` defaults to its base name. Reads 1 MiB chunks into two
 * reused buffers (fileSource.ts: the next read runs while the current chunk is profiled), so
 * memory stays flat; gzip is inflated by Node's zlib beside the profile (profileStream).
 *
 * @example
 * const summary = await profileFile('test-data/patients_dirty.csv');
 */
export async function profileFile(path: string, options: ProfileOptions = {}): Promise<Summary> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    return await profileStream(fileSource(handle, size).chunks(0, size), {
      fileName: basename(path),
      ...options,
    });
  } finally {
    await handle.close();
  }
}
