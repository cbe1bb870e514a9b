import { close, ftruncate, open, write } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { S3rverMetadata } from './LeanS3StoreModels.js';

/** One change of the store, as a JSON line of its journal. */
export type LeanS3StoreRecord =
  /** Bucket created (`t`: creation time, ms). */
  | { op: 'bucket'; b: string; t: number }
  /** Bucket deleted, with everything still in it. */
  | { op: 'dropBucket'; b: string }
  /**
   * Object stored: body file `f` (or pack `f` at offset `o`), size `s`, ETag `e` (unquoted),
   * mtime `t` (ms), metadata `m`.
   */
  | {
      op: 'put';
      b: string;
      k: string;
      f: string;
      o?: number;
      s: number;
      e: string;
      t: number;
      m: S3rverMetadata;
    }
  /** Object deleted. */
  | { op: 'del'; b: string; k: string }
  /** Subresource `y` (cors, website, tagging) set on the bucket, or on object `k`, as XML `x`. */
  | { op: 'sub'; b: string; k?: string; y: string; x: string }
  /** Subresource removed. */
  | { op: 'dropSub'; b: string; k?: string; y: string }
  /** Multipart upload `u` started for `b`/`k` with metadata `m` at `t` (ms). */
  | { op: 'upload'; u: string; b: string; k: string; m: S3rverMetadata; t: number }
  /** Part `n` of upload `u` stored in file `f` (size `s`, MD5 hex `e`). */
  | { op: 'part'; u: string; n: number; f: string; s: number; e: string }
  /** Multipart upload finished or dropped. */
  | { op: 'endUpload'; u: string };

/** What a journal file held: its records, and whether anything after them was unreadable. */
export interface JournalContents {
  records: LeanS3StoreRecord[];
  /** The file ended in a partial or corrupt line (a crash mid-append); it was ignored. */
  damaged: boolean;
}

/** Reads a journal; a missing file is an empty journal. Unreadable lines are skipped. */
export async function readJournal(path: string): Promise<JournalContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damaged: false };
    throw error;
  }
  const records: LeanS3StoreRecord[] = [];
  let damaged = false;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      damaged = true; // a torn last line: never acknowledged, so dropped
      break;
    }
    const line = text.slice(start, end);
    start = end + 1;
    if (line.length === 0) continue;
    try {
      const record = JSON.parse(line) as LeanS3StoreRecord;
      if (typeof record === 'object' && record !== null && typeof record.op === 'string') {
        records.push(record);
        continue;
      }
    } catch {
      // fall through: a corrupt line is skipped, and the next compaction drops it
    }
    damaged = true;
  }
  return { records, damaged };
}

/** Replaces a journal with the given records (write a temp file, then rename over it). */
export async function rewriteJournal(
  path: string,
  records: Iterable<LeanS3StoreRecord>,
): Promise<void> {
  const lines: string[] = [];
  for (const record of records) lines.push(`${JSON.stringify(record)}\n`);
  const temp = `${path}.tmp`;
  try {
    await writeFile(temp, lines.join(''));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Append-only journal on one open file descriptor. Appends are written in order; the ones
 * queued while a write is in flight go out together in the next single write (group commit).
 * No fsync: an acknowledged change survives a process crash, not a power loss.
 */
export class LeanS3StoreJournal {
  readonly path: string;
  #fd: number | undefined;
  #queue: string[] = [];
  #waiters: Waiter[] = [];
  #writing = false;
  #truncateRequested = false;
  #truncateWaiters: Waiter[] = [];
  #idle: (() => void)[] = [];

  constructor(path: string) {
    this.path = path;
  }

  /** Opens the file for appending. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      open(this.path, 'a', (error, fd) => {
        if (error) {
          reject(error);
          return;
        }
        this.#fd = fd;
        resolve();
      });
    });
  }

  /** Appends records; resolves once they are written. */
  append(records: LeanS3StoreRecord | readonly LeanS3StoreRecord[]): Promise<void> {
    const list = Array.isArray(records) ? records : [records as LeanS3StoreRecord];
    return new Promise<void>((resolve, reject) => {
      for (const record of list) this.#queue.push(`${JSON.stringify(record)}\n`);
      this.#waiters.push({ resolve, reject });
      if (!this.#writing) this.#flush();
    });
  }

  /** Empties the file once the writes queued so far are done (for `reset()`). */
  truncate(): void {
    // records queued but not yet written are dropped: they are older than the reset
    this.#truncateWaiters.push(...this.#waiters);
    this.#queue = [];
    this.#waiters = [];
    this.#truncateRequested = true;
    if (!this.#writing) this.#flush();
  }

  /** Waits for pending writes, then closes the descriptor. */
  async close(): Promise<void> {
    if (this.#writing) await new Promise<void>((resolve) => this.#idle.push(resolve));
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) await new Promise<void>((resolve) => close(fd, () => resolve()));
  }

  #flush(): void {
    const fd = this.#fd;
    if (this.#truncateRequested) {
      this.#truncateRequested = false;
      const waiters = this.#truncateWaiters;
      this.#truncateWaiters = [];
      if (fd !== undefined) {
        this.#writing = true;
        ftruncate(fd, 0, (error) => {
          for (const waiter of waiters) {
            if (error) waiter.reject(error);
            else waiter.resolve();
          }
          this.#done();
        });
        return;
      }
      for (const waiter of waiters) waiter.resolve();
    }
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    const data = Buffer.from(this.#queue.join(''));
    this.#queue = [];
    this.#waiters = [];
    if (fd === undefined) {
      const error = new Error(`journal ${this.path} is not open`);
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    this.#writing = true;
    const onWritten = (error: Error | null, written: number, offset: number): void => {
      if (!error && offset + written < data.length) {
        write(fd, data, offset + written, data.length - offset - written, null, (e, n) =>
          onWritten(e, n, offset + written),
        );
        return;
      }
      for (const waiter of waiters) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      this.#done();
    };
    write(fd, data, 0, data.length, null, (error, written) => onWritten(error, written, 0));
  }

  #done(): void {
    this.#writing = false;
    if (this.#truncateRequested || this.#waiters.length > 0) {
      this.#flush();
      return;
    }
    const idle = this.#idle;
    this.#idle = [];
    for (const resolve of idle) resolve();
  }
}
