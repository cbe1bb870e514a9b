import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of an input the CLI cannot read (meanings: src/shared/errorCodes.ts). */
export const InputErrorCode = codeTable('FILE_NOT_FOUND', 'NOT_A_FILE', 'FILE_NOT_READABLE');
export type InputErrorCode = (typeof InputErrorCode)[keyof typeof InputErrorCode];

/** An input file that cannot be opened or read, with a stable code. */
export class InputError extends CodedError<InputErrorCode> {
  constructor(code: InputErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'InputError';
  }
}

/**
 * The {@link InputError} a file-system error stands for (`ENOENT` not found, `EISDIR` not a
 * file, anything else from the file system not readable), or null for any other error.
 */
export function inputErrorOf(error: unknown, file: string): InputError | null {
  if (error instanceof InputError) return error;
  const fsError = error as NodeJS.ErrnoException | undefined;
  if (!(error instanceof Error) || typeof fsError?.syscall !== 'string') return null;
  const reason = fsError.code ?? 'error';
  if (reason === 'ENOENT' || reason === 'ENOTDIR') {
    return new InputError(InputErrorCode.FILE_NOT_FOUND, `No such file: ${file}`, { cause: error });
  }
  if (reason === 'EISDIR') {
    return new InputError(InputErrorCode.NOT_A_FILE, `Not a file: ${file}`, { cause: error });
  }
  const why = reason === 'EACCES' || reason === 'EPERM' ? 'permission denied' : reason;
  return new InputError(InputErrorCode.FILE_NOT_READABLE, `Cannot read ${file}: ${why}`, {
    cause: error,
  });
}

/**
 * Opens a file (or `-` for stdin) as a byte stream with a display name. The file is opened at
 * once, so a missing or unreadable file fails here with an {@link InputError}; a read that
 * fails later surfaces from the stream as a file-system error (see {@link inputErrorOf}).
 */
export async function openInput(
  file: string,
): Promise<{ name: string; stream: AsyncIterable<Uint8Array>; sizeBytes?: number }> {
  if (file === '-') return { name: 'stdin', stream: process.stdin };
  try {
    const handle = await open(file, 'r');
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new InputError(InputErrorCode.NOT_A_FILE, `Not a file: ${file}`);
    }
    return { name: basename(file), stream: readChunks(handle), sizeBytes: info.size };
  } catch (error) {
    throw inputErrorOf(error, file) ?? error;
  }
}

/** Bytes per read in {@link readChunks}. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a file in 1 MiB chunks into two reused buffers, the next read running while the
 * consumer handles the current chunk, and closes it at the end. Each chunk is valid until the
 * consumer asks for the next one (the profiler's `push` keeps nothing of it), so memory stays
 * flat instead of growing with chunks waiting for garbage collection.
 */
async function* readChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  let current = new Uint8Array(CHUNK_BYTES);
  let next = new Uint8Array(CHUNK_BYTES);
  let position = 0;
  let pending = handle.read(current, 0, CHUNK_BYTES, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      position += bytesRead;
      pending = handle.read(next, 0, CHUNK_BYTES, position);
      yield current.subarray(0, bytesRead);
      [current, next] = [next, current];
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}
