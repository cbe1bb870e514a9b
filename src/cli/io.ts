import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';

/** Opens a file (or `-` for stdin) as a byte stream with a display name. */
export async function openInput(
  file: string,
): Promise<{ name: string; stream: AsyncIterable<Uint8Array> }> {
  if (file === '-') return { name: 'stdin', stream: process.stdin };
  const info = await stat(file).catch(() => null);
  if (info === null) throw new Error(`No such file: ${file}`);
  if (!info.isFile()) throw new Error(`Not a file: ${file}`);
  return { name: basename(file), stream: createReadStream(file, { highWaterMark: 1 << 20 }) };
}
