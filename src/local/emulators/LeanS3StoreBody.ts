import { createHash } from 'node:crypto';
import { close, open, read, write } from 'node:fs';
import { copyFile, type FileHandle, link, open as openFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** Bytes gathered before each write once a body streams to its file. */
const FLUSH_BYTES = 1024 * 1024;
/** Largest read of a body file. */
const READ_BYTES = 1024 * 1024;

/** A received body: size, MD5 (hex) and, when it was small enough, the bytes. */
export interface ReceivedBody {
  size: number;
  md5: string;
  /** The whole body, when it stayed within the memory limit (then nothing was written). */
  body?: Buffer;
}

/**
 * Reads a request body while hashing it. Up to `memoryLimit` bytes are buffered and returned
 * (the caller stores them); a larger body goes to the file `path` in 1 MiB writes as it
 * arrives. On failure that file is removed.
 */
export async function receiveBody(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  path: string,
  memoryLimit: number,
): Promise<ReceivedBody> {
  const hash = createHash('md5');
  if (source instanceof Uint8Array) {
    const body = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return { size: body.length, md5: hash.update(body).digest('hex'), body };
  }
  const chunks: Buffer[] = [];
  let pending = 0;
  let size = 0;
  let file: FileHandle | undefined;
  try {
    for await (const data of source) {
      const chunk = Buffer.isBuffer(data)
        ? data
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      hash.update(chunk);
      size += chunk.length;
      chunks.push(chunk);
      pending += chunk.length;
      if (file === undefined && size > memoryLimit) file = await openFile(path, 'w');
      if (file !== undefined && pending >= FLUSH_BYTES) {
        await writeChunks(file, chunks);
        chunks.length = 0;
        pending = 0;
      }
    }
    const md5 = hash.digest('hex');
    if (file !== undefined) {
      await writeChunks(file, chunks);
      await file.close();
      return { size, md5 };
    }
    return { size, md5, body: Buffer.concat(chunks, size) };
  } catch (error) {
    if (file !== undefined) {
      await file.close().catch(() => {});
      await rm(path, { force: true });
    }
    throw error;
  }
}

/** Gives a body file a second name: a hard link, or a copy where links fail. */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await rm(target, { force: true });
    await copyFile(source, target);
  }
}

/** Writes all of `body` at `position` of an open file. */
export function writeAt(fd: number, body: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (offset: number): void => {
      if (offset >= body.length) {
        resolve();
        return;
      }
      write(fd, body, offset, body.length - offset, position + offset, (error, written) => {
        if (error) reject(error);
        else next(offset + written);
      });
    };
    next(0);
  });
}

async function writeChunks(file: FileHandle, chunks: Buffer[]): Promise<void> {
  if (chunks.length === 0) return;
  const { bytesWritten } = await file.writev(chunks);
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  if (bytesWritten < total) {
    // short write (rare on regular files): write the rest
    await file.write(Buffer.concat(chunks, total).subarray(bytesWritten));
  }
}

/** A readable that pushes one buffer (a cached body or a slice of it). */
export class LeanS3StoreBufferReadable extends Readable {
  #body: Buffer | undefined;

  constructor(body: Buffer) {
    super();
    this.#body = body;
  }

  override _read(): void {
    const body = this.#body;
    this.#body = undefined;
    if (body !== undefined && body.length > 0) this.push(body);
    this.push(null);
  }
}

/** Hooks of a {@link LeanS3StoreFileReadable}. */
export interface FileReadableHooks {
  /** Called once when the stream is done or destroyed (the file may be released then). */
  onClose(): void;
  /** Called with the whole body when it was read in one piece (to cache it). */
  onWhole?: ((body: Buffer) => void) | undefined;
}

/** Where a {@link LeanS3StoreFileReadable} reads: a file to open, or an open descriptor. */
export type FileSource = { path: string } | { fd: number };

/**
 * Reads `length` bytes at `position` of a body file or pack. A file is opened on the first read
 * only, so a HEAD request (which destroys the stream unread) costs no file I/O; a pack's
 * descriptor stays open and is read with positional reads.
 */
export class LeanS3StoreFileReadable extends Readable {
  readonly #path: string | undefined;
  readonly #ownsFd: boolean;
  readonly #end: number;
  readonly #whole: boolean;
  readonly #hooks: FileReadableHooks;
  #position: number;
  #fd: number | undefined;
  #busy = false;
  #closed = false;
  #first = true;

  /** `whole`: the range is the whole body (then a one-piece read is handed to `onWhole`). */
  constructor(
    source: FileSource,
    position: number,
    length: number,
    whole: boolean,
    hooks: FileReadableHooks,
  ) {
    super();
    if ('fd' in source) {
      this.#fd = source.fd;
      this.#ownsFd = false;
    } else {
      this.#path = source.path;
      this.#ownsFd = true;
    }
    this.#position = position;
    this.#end = position + length;
    this.#whole = whole;
    this.#hooks = hooks;
  }

  override _read(): void {
    if (this.#fd !== undefined) {
      this.#readChunk(this.#fd);
      return;
    }
    this.#busy = true;
    open(this.#path ?? '', 'r', (error, fd) => {
      this.#busy = false;
      if (!error) this.#fd = fd;
      if (this.destroyed) {
        this.#closeFd();
        return;
      }
      if (error) {
        this.destroy(error);
        return;
      }
      this.#readChunk(fd);
    });
  }

  #readChunk(fd: number): void {
    const remaining = this.#end - this.#position;
    if (remaining <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(Math.min(remaining, READ_BYTES));
    this.#busy = true;
    read(fd, buffer, 0, buffer.length, this.#position, (error, bytesRead) => {
      this.#busy = false;
      if (this.destroyed) {
        this.#closeFd();
        return;
      }
      if (error || bytesRead === 0) {
        this.destroy(error ?? new Error('a body file is shorter than its index entry'));
        return;
      }
      const chunk = bytesRead < buffer.length ? buffer.subarray(0, bytesRead) : buffer;
      if (this.#whole && this.#first && bytesRead === remaining) this.#hooks.onWhole?.(chunk);
      this.#first = false;
      this.#position += bytesRead;
      this.push(chunk);
      if (this.#position >= this.#end) this.push(null);
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#busy) this.#closeFd();
    callback(error);
  }

  #closeFd(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined && this.#ownsFd) close(fd, () => {});
    if (!this.#closed) {
      this.#closed = true;
      this.#hooks.onClose();
    }
  }
}
