import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandInput,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandInput,
  type ListObjectVersionsCommandOutput,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { BucketNotEmptyError, emptyBucket } from '../../src/deploy/index.js';

// S3 versioning can run on none of the emulators here (s3rver has no versions, LocalStack needs
// Docker), so this is a mocked S3 client: an in-memory versioned bucket that answers
// ListObjectVersions and DeleteObjects the way the S3 API Reference describes them
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html) and records
// every request, which the tests assert on.

interface Entry {
  key: string;
  /** Version ids grow with time: `v0007` is newer than `v0003`. */
  versionId: string;
  deleteMarker: boolean;
}

type Request =
  | { command: 'ListObjectVersions'; input: ListObjectVersionsCommandInput }
  | { command: 'DeleteObjects'; input: DeleteObjectsCommandInput };

class VersionedBucket {
  entries: Entry[] = [];
  requests: Request[] = [];
  #clock = 0;

  constructor(
    readonly options: {
      pageSize: number;
      /** Answer truncated pages without NextKeyMarker/NextVersionIdMarker. */
      omitNextMarkers?: (page: number) => boolean;
      /** Runs after each DeleteObjects (n counts from 1): e.g. a late upload. */
      afterDelete?: (n: number, bucket: VersionedBucket) => void;
    },
  ) {}

  put(key: string): this {
    this.entries.push({ key, versionId: this.#nextId(), deleteMarker: false });
    return this;
  }

  /** A DELETE without a version id: a delete marker becomes the latest version. */
  markDeleted(key: string): this {
    this.entries.push({ key, versionId: this.#nextId(), deleteMarker: true });
    return this;
  }

  #nextId(): string {
    this.#clock += 1;
    return `v${String(this.#clock).padStart(4, '0')}`;
  }

  /** Keys ascending, each key's versions newest first (the listing order S3 documents). */
  #ordered(): Entry[] {
    return [...this.entries].sort(
      (a, b) => a.key.localeCompare(b.key) || b.versionId.localeCompare(a.versionId),
    );
  }

  async send(command: unknown): Promise<unknown> {
    if (command instanceof ListObjectVersionsCommand) return this.#list(command.input);
    if (command instanceof DeleteObjectsCommand) return this.#delete(command.input);
    throw new Error(`unexpected command ${String(command)}`);
  }

  #list(input: ListObjectVersionsCommandInput): ListObjectVersionsCommandOutput {
    this.requests.push({ command: 'ListObjectVersions', input });
    const listings = this.requests.filter((r) => r.command === 'ListObjectVersions').length;
    const { KeyMarker: key, VersionIdMarker: version } = input;
    // key-marker alone: keys after it; with version-id-marker: that key's older versions too.
    const after = this.#ordered().filter((e) =>
      key === undefined
        ? true
        : e.key > key || (e.key === key && version !== undefined && e.versionId < version),
    );
    const page = after.slice(0, this.options.pageSize);
    const last = page.at(-1);
    const truncated = after.length > page.length;
    const markers = truncated && !this.options.omitNextMarkers?.(listings) && last !== undefined;
    const versions = page.filter((e) => !e.deleteMarker);
    const deleteMarkers = page.filter((e) => e.deleteMarker);
    return {
      $metadata: {},
      IsTruncated: truncated,
      ...(versions.length > 0
        ? { Versions: versions.map((e) => ({ Key: e.key, VersionId: e.versionId })) }
        : {}),
      ...(deleteMarkers.length > 0
        ? { DeleteMarkers: deleteMarkers.map((e) => ({ Key: e.key, VersionId: e.versionId })) }
        : {}),
      ...(markers ? { NextKeyMarker: last.key, NextVersionIdMarker: last.versionId } : {}),
    };
  }

  #delete(input: DeleteObjectsCommandInput) {
    this.requests.push({ command: 'DeleteObjects', input });
    for (const { Key, VersionId } of input.Delete?.Objects ?? []) {
      if (VersionId === undefined) this.markDeleted(Key!);
      else this.entries = this.entries.filter((e) => !(e.key === Key && e.versionId === VersionId));
    }
    const n = this.requests.filter((r) => r.command === 'DeleteObjects').length;
    this.options.afterDelete?.(n, this);
    return { $metadata: {} };
  }

  listings(): ListObjectVersionsCommandInput[] {
    return this.requests.flatMap((r) => (r.command === 'ListObjectVersions' ? [r.input] : []));
  }
}

describe('emptyBucket', () => {
  it('deletes every version and delete marker page by page, then verifies from the start', async () => {
    // Prepare: 6 entries, 3 of them delete markers, listed 2 a page.
    const bucket = new VersionedBucket({ pageSize: 2 })
      .put('uploads/a.csv')
      .put('uploads/a.csv')
      .markDeleted('uploads/a.csv')
      .put('uploads/b.csv')
      .markDeleted('uploads/b.csv')
      .markDeleted('uploads/c.csv');

    // Act
    const deleted = await emptyBucket(bucket, 'b1');

    // Assess
    expect(deleted).toBe(6);
    expect(bucket.entries).toEqual([]);
    // Page 2 starts after the last entry of page 1 (key and version), and so on; the second
    // pass lists from the start again and finds nothing.
    expect(bucket.listings()).toEqual([
      { Bucket: 'b1' },
      { Bucket: 'b1', KeyMarker: 'uploads/a.csv', VersionIdMarker: 'v0002' },
      { Bucket: 'b1', KeyMarker: 'uploads/b.csv', VersionIdMarker: 'v0005' },
      { Bucket: 'b1' },
    ]);
    // Each page is deleted after the next one was listed, so every marker named a live version;
    // delete markers are deleted by their version id too.
    expect(bucket.requests.map((r) => r.command)).toEqual([
      'ListObjectVersions',
      'ListObjectVersions',
      'DeleteObjects',
      'ListObjectVersions',
      'DeleteObjects',
      'DeleteObjects',
      'ListObjectVersions',
    ]);
    const sent = bucket.requests.flatMap((r) =>
      r.command === 'DeleteObjects' ? (r.input.Delete?.Objects ?? []) : [],
    );
    expect(sent.map((o) => o.VersionId).sort()).toEqual([
      'v0001',
      'v0002',
      'v0003',
      'v0004',
      'v0005',
      'v0006',
    ]);
  });

  it('also deletes a late upload that lands behind the listing (one pass stops too early)', async () => {
    // Prepare: while page 1 is deleted, an upload arrives under a key the listing has passed.
    const bucket = new VersionedBucket({
      pageSize: 2,
      afterDelete: (n, b) => {
        if (n === 1) b.put('uploads/0-late.csv');
      },
    })
      .put('uploads/a.csv')
      .put('uploads/b.csv')
      .put('uploads/c.csv');

    // Act
    const deleted = await emptyBucket(bucket, 'b1');

    // Assess
    expect(bucket.entries).toEqual([]);
    expect(deleted).toBe(4);
  });

  it('starts over when a truncated page names no NextKeyMarker, instead of stopping', async () => {
    // Prepare: the first page says "truncated" but gives no markers to follow.
    const bucket = new VersionedBucket({ pageSize: 2, omitNextMarkers: (page) => page === 1 })
      .put('uploads/a.csv')
      .markDeleted('uploads/a.csv')
      .put('uploads/b.csv')
      .put('uploads/c.csv');

    // Act
    const deleted = await emptyBucket(bucket, 'b1');

    // Assess
    expect(bucket.entries).toEqual([]);
    expect(deleted).toBe(4);
    expect(bucket.listings()[1]).toEqual({ Bucket: 'b1' });
  });

  it("deletes an entry listed without a version id as the version 'null'", async () => {
    // Prepare: a listing that omits the id (the null version of a pre-versioning object).
    const sent: DeleteObjectsCommandInput[] = [];
    let listed = false;
    const client = {
      send: async (command: unknown) => {
        if (command instanceof DeleteObjectsCommand) {
          sent.push(command.input);
          return {};
        }
        const first = !listed;
        listed = true;
        return first ? { IsTruncated: false, Versions: [{ Key: 'old.csv' }] } : {};
      },
    };

    // Act
    await emptyBucket(client as never, 'b1');

    // Assess: never a delete without a version id, which would only add a delete marker.
    expect(sent[0]?.Delete?.Objects).toEqual([{ Key: 'old.csv', VersionId: 'null' }]);
  });

  it('throws BUCKET_NOT_EMPTY when uploads keep arriving', async () => {
    // Prepare
    const bucket = new VersionedBucket({
      pageSize: 10,
      afterDelete: (n, b) => {
        b.put(`uploads/late-${n}.csv`);
      },
    }).put('uploads/a.csv');

    // Act
    const result = emptyBucket(bucket, 'b1', { maxPasses: 3 });

    // Assess
    await expect(result).rejects.toBeInstanceOf(BucketNotEmptyError);
    await expect(result).rejects.toThrow(/still held objects after 3 complete passes/);
  });

  it('throws BUCKET_NOT_EMPTY naming a version S3 could not delete', async () => {
    // Prepare
    const client = {
      send: async (command: unknown) =>
        command instanceof DeleteObjectsCommand
          ? { Errors: [{ Key: 'uploads/a.csv', Code: 'AccessDenied', Message: 'Access Denied' }] }
          : { IsTruncated: false, Versions: [{ Key: 'uploads/a.csv', VersionId: 'v1' }] },
    };

    // Act
    const result = emptyBucket(client as never, 'b1');

    // Assess
    await expect(result).rejects.toThrow(
      /could not delete 1 object version\(s\) from b1, e\.g\. uploads\/a\.csv \(AccessDenied: Access Denied\)/,
    );
  });
});
