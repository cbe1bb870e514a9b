import type { FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../profile/index.js';

/** Bytes per positional read (as profileFile.ts reads a file). */
const READ_BYTES = 1 << 20;

/**
 * A {@link ByteSource} over an open file: positional reads (`pread`), so threads that share the
 * file each read their own range. Each read of a range goes through two reused 1 MiB buffers,
 * the next read running while the current chunk is profiled, so memory stays flat.
 */
export function fileSource(handle: FileHandle, size: number): ByteSource {
  return {
    size,
    async *chunks(start, end) {
      const last = Math.min(end, size);
      if (start >= last) return;
      const buffers = [new Uint8Array(READ_BYTES), new Uint8Array(READ_BYTES)];
      const read = (k: number, at: number): Promise<{ bytesRead: number }> =>
        handle.read(buffers[k]!, 0, Math.min(READ_BYTES, last - at), at);
      let position = start;
      let pending = read(0, position);
      try {
        for (let k = 0; ; k ^= 1) {
          const { bytesRead } = await pending;
          if (bytesRead === 0) return;
          const chunk = buffers[k]!.subarray(0, bytesRead);
          position += bytesRead;
          pending = position < last ? read(k ^ 1, position) : Promise.resolve({ bytesRead: 0 });
          yield chunk;
        }
      } finally {
        await pending.catch(() => undefined);
      }
    },
  };
}
