import { createHash, randomBytes } from 'node:crypto';
import {
  close as closeFd,
  createReadStream,
  createWriteStream,
  fstat,
  open as openFd,
  read as readFd,
  unlink as unlinkFile,
} from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  LeanS3StoreBufferReadable,
  LeanS3StoreFileReadable,
  linkOrCopy,
  receiveBody,
  writeAt,
} from './LeanS3StoreBody.js';
import { LeanS3StoreCache } from './LeanS3StoreCache.js';
import { importLegacyBuckets } from './LeanS3StoreImport.js';
import {
  LeanS3StoreJournal,
  type LeanS3StoreRecord,
  readJournal,
  rewriteJournal,
} from './LeanS3StoreJournal.js';
import {
  compareKeys,
  insertKey,
  type ListOptions,
  listKeys,
  removeKey,
} from './LeanS3StoreKeys.js';
import {
  createBucket,
  createObject,
  parseConfig,
  pickMetadata,
  type S3rverBucket,
  type S3rverConfig,
  type S3rverMetadata,
  type S3rverObject,
  s3Error,
} from './LeanS3StoreModels.js';

/** Tuning of a {@link LeanS3Store}. */
export interface LeanS3StoreOptions {
  /** Request bodies up to this size are buffered and written at once (default 8 MiB). */
  memoryLimit?: number;
  /** Bodies up to this size are appended to a pack file instead of a file of their own (default 1 MiB). */
  packMaxBytes?: number;
  /** A pack file is closed for appends beyond this size (default 64 MiB). */
  packRotateBytes?: number;
  /** Largest body kept in the read cache (default 1 MiB). */
  cacheMaxEntryBytes?: number;
  /** Total size of the read cache (default 64 MiB). */
  cacheMaxTotalBytes?: number;
  /**
   * The raw `Range` header of the request being served. s3rver's controller parses
   * `bytes=-N` (the last N bytes) as `0-N`; with this hook the store reads the header itself.
   */
  rangeHeader?: () => string | undefined;
}

/** What s3rver's controllers pass to `putObject` (an `S3Object` with a request body). */
export interface StoreObjectInput {
  bucket: string;
  key: string;
  content: AsyncIterable<Uint8Array> | Uint8Array;
  metadata: Record<string, unknown>;
}

/** Size and ETag (MD5 hex, or `<md5>-<parts>` after a multipart upload) of a stored body. */
export interface StoredBody {
  size: number;
  md5: string;
}

/** A page of `listObjects`. */
export interface ObjectListing {
  objects: S3rverObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

/** Range options s3rver's GET controller passes (`start` set when a Range header came). */
export interface GetObjectOptions {
  start?: number;
  end?: number;
}

/** A part named in CompleteMultipartUpload. */
export interface CompletedPart {
  number: number;
  etag: string;
}

/** Where a body lives: its own file (`offset` -1), or `size` bytes at `offset` of a pack. */
interface BodyRef {
  file: string;
  offset: number;
  size: number;
}

interface ObjectEntry extends BodyRef {
  /** ETag without quotes. */
  etag: string;
  mtime: number;
  meta: S3rverMetadata;
  /** Metadata as returned to s3rver (stored headers plus etag, last-modified, content-length). */
  full: S3rverMetadata | undefined;
  subresources: Map<string, S3rverConfig> | undefined;
}

interface BucketState {
  name: string;
  created: number;
  model: S3rverBucket;
  objects: Map<string, ObjectEntry>;
  /** Keys in S3 order; built on the first listing, then kept up to date. */
  sorted: string[] | undefined;
  subresources: Map<string, S3rverConfig> | undefined;
}

interface PartEntry extends BodyRef {
  md5: string;
}

interface PackState {
  name: string;
  /** Open descriptor (read and write), -1 until opened. */
  fd: number;
  /** Bytes written (the next append goes here). */
  size: number;
  /** Bytes referenced by index entries; a pack no longer appended to is removed at 0. */
  live: number;
}

interface UploadState {
  id: string;
  bucket: string;
  key: string;
  meta: S3rverMetadata;
  time: number;
  parts: Map<number, PartEntry>;
}

const MIB = 1024 * 1024;
const MIN_PART_BYTES = 5 * MIB;
const NONE: readonly BodyRef[] = [];
/** Folder of the store inside its directory; `_` cannot start a bucket name. */
const STORE_FOLDER = '_lean-s3';

/**
 * A store for s3rver (it replaces s3rver's `FilesystemStore` as `app.store`) that keeps its
 * index in memory and touches the disk as little as possible.
 *
 * - Index: buckets, objects (size, ETag, mtime, metadata), subresources (cors, website,
 *   tagging) and multipart uploads live in memory; reads never go to disk for metadata.
 * - Durability: every change is one JSON line appended to `_lean-s3/journal.jsonl` through an
 *   open file descriptor (group commit under concurrency). {@link open} replays it and compacts
 *   it when it holds superseded records. No fsync: an acknowledged change survives a crash of
 *   the process, not of the machine.
 * - Bodies are immutable once written. One up to `packMaxBytes` (1 MiB) is appended with one
 *   positional write to the current pack file `_lean-s3/objects/<id>.pack` (kept open; a new one
 *   after 64 MiB); a larger one gets its own file `_lean-s3/objects/<id>` (one `writeFile` up to
 *   `memoryLimit`, streamed in 1 MiB writes beyond). A pack whose bodies are all gone is
 *   deleted; {@link open} moves the live bodies out of packs that are more than half dead.
 * - Reads: bodies up to 1 MiB stay in an LRU cache (64 MiB), so a GET of a recent object does
 *   no file I/O; others are read with positional reads (packs) or from their file, opened on the
 *   first read (a HEAD opens nothing).
 *
 * One process owns the directory: two stores on the same directory corrupt each other's index.
 * Bucket folders written by s3rver's `FilesystemStore` in the directory are imported by
 * {@link open} and then moved to `<directory>/_s3rver-legacy/`, which users may delete once they
 * have checked their data (see {@link importLegacyBuckets}).
 */
export class LeanS3Store {
  readonly directory: string;
  readonly #journal: LeanS3StoreJournal;
  readonly #objectsDir: string;
  readonly #memoryLimit: number;
  readonly #packMaxBytes: number;
  readonly #packRotateBytes: number;
  readonly #cache: LeanS3StoreCache;
  readonly #rangeHeader: (() => string | undefined) | undefined;
  readonly #buckets = new Map<string, BucketState>();
  readonly #uploads = new Map<string, UploadState>();
  readonly #packs = new Map<string, PackState>();
  #pack: PackState | undefined;
  #rotating: Promise<PackState> | undefined;
  /** Readers per file or pack; a released one is deleted when its last reader is done. */
  readonly #pins = new Map<string, number>();
  readonly #doomed = new Set<string>();
  readonly #session = randomBytes(6).toString('hex');
  #nextFile = 0;
  #opened = false;

  constructor(directory: string, options: LeanS3StoreOptions = {}) {
    this.directory = directory;
    const folder = join(directory, STORE_FOLDER);
    this.#journal = new LeanS3StoreJournal(join(folder, 'journal.jsonl'));
    this.#objectsDir = join(folder, 'objects');
    this.#memoryLimit = options.memoryLimit ?? 8 * MIB;
    this.#packMaxBytes = Math.min(options.packMaxBytes ?? MIB, this.#memoryLimit);
    this.#packRotateBytes = options.packRotateBytes ?? 64 * MIB;
    this.#cache = new LeanS3StoreCache({
      maxEntryBytes: options.cacheMaxEntryBytes ?? MIB,
      maxTotalBytes: options.cacheMaxTotalBytes ?? 64 * MIB,
    });
    this.#rangeHeader = options.rangeHeader;
  }

  /** Bytes held by the body cache. */
  get cachedBytes(): number {
    return this.#cache.totalBytes;
  }

  /**
   * Loads the journal, opens the packs, moves live bodies out of mostly dead packs, compacts
   * the journal if it holds superseded records, deletes unreferenced files, opens the journal,
   * and imports what bucket folders of s3rver's `FilesystemStore` hold that it lacks.
   */
  async open(): Promise<void> {
    if (this.#opened) return;
    this.#buckets.clear();
    this.#uploads.clear();
    this.#packs.clear();
    this.#pack = undefined;
    this.#cache.clear();
    await mkdir(this.#objectsDir, { recursive: true });
    const { records, damaged } = await readJournal(this.#journal.path);
    for (const record of records) {
      for (const ref of this.#apply(record)) this.#unreference(ref);
    }
    for (const pack of this.#packs.values()) await this.#openPack(pack, 'r+');
    const moved = await this.#repack();
    const live = [...this.#snapshot()];
    if (moved || damaged || live.length < records.length) {
      await rewriteJournal(this.#journal.path, live);
    }
    for (const pack of [...this.#packs.values()]) {
      if (pack.live > 0 || pack === this.#pack) continue;
      this.#packs.delete(pack.name); // its file goes with the unreferenced ones
      closeFd(pack.fd, ignore);
    }
    await this.#removeUnreferencedFiles();
    await this.#journal.open();
    try {
      await this.#importLegacy();
    } catch (error) {
      await this.close();
      throw error;
    }
    this.#opened = true;
  }

  /** Waits for pending journal writes and closes the journal and the packs. */
  async close(): Promise<void> {
    this.#opened = false;
    await this.#journal.close();
    for (const pack of this.#packs.values()) {
      if (pack.fd >= 0) closeFd(pack.fd, ignore);
      pack.fd = -1;
    }
    this.#packs.clear();
    this.#pack = undefined;
  }

  // ---- buckets ----------------------------------------------------------------------------

  /** Drops every bucket, object and upload (s3rver calls this synchronously). */
  reset(): void {
    const released: BodyRef[] = [];
    for (const bucket of this.#buckets.values()) released.push(...bucket.objects.values());
    for (const upload of this.#uploads.values()) released.push(...upload.parts.values());
    this.#buckets.clear();
    this.#uploads.clear();
    this.#cache.clear();
    this.#journal.truncate();
    for (const ref of released) this.#release(ref);
  }

  /** All buckets, by name. */
  async listBuckets(): Promise<S3rverBucket[]> {
    return [...this.#buckets.keys()].sort().map((name) => this.#buckets.get(name)!.model);
  }

  /** The bucket, or null. */
  async getBucket(name: string): Promise<S3rverBucket | null> {
    return this.#buckets.get(name)?.model ?? null;
  }

  /** Creates a bucket (or returns the existing one). */
  async putBucket(name: string): Promise<S3rverBucket> {
    const existing = this.#buckets.get(name);
    if (existing) return existing.model;
    await this.#commit([{ op: 'bucket', b: name, t: Date.now() }]);
    return this.#requireBucket(name).model;
  }

  /** Deletes a bucket with whatever it still holds (s3rver checks it is empty first). */
  async deleteBucket(name: string): Promise<void> {
    if (!this.#buckets.has(name)) return;
    await this.#commit([{ op: 'dropBucket', b: name }]);
  }

  // ---- objects ----------------------------------------------------------------------------

  /** One page of a bucket's objects in S3 key order (see {@link listKeys} for paging). */
  async listObjects(bucketName: string, options: ListOptions): Promise<ObjectListing> {
    const bucket = this.#requireBucket(bucketName);
    if (bucket.sorted === undefined) bucket.sorted = [...bucket.objects.keys()].sort(compareKeys);
    const page = listKeys(bucket.sorted, options);
    return {
      objects: page.keys.map((key) =>
        createObject(bucketName, key, null, fullMetadata(bucket.objects.get(key)!)),
      ),
      commonPrefixes: page.commonPrefixes,
      isTruncated: page.isTruncated,
    };
  }

  /** Whether the object exists. */
  async existsObject(bucketName: string, key: string): Promise<boolean> {
    return this.#buckets.get(bucketName)?.objects.has(key) ?? false;
  }

  /** The object with a body stream, or null; a range past the end has `range` and no content. */
  async getObject(
    bucketName: string,
    key: string,
    options?: GetObjectOptions,
  ): Promise<S3rverObject | null> {
    const entry = this.#buckets.get(bucketName)?.objects.get(key);
    if (!entry) return null;
    const metadata = { ...fullMetadata(entry) };
    const range = this.#resolveRange(entry.size, options);
    if (range === undefined) {
      return createObject(bucketName, key, this.#content(entry, 0, entry.size - 1), metadata);
    }
    const satisfiable = range.start <= range.end;
    const content = satisfiable ? this.#content(entry, range.start, range.end) : null;
    const object = createObject(bucketName, key, content, metadata);
    object.range = range;
    return object;
  }

  /** Stores an object from a request body; resolves with its size and MD5. */
  async putObject(object: StoreObjectInput): Promise<StoredBody> {
    this.#requireBucket(object.bucket);
    const meta = pickMetadata(object.metadata);
    const name = this.#newFile();
    const received = await receiveBody(object.content, this.#path(name), this.#memoryLimit);
    const ref = await this.#store(name, received);
    try {
      if (!this.#buckets.has(object.bucket)) {
        this.#discard(ref);
        throw noSuchBucket(object.bucket);
      }
      await this.#commit([
        {
          ...refFields(ref),
          op: 'put',
          b: object.bucket,
          k: object.key,
          e: received.md5,
          t: Date.now(),
          m: meta,
        },
      ]);
    } finally {
      this.#unpin(ref.file);
    }
    return { size: received.size, md5: received.md5 };
  }

  /** Copies an object (sharing its pack bytes, or a hard link of its file); returns metadata. */
  async copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, unknown> | null,
  ): Promise<S3rverMetadata> {
    const source = this.#requireBucket(srcBucket).objects.get(srcKey);
    if (!source) throw noSuchKey(srcKey);
    this.#requireBucket(destBucket);
    const meta = replacementMetadata ? pickMetadata(replacementMetadata) : source.meta;
    let ref: BodyRef = source;
    if (source.offset < 0 && (srcBucket !== destBucket || srcKey !== destKey)) {
      ref = { file: this.#newFile(), offset: -1, size: source.size };
      await this.#duplicate(source.file, ref.file);
      const cached = this.#cache.get(cacheKey(source));
      if (cached) this.#cache.set(cacheKey(ref), cached);
    }
    const records: LeanS3StoreRecord[] = [
      {
        ...refFields(ref),
        op: 'put',
        b: destBucket,
        k: destKey,
        e: source.etag,
        t: Date.now(),
        m: meta,
      },
    ];
    for (const [type, config] of source.subresources ?? []) {
      records.push({ op: 'sub', b: destBucket, k: destKey, y: type, x: config.toXML() });
    }
    await this.#commit(records, source.subresources);
    const copied = this.#buckets.get(destBucket)?.objects.get(destKey);
    if (!copied) throw noSuchKey(destKey);
    return { ...fullMetadata(copied) };
  }

  /** Deletes an object (nothing if it does not exist). */
  async deleteObject(bucketName: string, key: string): Promise<void> {
    if (!this.#buckets.get(bucketName)?.objects.has(key)) return;
    await this.#commit([{ op: 'del', b: bucketName, k: key }]);
  }

  // ---- multipart uploads ------------------------------------------------------------------

  /** Starts a multipart upload with the metadata of the initiating request. */
  async initiateUpload(
    bucketName: string,
    key: string,
    uploadId: string,
    metadata: Record<string, unknown>,
  ): Promise<void> {
    this.#requireBucket(bucketName);
    await this.#commit([
      {
        op: 'upload',
        u: uploadId,
        b: bucketName,
        k: key,
        m: pickMetadata(metadata),
        t: Date.now(),
      },
    ]);
  }

  /** Stores one part of a multipart upload; resolves with its size and MD5. */
  async putPart(
    bucketName: string,
    uploadId: string,
    partNumber: number | string,
    content: AsyncIterable<Uint8Array> | Uint8Array,
  ): Promise<StoredBody> {
    this.#requireUpload(bucketName, uploadId);
    const number = Number(partNumber);
    if (!Number.isInteger(number) || number < 1 || number > 10000) {
      throw s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000.', {
        ArgumentName: 'partNumber',
        ArgumentValue: String(partNumber),
      });
    }
    const file = this.#newFile();
    const path = this.#path(file);
    const received = await receiveBody(content, path, this.#memoryLimit);
    if (received.body) await writeFile(path, received.body);
    const ref: BodyRef = { file, offset: -1, size: received.size };
    if (!this.#uploads.has(uploadId)) {
      this.#discard(ref);
      throw noSuchUpload(uploadId);
    }
    await this.#commit([
      { op: 'part', u: uploadId, n: number, f: file, s: received.size, e: received.md5 },
    ]);
    return { size: received.size, md5: received.md5 };
  }

  /** Completes an upload; the ETag is S3's `<md5 of the part MD5s>-<part count>`. */
  async putObjectMultipart(
    bucketName: string,
    uploadId: string,
    parts: readonly CompletedPart[],
  ): Promise<StoredBody> {
    const upload = this.#requireUpload(bucketName, uploadId);
    const chosen = choosePartsFor(upload, parts);
    const file = this.#newFile();
    const target = this.#path(file);
    for (const part of chosen) this.#pin(part.file);
    try {
      const paths = chosen.map((part) => this.#path(part.file));
      await pipeline(async function* () {
        for (const path of paths) yield* createReadStream(path);
      }, createWriteStream(target));
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    } finally {
      for (const part of chosen) this.#unpin(part.file);
    }
    const hash = createHash('md5');
    let size = 0;
    for (const part of chosen) {
      hash.update(Buffer.from(part.md5, 'hex'));
      size += part.size;
    }
    const ref: BodyRef = { file, offset: -1, size };
    if (!this.#uploads.has(uploadId) || !this.#buckets.has(bucketName)) {
      this.#discard(ref);
      throw noSuchUpload(uploadId);
    }
    const etag = `${hash.digest('hex')}-${chosen.length}`;
    await this.#commit([
      {
        op: 'put',
        b: bucketName,
        k: upload.key,
        f: file,
        s: size,
        e: etag,
        t: Date.now(),
        m: upload.meta,
      },
      { op: 'endUpload', u: uploadId },
    ]);
    return { size, md5: etag };
  }

  // ---- subresources -----------------------------------------------------------------------

  /** A bucket (key undefined) or object subresource (cors, website, tagging), or null. */
  async getSubresource(
    bucketName: string,
    key: string | undefined,
    type: string,
  ): Promise<S3rverConfig | null> {
    return this.#subresourceHolder(bucketName, key)?.subresources?.get(type) ?? null;
  }

  /** Sets a bucket or object subresource. */
  async putSubresource(
    bucketName: string,
    key: string | undefined,
    resource: S3rverConfig,
  ): Promise<void> {
    if (!this.#subresourceHolder(bucketName, key)) {
      throw key === undefined ? noSuchBucket(bucketName) : noSuchKey(key);
    }
    const record: LeanS3StoreRecord = {
      op: 'sub',
      b: bucketName,
      y: resource.type,
      x: resource.toXML(),
    };
    if (key !== undefined) record.k = key;
    await this.#commit([record], new Map([[resource.type, resource]]));
  }

  /** Removes a bucket or object subresource. */
  async deleteSubresource(
    bucketName: string,
    key: string | undefined,
    type: string,
  ): Promise<void> {
    if (!this.#subresourceHolder(bucketName, key)?.subresources?.has(type)) return;
    const record: LeanS3StoreRecord = { op: 'dropSub', b: bucketName, y: type };
    if (key !== undefined) record.k = key;
    await this.#commit([record]);
  }

  // ---- internals --------------------------------------------------------------------------

  /** Imports legacy s3rver bucket folders (bodies as files of their own, via the journal). */
  async #importLegacy(): Promise<void> {
    await importLegacyBuckets(this.directory, {
      hasBucket: (bucket) => this.#buckets.has(bucket),
      hasObject: (bucket, key) => this.#buckets.get(bucket)?.objects.has(key) ?? false,
      newBodyFile: () => {
        const file = this.#newFile();
        return { file, path: this.#path(file) };
      },
      commit: (records) => this.#commit(records),
    });
  }

  /** Applies records to the index, journals them, then releases the bodies they superseded. */
  async #commit(
    records: readonly LeanS3StoreRecord[],
    configs?: ReadonlyMap<string, S3rverConfig>,
  ): Promise<void> {
    const released: BodyRef[] = [];
    for (const record of records) {
      const config = record.op === 'sub' ? configs?.get(record.y) : undefined;
      released.push(...this.#apply(record, config));
    }
    await this.#journal.append(records);
    for (const ref of released) this.#release(ref);
  }

  /** Changes the index by one record; returns the bodies it made unreferenced. */
  #apply(record: LeanS3StoreRecord, config?: S3rverConfig): readonly BodyRef[] {
    switch (record.op) {
      case 'bucket': {
        if (!this.#buckets.has(record.b)) {
          this.#buckets.set(record.b, {
            name: record.b,
            created: record.t,
            model: createBucket(record.b, new Date(record.t)),
            objects: new Map(),
            sorted: undefined,
            subresources: undefined,
          });
        }
        return NONE;
      }
      case 'dropBucket': {
        const bucket = this.#buckets.get(record.b);
        if (!bucket) return NONE;
        this.#buckets.delete(record.b);
        const released: BodyRef[] = [...bucket.objects.values()];
        for (const [id, upload] of this.#uploads) {
          if (upload.bucket !== record.b) continue;
          this.#uploads.delete(id);
          released.push(...upload.parts.values());
        }
        return released;
      }
      case 'put': {
        const ref: BodyRef = { file: record.f, offset: record.o ?? -1, size: record.s };
        const bucket = this.#buckets.get(record.b);
        if (!bucket) return NONE; // never journaled (putObject checks first); its file is swept
        this.#reference(ref);
        const old = bucket.objects.get(record.k);
        bucket.objects.set(record.k, {
          ...ref,
          etag: record.e,
          mtime: record.t,
          meta: record.m,
          full: undefined,
          subresources: undefined,
        });
        if (!old) {
          if (bucket.sorted) insertKey(bucket.sorted, record.k);
          return NONE;
        }
        return [old];
      }
      case 'del': {
        const bucket = this.#buckets.get(record.b);
        const old = bucket?.objects.get(record.k);
        if (!bucket || !old) return NONE;
        bucket.objects.delete(record.k);
        if (bucket.sorted) removeKey(bucket.sorted, record.k);
        return [old];
      }
      case 'sub': {
        const holder = this.#subresourceHolder(record.b, record.k);
        const model = config ?? parseConfig(record.y, record.x);
        if (holder && model) {
          holder.subresources ??= new Map();
          holder.subresources.set(record.y, model);
        }
        return NONE;
      }
      case 'dropSub': {
        this.#subresourceHolder(record.b, record.k)?.subresources?.delete(record.y);
        return NONE;
      }
      case 'upload': {
        if (this.#buckets.has(record.b)) {
          this.#uploads.set(record.u, {
            id: record.u,
            bucket: record.b,
            key: record.k,
            meta: record.m,
            time: record.t,
            parts: new Map(),
          });
        }
        return NONE;
      }
      case 'part': {
        const ref: BodyRef = { file: record.f, offset: -1, size: record.s };
        const upload = this.#uploads.get(record.u);
        if (!upload) return NONE;
        const old = upload.parts.get(record.n);
        upload.parts.set(record.n, { ...ref, md5: record.e });
        return old ? [old] : NONE;
      }
      case 'endUpload': {
        const upload = this.#uploads.get(record.u);
        if (!upload) return NONE;
        this.#uploads.delete(record.u);
        return [...upload.parts.values()];
      }
      default:
        return NONE;
    }
  }

  /** The records that rebuild the current index (what a compacted journal holds). */
  *#snapshot(): Generator<LeanS3StoreRecord> {
    for (const bucket of this.#buckets.values()) {
      yield { op: 'bucket', b: bucket.name, t: bucket.created };
      for (const [type, config] of bucket.subresources ?? []) {
        yield { op: 'sub', b: bucket.name, y: type, x: config.toXML() };
      }
      for (const [key, entry] of bucket.objects) {
        yield {
          ...refFields(entry),
          op: 'put',
          b: bucket.name,
          k: key,
          e: entry.etag,
          t: entry.mtime,
          m: entry.meta,
        };
        for (const [type, config] of entry.subresources ?? []) {
          yield { op: 'sub', b: bucket.name, k: key, y: type, x: config.toXML() };
        }
      }
    }
    for (const upload of this.#uploads.values()) {
      yield {
        op: 'upload',
        u: upload.id,
        b: upload.bucket,
        k: upload.key,
        m: upload.meta,
        t: upload.time,
      };
      for (const [number, part] of upload.parts) {
        yield { op: 'part', u: upload.id, n: number, f: part.file, s: part.size, e: part.md5 };
      }
    }
  }

  /**
   * Stores a received body: in the current pack when small, else in its own file `name`. The
   * returned body's file is pinned (a pack with no live bytes yet must not be removed before
   * the caller's commit references it): the caller unpins it.
   */
  async #store(name: string, received: { size: number; body?: Buffer }): Promise<BodyRef> {
    const body = received.body;
    if (body === undefined || body.length > this.#packMaxBytes) {
      if (body !== undefined) await writeFile(this.#path(name), body);
      const ref: BodyRef = { file: name, offset: -1, size: received.size };
      if (body !== undefined) this.#cache.set(cacheKey(ref), body);
      this.#pin(name);
      return ref;
    }
    let pack = this.#pack;
    if (!pack || (pack.size > 0 && pack.size + body.length > this.#packRotateBytes)) {
      pack = await this.#rotatePack();
    }
    const ref: BodyRef = { file: pack.name, offset: pack.size, size: body.length };
    pack.size += body.length;
    this.#pin(pack.name);
    try {
      await writeAt(pack.fd, body, ref.offset);
    } catch (error) {
      this.#unpin(pack.name);
      throw error;
    }
    this.#cache.set(cacheKey(ref), body);
    return ref;
  }

  /** Drops a body that was stored but never committed. */
  #discard(ref: BodyRef): void {
    this.#cache.delete(cacheKey(ref));
    if (ref.offset < 0) this.#destroy(ref.file); // pack bytes just stay dead
  }

  /** Starts a new pack for appends (one at a time, however many callers ask). */
  #rotatePack(): Promise<PackState> {
    this.#rotating ??= (async () => {
      try {
        const pack: PackState = { name: `${this.#newFile()}.pack`, fd: -1, size: 0, live: 0 };
        await this.#openPack(pack, 'w+');
        this.#packs.set(pack.name, pack);
        const previous = this.#pack;
        this.#pack = pack;
        if (previous && previous.live <= 0) this.#destroy(previous.name);
        return pack;
      } finally {
        this.#rotating = undefined;
      }
    })();
    return this.#rotating;
  }

  async #openPack(pack: PackState, flags: 'r+' | 'w+'): Promise<void> {
    const path = this.#path(pack.name);
    pack.fd = await new Promise<number>((resolve, reject) =>
      openFd(path, flags, (error, fd) => (error ? reject(error) : resolve(fd))),
    );
    if (flags === 'r+') {
      pack.size = await new Promise<number>((resolve, reject) =>
        fstat(pack.fd, (error, stats) => (error ? reject(error) : resolve(stats.size))),
      );
    }
  }

  /**
   * At open: appends go to a pack that has room, and the live bodies of packs that are more
   * than half dead move to it (so those packs can go). Returns whether anything moved.
   */
  async #repack(): Promise<boolean> {
    const sparse = new Set<string>();
    for (const pack of this.#packs.values()) {
      if (pack.live > 0 && pack.live * 2 < pack.size) sparse.add(pack.name);
      else if (!this.#pack && pack.live > 0 && pack.size < this.#packRotateBytes) this.#pack = pack;
    }
    if (sparse.size === 0) return false;
    for (const bucket of this.#buckets.values()) {
      for (const entry of bucket.objects.values()) {
        if (!sparse.has(entry.file)) continue;
        const from = this.#packs.get(entry.file)!;
        const body = Buffer.allocUnsafe(entry.size);
        await readAt(from.fd, body, entry.offset);
        const moved = await this.#store(this.#newFile(), { size: body.length, body });
        this.#reference(moved);
        this.#unpin(moved.file);
        from.live -= entry.size;
        entry.file = moved.file;
        entry.offset = moved.offset;
      }
    }
    this.#cache.clear();
    return true;
  }

  async #removeUnreferencedFiles(): Promise<void> {
    const referenced = new Set<string>(this.#packs.keys());
    for (const bucket of this.#buckets.values()) {
      for (const entry of bucket.objects.values()) referenced.add(entry.file);
    }
    for (const upload of this.#uploads.values()) {
      for (const part of upload.parts.values()) referenced.add(part.file);
    }
    const names = await readdir(this.#objectsDir);
    await Promise.all(
      names
        .filter((name) => !referenced.has(name))
        .map((name) => rm(join(this.#objectsDir, name), { force: true, recursive: true })),
    );
  }

  /** Resolves the requested range: undefined for the whole body, start > end if unsatisfiable. */
  #resolveRange(
    size: number,
    options: GetObjectOptions | undefined,
  ): { start: number; end: number } | undefined {
    if (options?.start === undefined) return undefined;
    let start: number | undefined;
    let end: number | undefined;
    const header = this.#rangeHeader?.();
    if (header !== undefined) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
      if (!match || (match[1] === '' && match[2] === '')) return undefined;
      if (match[1] === '') {
        const suffix = Number(match[2]);
        if (suffix === 0 || size === 0) return { start: size, end: size - 1 };
        return { start: Math.max(0, size - suffix), end: size - 1 };
      }
      start = Number(match[1]);
      end = match[2] === '' ? undefined : Number(match[2]);
    } else {
      start = options.start;
      end = options.end;
    }
    if (!Number.isFinite(start) || start < 0) return undefined;
    if (end !== undefined && (!Number.isFinite(end) || end < start)) return undefined;
    if (start >= size) return { start, end: start - 1 };
    return { start, end: Math.min(end ?? size - 1, size - 1) };
  }

  #content(entry: ObjectEntry, start: number, end: number): Readable {
    if (entry.size === 0) return new LeanS3StoreBufferReadable(Buffer.alloc(0));
    const whole = start === 0 && end === entry.size - 1;
    const key = cacheKey(entry);
    const cached = this.#cache.get(key);
    if (cached) {
      return new LeanS3StoreBufferReadable(whole ? cached : cached.subarray(start, end + 1));
    }
    const name = entry.file;
    const pack = entry.offset >= 0 ? this.#packs.get(name) : undefined;
    this.#pin(name);
    return new LeanS3StoreFileReadable(
      pack ? { fd: pack.fd } : { path: this.#path(name) },
      Math.max(entry.offset, 0) + start,
      end + 1 - start,
      whole,
      {
        onClose: () => this.#unpin(name),
        onWhole: this.#cache.accepts(entry.size)
          ? (body) => {
              if (!this.#doomed.has(name)) this.#cache.set(key, body);
            }
          : undefined,
      },
    );
  }

  async #duplicate(source: string, target: string): Promise<void> {
    this.#pin(source);
    try {
      await linkOrCopy(this.#path(source), this.#path(target));
    } finally {
      this.#unpin(source);
    }
  }

  #newFile(): string {
    this.#nextFile += 1;
    return `${this.#session}-${this.#nextFile.toString(36)}`;
  }

  #path(file: string): string {
    return join(this.#objectsDir, file);
  }

  /** Counts a new index reference to a body (packs track their live bytes). */
  #reference(ref: BodyRef): void {
    if (ref.offset < 0) return;
    let pack = this.#packs.get(ref.file);
    if (!pack) {
      pack = { name: ref.file, fd: -1, size: 0, live: 0 };
      this.#packs.set(ref.file, pack);
    }
    pack.live += ref.size;
  }

  /** Uncounts a body reference while replaying (files are swept once the index is built). */
  #unreference(ref: BodyRef): void {
    if (ref.offset < 0) return;
    const pack = this.#packs.get(ref.file);
    if (pack) pack.live -= ref.size;
  }

  /** Drops an index reference to a body: its file goes now, or when its last reader is done. */
  #release(ref: BodyRef): void {
    this.#cache.delete(cacheKey(ref));
    if (ref.offset >= 0) {
      const pack = this.#packs.get(ref.file);
      if (!pack) return;
      pack.live -= ref.size;
      if (pack.live > 0 || pack === this.#pack) return;
    }
    this.#destroy(ref.file);
  }

  #destroy(name: string): void {
    if (this.#pins.has(name)) {
      this.#doomed.add(name);
      return;
    }
    const pack = this.#packs.get(name);
    if (pack) {
      this.#packs.delete(name);
      if (pack.fd >= 0) closeFd(pack.fd, ignore);
      pack.fd = -1;
    }
    unlinkFile(this.#path(name), ignore);
  }

  #pin(name: string): void {
    this.#pins.set(name, (this.#pins.get(name) ?? 0) + 1);
  }

  #unpin(name: string): void {
    const count = (this.#pins.get(name) ?? 1) - 1;
    if (count > 0) {
      this.#pins.set(name, count);
      return;
    }
    this.#pins.delete(name);
    if (!this.#doomed.delete(name)) return;
    const pack = this.#packs.get(name);
    if (pack && (pack.live > 0 || pack === this.#pack)) return; // referenced again meanwhile
    this.#destroy(name);
  }

  #requireBucket(name: string): BucketState {
    const bucket = this.#buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  #requireUpload(bucketName: string, uploadId: string): UploadState {
    const upload = this.#uploads.get(uploadId);
    if (!upload || upload.bucket !== bucketName) throw noSuchUpload(uploadId);
    return upload;
  }

  #subresourceHolder(
    bucketName: string,
    key: string | undefined,
  ): { subresources: Map<string, S3rverConfig> | undefined } | undefined {
    const bucket = this.#buckets.get(bucketName);
    return key === undefined ? bucket : bucket?.objects.get(key);
  }
}

/** Checks the parts named in CompleteMultipartUpload against the upload, as S3 does. */
function choosePartsFor(upload: UploadState, parts: readonly CompletedPart[]): PartEntry[] {
  const chosen: PartEntry[] = [];
  let previous = 0;
  for (const [index, part] of parts.entries()) {
    if (part.number <= previous) {
      throw s3Error('InvalidPartOrder', 'The list of parts was not in ascending order.', {
        UploadId: upload.id,
      });
    }
    previous = part.number;
    const stored = upload.parts.get(part.number);
    if (!stored || stored.md5 !== part.etag.replace(/"/g, '').toLowerCase()) {
      throw s3Error(
        'InvalidPart',
        'One or more of the specified parts could not be found. The part may not have been ' +
          "uploaded, or the specified entity tag may not match the part's entity tag.",
        { UploadId: upload.id, PartNumber: part.number, ETag: part.etag },
      );
    }
    if (index < parts.length - 1 && stored.size < MIN_PART_BYTES) {
      throw s3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        { ProposedSize: stored.size, MinSizeAllowed: MIN_PART_BYTES, PartNumber: part.number },
      );
    }
    chosen.push(stored);
  }
  if (chosen.length === 0) {
    throw s3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate.');
  }
  return chosen;
}

/** The journal fields locating a body (`o` only for a body in a pack). */
function refFields(ref: BodyRef): { f: string; s: number; o?: number } {
  return ref.offset >= 0
    ? { f: ref.file, s: ref.size, o: ref.offset }
    : { f: ref.file, s: ref.size };
}

function cacheKey(ref: BodyRef): string {
  return ref.offset >= 0 ? `${ref.file}@${ref.offset}` : ref.file;
}

function fullMetadata(entry: ObjectEntry): S3rverMetadata {
  entry.full ??= {
    ...entry.meta,
    etag: JSON.stringify(entry.etag),
    'last-modified': new Date(entry.mtime).toUTCString(),
    'content-length': String(entry.size),
  };
  return entry.full;
}

function readAt(fd: number, target: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (offset: number): void => {
      if (offset >= target.length) {
        resolve();
        return;
      }
      readFd(fd, target, offset, target.length - offset, position + offset, (error, bytesRead) => {
        if (error) reject(error);
        else if (bytesRead === 0) reject(new Error('a pack is shorter than its index entries'));
        else next(offset + bytesRead);
      });
    };
    next(0);
  });
}

function ignore(): void {}

function noSuchBucket(name: string): Error {
  return s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
}

function noSuchKey(key: string): Error {
  return s3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
}

function noSuchUpload(uploadId: string): Error {
  return s3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may ' +
      'have been aborted or completed.',
    { UploadId: uploadId },
  );
}
