import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type S3rverMetadata, type S3rverObject, s3rverModules } from './s3rverModules.js';

const { FilesystemStore, S3Object, S3Error } = s3rverModules();

/** s3rver's file names: `<last key segment>._S3rver_<resource>` (`stores/filesystem.js`). */
const SUFFIX = {
  body: '._S3rver_object',
  md5: '._S3rver_object.md5',
  metadata: '._S3rver_metadata.json',
} as const;
/** s3rver keeps multipart parts under `<bucket>/._S3rver_uploads/<uploadId>/`. */
const UPLOADS_DIR = '._S3rver_uploads';
/** A write in progress: `<final name>.tmp-<id>`; a delete in progress: `<body name>.del-<id>`. */
const TMP = '.tmp-';
const DEL = '.del-';
/** Field of `metadata.json` with the body's size, so a truncated body is caught without reading it. */
const SIZE_FIELD = 'x-local-content-length';
/** Bodies up to this size are read and MD5-checked before the first byte is sent. */
const VERIFY_IN_MEMORY_BYTES = 8 * 1024 * 1024;
const MD5_HEX = /^[0-9a-f]{32}$/;
/** S3's bucket naming rule (3-63 lower-case letters, digits, dots, hyphens); other folders are not buckets. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A stored object whose files do not agree; GETs of it fail with `InternalError`. */
export interface DamagedObject {
  bucket: string;
  key: string;
  /** What is wrong, one short phrase, e.g. `body is 10 bytes, its metadata says 47`. */
  problem: string;
  /** The object's files that exist (absolute paths). */
  files: string[];
}

/** What {@link CheckedFilesystemStore.recover} did to writes and deletes a crash interrupted. */
export interface RecoveryReport {
  /** Writes whose body was already in place: their checksum and metadata were put in place too. */
  completedWrites: number;
  /** Temporary files of writes cut before their commit (never acknowledged), removed. */
  discardedWrites: number;
  /** Deletes cut halfway (the body was already gone), finished. */
  completedDeletes: number;
}

/** What {@link CheckedFilesystemStore.check} found. */
export interface StoreCheckReport {
  objects: number;
  damaged: DamagedObject[];
}

interface Opened {
  handle?: FileHandle;
  stat?: Stats;
  stored: S3rverMetadata;
  md5?: string;
  problem?: string;
  exists: boolean;
}

const isMissing = (error: unknown): boolean => (error as { code?: string }).code === 'ENOENT';

/**
 * s3rver's own filesystem store (`s3rver/lib/stores/filesystem.js`: one body, one `.md5` and one
 * `metadata.json` file per object, in folders named after the key) with the guarantees the local
 * target needs and s3rver 3.7.1 lacks:
 *
 * - atomic writes: a body is streamed to a temporary file, flushed, then renamed over the old one
 *   (s3rver truncates the live file first and answers before its write stream has flushed);
 *   checksum and metadata follow by rename under a per-key lock, and {@link recover} finishes or
 *   discards whatever a crash interrupted;
 * - checked reads: a GET compares the body with the stored size and MD5 (the ETag) and fails at
 *   once with `InternalError` and a clear message instead of serving other bytes (s3rver
 *   recomputes a missing checksum from whatever body it finds);
 * - {@link check} and {@link quarantine} report and set aside damaged objects.
 *
 * Not covered: power loss (nothing is fsynced; a `kill -9` keeps what reached the page cache).
 */
export class CheckedFilesystemStore extends FilesystemStore {
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #listing: () => { truncatedAfter?: string } | undefined;

  /**
   * @param rootDirectory s3rver's directory (one folder per bucket).
   * @param options.listing The state of the current ListObjectsV2 request, if any (see
   *   `listV2Tokens.ts`): a truncated listing is reported there instead of to s3rver.
   */
  constructor(
    rootDirectory: string,
    options: { listing?: () => { truncatedAfter?: string } | undefined } = {},
  ) {
    super(rootDirectory);
    this.#listing = options.listing ?? (() => undefined);
  }

  // --- buckets -----------------------------------------------------------------------------

  override async listBuckets(): Promise<Array<{ name: string }>> {
    const buckets = await super.listBuckets();
    return buckets.filter((bucket) => BUCKET_NAME.test(bucket.name));
  }

  override async getBucket(bucket: string): Promise<{ name: string } | null> {
    return BUCKET_NAME.test(bucket) ? super.getBucket(bucket) : null;
  }

  override async listObjects(
    bucket: string,
    options: Record<string, unknown>,
  ): Promise<{ objects: S3rverObject[]; commonPrefixes: string[]; isTruncated: boolean }> {
    const result = await super.listObjects(bucket, options);
    const listing = this.#listing();
    const last = result.objects.at(-1);
    if (listing && result.isTruncated && last) {
      listing.truncatedAfter = last.key;
      result.isTruncated = false;
    }
    return result;
  }

  // --- objects -----------------------------------------------------------------------------

  /** Lenient (listings, copy results): what is known of the object; ENOENT when it has no body. */
  override async getMetadata(bucket: string, key: string): Promise<S3rverMetadata> {
    const opened = await this.#open(bucket, key, false);
    await opened.handle?.close();
    if (!opened.stat) {
      throw Object.assign(new Error(`no body for ${bucket}/${key}`), { code: 'ENOENT' });
    }
    return this.#headers(opened);
  }

  override async existsObject(bucket: string, key: string): Promise<boolean> {
    const opened = await this.#open(bucket, key, false);
    await opened.handle?.close();
    return opened.stat !== undefined;
  }

  /** Strict: a damaged object fails here, before any header is sent. */
  override async getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<S3rverObject | null> {
    const opened = await this.#open(bucket, key, true);
    if (!opened.exists) return null;
    const { handle, stat, md5 } = opened;
    if (opened.problem || !handle || !stat || !md5) {
      await handle?.close();
      throw damagedError(bucket, key, opened.problem ?? 'body file is missing');
    }
    const metadata = this.#headers(opened);
    // s3rver's range semantics (stores/filesystem.js getObject), kept as they are.
    const lastByte = Math.max(0, stat.size - 1);
    const ranged = options !== undefined && (options.start !== undefined || !!options.end);
    const range = {
      start: options?.start || 0,
      end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte),
    };
    if (range.start < 0 || Math.min(range.end, lastByte) < range.start) {
      await handle.close();
      const object = new S3Object(bucket, key, null, metadata);
      if (ranged) object.range = range;
      return object;
    }
    let content: Readable;
    if (ranged) {
      content = handle.createReadStream({ start: range.start, end: range.end });
    } else if (stat.size <= VERIFY_IN_MEMORY_BYTES) {
      content = verifiedInMemory(handle, stat.size, md5, (problem) =>
        damagedError(bucket, key, problem),
      );
    } else {
      content = handle
        .createReadStream()
        .pipe(
          holdBackUntilVerified(stat.size, md5, (problem) => damagedError(bucket, key, problem)),
        );
    }
    const object = new S3Object(bucket, key, content, metadata);
    if (ranged) object.range = range;
    return object;
  }

  /** Temporary files, then three renames under the key's lock; {@link recover} finishes a cut commit. */
  override async putObject(object: S3rverObject): Promise<{ size: number; md5: string }> {
    const paths = this.#paths(object.bucket, object.key);
    await mkdir(dirname(paths.body), { recursive: true });
    const id = randomBytes(6).toString('hex');
    const tmp = (path: string) => `${path}${TMP}${id}`;
    let size = 0;
    let md5 = '';
    try {
      const hash = createHash('md5');
      const source =
        object.content === null
          ? Readable.from([])
          : Buffer.isBuffer(object.content)
            ? Readable.from([object.content])
            : object.content;
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(tmp(paths.body)),
      );
      md5 = hash.digest('hex');
      await writeFile(tmp(paths.md5), md5);
      await writeFile(tmp(paths.metadata), storedMetadataJson(object.metadata, size));
    } catch (error) {
      await Promise.all(
        [paths.body, paths.md5, paths.metadata].map((path) => rm(tmp(path), { force: true })),
      );
      throw error;
    }
    await this.#locked(paths.body, async () => {
      await rename(tmp(paths.body), paths.body); // the commit point
      await rename(tmp(paths.md5), paths.md5);
      await rename(tmp(paths.metadata), paths.metadata);
    });
    return { size, md5 };
  }

  /** A copy is a checked read and an atomic write (s3rver copies the files in place). */
  override async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: S3rverMetadata | null,
  ): Promise<S3rverMetadata> {
    const source = await this.getObject(srcBucket, srcKey);
    if (!source) throw Object.assign(new Error(`no object ${srcKey}`), { code: 'ENOENT' });
    await this.putObject(
      new S3Object(destBucket, destKey, source.content, replacementMetadata ?? source.metadata),
    );
    return this.getMetadata(destBucket, destKey);
  }

  /** The body is renamed away first, so a cut delete leaves no object that looks damaged. */
  override async deleteObject(bucket: string, key: string): Promise<void> {
    const paths = this.#paths(bucket, key);
    const trash = `${paths.body}${DEL}${randomBytes(6).toString('hex')}`;
    await this.#locked(paths.body, async () => {
      const moved = await rename(paths.body, trash).then(
        () => true,
        (error: unknown) => {
          if (isMissing(error)) return false;
          throw error;
        },
      );
      await Promise.all([paths.md5, paths.metadata].map((path) => rm(path, { force: true })));
      if (moved) await unlink(trash);
    });
    await removeEmptyParents(dirname(paths.body), this.getBucketPath(bucket));
  }

  // --- start-up ----------------------------------------------------------------------------

  /**
   * Finishes what a crash interrupted, before the store serves anything: a write whose body was
   * renamed in place gets its checksum and metadata; a write cut before that is discarded (it was
   * never acknowledged); a delete whose body was already moved away is finished.
   */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = { completedWrites: 0, discardedWrites: 0, completedDeletes: 0 };
    const writes = new Map<string, string[]>();
    for await (const file of walkBuckets(this.rootDirectory)) {
      const del = file.lastIndexOf(DEL);
      if (del > 0 && file.slice(0, del).endsWith(SUFFIX.body)) {
        const body = file.slice(0, del);
        const base = body.slice(0, -SUFFIX.body.length);
        const bodyExists = await access(body);
        if (!bodyExists) {
          await rm(`${base}${SUFFIX.md5}`, { force: true });
          await rm(`${base}${SUFFIX.metadata}`, { force: true });
        }
        await rm(file, { force: true });
        report.completedDeletes += 1;
        continue;
      }
      const tmp = file.lastIndexOf(TMP);
      if (tmp <= 0) continue;
      const id = file.slice(tmp + TMP.length);
      const target = file.slice(0, tmp);
      const kind = Object.values(SUFFIX).find((suffix) => target.endsWith(suffix));
      if (!kind) continue;
      const base = target.slice(0, -kind.length);
      const group = `${base}\0${id}`;
      writes.set(group, [...(writes.get(group) ?? []), file]);
    }
    for (const [group, files] of writes) {
      const [base, id] = group.split('\0') as [string, string];
      const bodyTmp = `${base}${SUFFIX.body}${TMP}${id}`;
      if (files.includes(bodyTmp)) {
        await Promise.all(files.map((file) => rm(file, { force: true })));
        report.discardedWrites += 1;
      } else {
        for (const file of files) await rename(file, file.slice(0, file.lastIndexOf(TMP)));
        report.completedWrites += 1;
      }
    }
    return report;
  }

  /**
   * Checks every object: readable metadata, a checksum, a body of the recorded size; with `deep`,
   * also the body's MD5 against the checksum (reads every byte).
   */
  async check(options: { deep?: boolean } = {}): Promise<StoreCheckReport> {
    const report: StoreCheckReport = { objects: 0, damaged: [] };
    const seen = new Set<string>();
    for await (const file of walkBuckets(this.rootDirectory)) {
      const kind = Object.values(SUFFIX).find((suffix) => file.endsWith(suffix));
      if (!kind) continue;
      const base = file.slice(0, -kind.length);
      if (seen.has(base)) continue;
      seen.add(base);
      const [bucket, ...parts] = relative(this.rootDirectory, base).split(sep);
      if (!bucket) continue;
      const key = parts.join('/');
      report.objects += 1;
      const opened = await this.#open(bucket, key, true);
      let problem = opened.problem ?? (opened.stat ? undefined : 'body file is missing');
      if (!problem && options.deep && opened.handle && opened.md5) {
        const actual = createHash('md5')
          .update(await opened.handle.readFile())
          .digest('hex');
        if (actual !== opened.md5) problem = `body MD5 ${actual} is not its ETag ${opened.md5}`;
      }
      await opened.handle?.close();
      if (problem) {
        const files = [];
        for (const suffix of Object.values(SUFFIX)) {
          if (await access(`${base}${suffix}`)) files.push(`${base}${suffix}`);
        }
        report.damaged.push({ bucket, key, problem, files });
      }
    }
    return report;
  }

  /**
   * Moves the files of damaged objects under `into` (same relative paths), so they stop being
   * objects and nothing is lost; returns the new paths.
   */
  async quarantine(objects: readonly DamagedObject[], into: string): Promise<string[]> {
    const moved: string[] = [];
    for (const object of objects) {
      const body = this.getResourcePath(object.bucket, object.key, 'object');
      await this.#locked(body, async () => {
        for (const file of object.files) {
          const target = join(into, relative(this.rootDirectory, file));
          await mkdir(dirname(target), { recursive: true });
          await rename(file, target).then(
            () => moved.push(target),
            (error: unknown) => {
              if (!isMissing(error)) throw error;
            },
          );
        }
      });
      await removeEmptyParents(dirname(body), this.getBucketPath(object.bucket));
    }
    return moved;
  }

  // --- internals ---------------------------------------------------------------------------

  #paths(bucket: string, key: string): { body: string; md5: string; metadata: string } {
    return {
      body: this.getResourcePath(bucket, key, 'object'),
      md5: this.getResourcePath(bucket, key, 'object.md5'),
      metadata: this.getResourcePath(bucket, key, 'metadata.json'),
    };
  }

  /** Runs `task` after every earlier task on the same path (commits, deletes, opens). */
  async #locked<T>(path: string, task: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(path) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => {});
    this.#locks.set(path, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(path) === tail) this.#locks.delete(path);
    }
  }

  /** Opens the body and reads checksum and metadata as one consistent set (under the key's lock). */
  async #open(bucket: string, key: string, strict: boolean): Promise<Opened> {
    const paths = this.#paths(bucket, key);
    return this.#locked(paths.body, async () => {
      const [handle, metadataText, md5Text] = await Promise.all([
        open(paths.body, 'r').catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        }),
        readFile(paths.metadata, 'utf8').catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        }),
        readFile(paths.md5, 'utf8').catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        }),
      ]);
      const opened: Opened = {
        stored: {},
        exists: handle !== undefined || metadataText !== undefined || md5Text !== undefined,
      };
      if (handle) {
        opened.handle = handle;
        opened.stat = await handle.stat();
      }
      if (metadataText !== undefined) {
        try {
          opened.stored = JSON.parse(metadataText) as S3rverMetadata;
        } catch {
          opened.problem = 'metadata file is unreadable (torn or truncated)';
        }
      }
      const md5 = md5Text?.trim();
      if (md5 !== undefined && MD5_HEX.test(md5)) opened.md5 = md5;
      if (!strict) return opened;
      if (!opened.exists) return opened;
      if (!handle) opened.problem ??= 'body file is missing';
      else if (md5Text === undefined) opened.problem ??= 'checksum file is missing';
      else if (!opened.md5) opened.problem ??= 'checksum file is unreadable';
      const recorded = Number(opened.stored[SIZE_FIELD]);
      if (!opened.problem && opened.stat && opened.stored[SIZE_FIELD] !== undefined) {
        if (opened.stat.size !== recorded) {
          opened.problem = `body is ${opened.stat.size} bytes, its metadata says ${recorded}`;
        }
      }
      return opened;
    });
  }

  /** The headers s3rver's `getMetadata` returns: stored ones, ETag, Last-Modified, size. */
  #headers(opened: Opened): S3rverMetadata {
    const { [SIZE_FIELD]: _size, ...stored } = opened.stored;
    return {
      ...stored,
      etag: JSON.stringify(opened.md5 ?? ''),
      'last-modified': (opened.stat?.mtime ?? new Date(0)).toUTCString(),
      'content-length': opened.stat?.size ?? 0,
    };
  }
}

/** `metadata.json` as s3rver writes it (allowed headers and `x-amz-meta-*`), plus the body size. */
function storedMetadataJson(metadata: S3rverMetadata, size: number): string {
  const allowed = (S3Object as unknown as { ALLOWED_METADATA: string[] }).ALLOWED_METADATA;
  const json: S3rverMetadata = {};
  for (const [name, value] of Object.entries(metadata)) {
    if (allowed.includes(name) || name.startsWith('x-amz-meta-')) json[name] = value;
  }
  json[SIZE_FIELD] = size;
  return JSON.stringify(json, null, 2);
}

/** The error a GET of a damaged object fails with (S3's `InternalError`, HTTP 500). */
function damagedError(bucket: string, key: string, problem: string): Error {
  return new S3Error(
    'InternalError',
    `The stored object ${bucket}/${key} is damaged${problem ? ` (${problem})` : ''}; ` +
      'it is not served. Run `ingest local repair` to set damaged objects aside.',
  );
}

/**
 * A body read whole and checked before its first byte is pushed: a mismatch errors the stream
 * before Koa has sent any header, so the client gets the error response, not the bytes. Nothing
 * is read until the stream is (a HEAD never reads it).
 */
function verifiedInMemory(
  handle: FileHandle,
  size: number,
  md5: string,
  error: (problem: string) => Error,
): Readable {
  let started = false;
  return new Readable({
    read() {
      if (started) return;
      started = true;
      handle
        .readFile()
        .then((body) => {
          const actual = createHash('md5').update(body).digest('hex');
          if (body.length !== size) {
            this.destroy(error(`body is ${body.length} bytes, its metadata says ${size}`));
          } else if (actual !== md5) {
            this.destroy(error(`body MD5 ${actual} is not its ETag ${md5}`));
          } else {
            this.push(body);
            this.push(null);
          }
        })
        .catch((failure: unknown) => this.destroy(failure as Error));
    },
    destroy(failure, callback) {
      handle.close().then(
        () => callback(failure),
        () => callback(failure),
      );
    },
  });
}

/** Passes a large body through, holding back its last chunk until size and MD5 are confirmed. */
function holdBackUntilVerified(
  size: number,
  md5: string,
  error: (problem: string) => Error,
): Transform {
  const hash = createHash('md5');
  let held: Buffer | undefined;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      seen += chunk.length;
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      if (seen !== size || actual !== md5) {
        callback(error(`body MD5 ${actual} is not its ETag ${md5}`));
        return;
      }
      callback(null, held);
    },
  });
}

async function access(path: string): Promise<boolean> {
  return open(path, 'r').then(
    async (handle) => {
      await handle.close();
      return true;
    },
    () => false,
  );
}

/** Every file under the bucket folders (folders not named like a bucket and multipart parts skipped). */
async function* walkBuckets(root: string): AsyncGenerator<string> {
  const buckets = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const bucket of buckets) {
    if (bucket.isDirectory() && BUCKET_NAME.test(bucket.name)) yield* walk(join(root, bucket.name));
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== UPLOADS_DIR) yield* walk(path);
    } else {
      yield path;
    }
  }
}

/** Removes empty folders from `dir` up to (not including) the bucket folder, as s3rver does. */
async function removeEmptyParents(dir: string, bucketPath: string): Promise<void> {
  let current = dir;
  while (current.startsWith(bucketPath) && current !== bucketPath) {
    const entries = await readdir(current).catch(() => ['?']);
    if (entries.length > 0) return;
    await rmdir(current).catch(() => {});
    current = dirname(current);
  }
}
