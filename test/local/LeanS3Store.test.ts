import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeanS3Store, S3rverEmulator } from '../../src/local/index.js';
import { useWhenRequiredChecksums } from './helpers/checksumEnv.js';

const BUCKET = 'lean-bucket';
const MIB = 1024 * 1024;

let dir: string;
let emulator: S3rverEmulator;
let client: S3Client;

useWhenRequiredChecksums();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lean-s3-store-'));
  await startEmulator();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterEach(async () => {
  client.destroy();
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startEmulator(): Promise<void> {
  emulator = new S3rverEmulator({ directory: join(dir, 's3') });
  const endpoint = await emulator.start();
  client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

async function restartEmulator(): Promise<void> {
  client.destroy();
  await emulator.stop();
  await startEmulator();
}

function md5(body: string | Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}

async function put(key: string, body: string | Uint8Array, extra: object = {}): Promise<string> {
  const output = await client.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...extra }),
  );
  return output.ETag ?? '';
}

async function getText(key: string, range?: string): Promise<string> {
  const output = await client.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }),
  );
  return (await output.Body?.transformToString()) ?? '';
}

async function errorOf(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

async function listAll(
  input: { Prefix?: string; Delimiter?: string; StartAfter?: string; MaxKeys?: number } = {},
): Promise<{ keys: string[]; prefixes: string[]; pages: number }> {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page: ListObjectsV2CommandOutput = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token, ...input }),
    );
    pages += 1;
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    prefixes.push(...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return { keys, prefixes, pages };
}

async function directorySize(path: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(path)) total += (await stat(join(path, name))).size;
  return total;
}

function patternBody(size: number, seed: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) body.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return body;
}

describe('LeanS3Store', () => {
  it('returns the body, content type, user metadata and an MD5 ETag on GET and HEAD', async () => {
    // Prepare
    const body = 'a,b\n1,2\n';

    // Act
    const etag = await put('data/x.csv', body, {
      ContentType: 'text/csv',
      Metadata: { origin: 'unit test', n: '42' },
    });
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'data/x.csv' }));
    const text = await got.Body?.transformToString();
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/x.csv' }));

    // Assess
    expect(etag).toBe(`"${md5(body)}"`);
    expect(text).toBe(body);
    expect(got.ContentType).toBe('text/csv');
    expect(got.ETag).toBe(etag);
    expect(got.Metadata).toEqual({ origin: 'unit test', n: '42' });
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe('text/csv');
    expect(head.ETag).toBe(etag);
    expect(head.Metadata).toEqual({ origin: 'unit test', n: '42' });
    expect(head.LastModified?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('returns an empty body for a zero-length object and 416 for a range on it', async () => {
    // Prepare
    const etag = await put('empty', '');

    // Act
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'empty' }));
    const text = await got.Body?.transformToString();
    const ranged = await errorOf(getText('empty', 'bytes=0-'));

    // Assess
    expect(etag).toBe(`"${md5('')}"`);
    expect(text).toBe('');
    expect(got.ContentLength).toBe(0);
    expect(ranged.$metadata.httpStatusCode).toBe(416);
  });

  it('returns the new body and metadata after an overwrite', async () => {
    // Prepare
    await put('k', 'first', { Metadata: { v: '1' } });

    // Act
    const etag = await put('k', 'second body', { ContentType: 'text/plain' });
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('second body');
    expect(got.ETag).toBe(etag);
    expect(got.Metadata).toEqual({});
    expect(got.ContentType).toBe('text/plain');
  });

  it('returns 206 slices for byte, open-ended and suffix ranges and 416 past the end', async () => {
    // Prepare
    await put('r', '0123456789');

    // Act
    const slice = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'r', Range: 'bytes=2-5' }),
    );
    const sliceText = await slice.Body?.transformToString();
    const first = await getText('r', 'bytes=0-0');
    const open = await getText('r', 'bytes=7-');
    const suffix = await getText('r', 'bytes=-3');
    const longSuffix = await getText('r', 'bytes=-30');
    const clamped = await getText('r', 'bytes=8-100');
    const past = await errorOf(getText('r', 'bytes=10-'));

    // Assess
    expect(slice.$metadata.httpStatusCode).toBe(206);
    expect(slice.ContentRange).toBe('bytes 2-5/10');
    expect(sliceText).toBe('2345');
    expect(first).toBe('0');
    expect(open).toBe('789');
    expect(suffix).toBe('789');
    expect(longSuffix).toBe('0123456789');
    expect(clamped).toBe('89');
    expect(past.$metadata.httpStatusCode).toBe(416);
    expect(past.name).toBe('InvalidRange');
  });

  it('returns NoSuchKey after a delete', async () => {
    // Prepare
    await put('gone', 'bye');

    // Act
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone' }));
    const error = await errorOf(getText('gone'));
    const again = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone' }));

    // Assess
    expect(error.name).toBe('NoSuchKey');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('lists with prefix, delimiter, StartAfter and MaxKeys pages without losing or repeating', async () => {
    // Prepare
    const keys = ['a/1', 'a/2', 'b', 'c/1', 'c/d/2', 'd', 'e/1', 'f'];
    for (const key of keys) await put(key, key);

    // Act
    const all = await listAll({ MaxKeys: 2 });
    const prefixed = await listAll({ Prefix: 'c/' });
    const grouped = await listAll({ Delimiter: '/' });
    const groupedPaged = await listAll({ Delimiter: '/', MaxKeys: 1 });
    const nested = await listAll({ Prefix: 'c/', Delimiter: '/' });
    const after = await listAll({ StartAfter: 'c/1' });

    // Assess
    expect(all.keys).toEqual(keys);
    expect(all.pages).toBe(4);
    expect(prefixed.keys).toEqual(['c/1', 'c/d/2']);
    expect(grouped).toMatchObject({ keys: ['b', 'd', 'f'], prefixes: ['a/', 'c/', 'e/'] });
    expect(groupedPaged.keys).toEqual(['b', 'd', 'f']);
    expect(groupedPaged.prefixes).toEqual(['a/', 'c/', 'e/']);
    expect(nested).toMatchObject({ keys: ['c/1'], prefixes: ['c/d/'] });
    expect(after.keys).toEqual(['c/d/2', 'd', 'e/1', 'f']);
  });

  it('reports size and ETag of each listed object', async () => {
    // Prepare
    const etag = await put('sized', 'twelve bytes');

    // Act
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    // Assess
    expect(page.KeyCount).toBe(1);
    expect(page.Contents?.[0]).toMatchObject({ Key: 'sized', Size: 12, ETag: etag });
  });

  it('copies an object within the bucket, keeping or replacing its metadata', async () => {
    // Prepare
    const etag = await put('src', 'copy me', { ContentType: 'text/csv', Metadata: { a: '1' } });

    // Act
    const kept = await client.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'dst', CopySource: `${BUCKET}/src` }),
    );
    await client.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: 'src',
        CopySource: `${BUCKET}/src`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/plain',
        Metadata: { b: '2' },
      }),
    );
    const dst = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dst' }));
    const dstText = await dst.Body?.transformToString();
    const src = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'src' }));
    const srcText = await src.Body?.transformToString();

    // Assess
    expect(kept.CopyObjectResult?.ETag).toBe(etag);
    expect(dstText).toBe('copy me');
    expect(dst.ContentType).toBe('text/csv');
    expect(dst.Metadata).toEqual({ a: '1' });
    expect(srcText).toBe('copy me');
    expect(src.ContentType).toBe('text/plain');
    expect(src.Metadata).toEqual({ b: '2' });
  });

  it('assembles a two-part multipart upload with an S3 multipart ETag', async () => {
    // Prepare
    const part1 = patternBody(5 * MIB, 1);
    const part2 = Buffer.from('the last part may be small');
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi', ContentType: 'text/x' }),
    );

    // Act
    const etags: string[] = [];
    for (const [index, body] of [part1, part2].entries()) {
      const out = await client.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'multi',
          UploadId,
          PartNumber: index + 1,
          Body: body,
        }),
      );
      etags.push(out.ETag ?? '');
    }
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'multi',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi' }));
    const bytes = await got.Body?.transformToByteArray();

    // Assess
    const expectedEtag = createHash('md5')
      .update(Buffer.concat([part1, part2].map((p) => createHash('md5').update(p).digest())))
      .digest('hex');
    expect(etags).toEqual([`"${md5(part1)}"`, `"${md5(part2)}"`]);
    expect(done.ETag).toBe(`"${expectedEtag}-2"`);
    expect(got.ETag).toBe(done.ETag);
    expect(got.ContentType).toBe('text/x');
    expect(Buffer.from(bytes ?? []).equals(Buffer.concat([part1, part2]))).toBe(true);
  });

  it('rejects completing with a part that was not uploaded', async () => {
    // Prepare
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'bad' }),
    );
    await client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: 'bad', UploadId, PartNumber: 1, Body: 'x' }),
    );

    // Act
    const error = await errorOf(
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'bad',
          UploadId,
          MultipartUpload: { Parts: [{ ETag: `"${md5('y')}"`, PartNumber: 1 }] },
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('InvalidPart');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('streams a 20 MiB object through its file and reads it back whole and ranged', async () => {
    // Prepare
    const body = patternBody(20 * MIB, 7);

    // Act
    const etag = await put('big.bin', body);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    const tail = await client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin', Range: `bytes=${19 * MIB}-` }),
    );
    const tailBytes = Buffer.from((await tail.Body?.transformToByteArray()) ?? []);

    // Assess
    expect(etag).toBe(`"${md5(body)}"`);
    expect(bytes.length).toBe(body.length);
    expect(bytes.equals(body)).toBe(true);
    expect(tailBytes.equals(body.subarray(19 * MIB))).toBe(true);
  });

  it('creates, lists and deletes buckets, and answers NoSuchBucket for a missing one', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));

    // Act
    const listed = await client.send(new ListBucketsCommand({}));
    const duplicate = await errorOf(client.send(new CreateBucketCommand({ Bucket: BUCKET })));
    await put('keep', 'x');
    const notEmpty = await errorOf(client.send(new DeleteBucketCommand({ Bucket: BUCKET })));
    await client.send(new DeleteBucketCommand({ Bucket: 'other-bucket' }));
    const after = await client.send(new ListBucketsCommand({}));
    const missing = await errorOf(
      client.send(new GetObjectCommand({ Bucket: 'other-bucket', Key: 'x' })),
    );

    // Assess
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET, 'other-bucket']);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(duplicate.name).toBe('BucketAlreadyExists');
    expect(notEmpty.name).toBe('BucketNotEmpty');
    expect(after.Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET]);
    expect(missing.name).toBe('NoSuchBucket');
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('round-trips a bucket CORS configuration', async () => {
    // Prepare
    const rule = {
      AllowedMethods: ['GET', 'PUT'],
      AllowedOrigins: ['http://example.test'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 300,
    };

    // Act
    const before = await errorOf(client.send(new GetBucketCorsCommand({ Bucket: BUCKET })));
    await client.send(
      new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [rule] } }),
    );
    const cors = await client.send(new GetBucketCorsCommand({ Bucket: BUCKET }));

    // Assess
    expect(before.name).toBe('NoSuchCORSConfiguration');
    expect(cors.CORSRules).toEqual([rule]);
  });

  it('stores keys with spaces, plus signs and unicode as sent', async () => {
    // Prepare
    const keys = [
      'uploads/a b+c/ü.csv',
      'uploads/日本語 ファイル.tsv',
      'x+y=z&w.txt',
      'emoji/😀.csv',
    ];

    // Act
    for (const key of keys) await put(key, `body of ${key}`);
    const bodies = await Promise.all(keys.map((key) => getText(key)));
    const listed = await listAll();

    // Assess
    expect(bodies).toEqual(keys.map((key) => `body of ${key}`));
    expect(listed.keys.sort()).toEqual([...keys].sort());
  });

  it('keeps objects, metadata, buckets and CORS across a restart, and deletions stay', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'second-bucket' }));
    await client.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
      }),
    );
    const etag = await put('p/kept.csv', 'kept', {
      ContentType: 'text/csv',
      Metadata: { who: 'me' },
    });
    await put('p/overwritten', 'old');
    await put('p/overwritten', 'new');
    await put('p/deleted', 'soon gone');
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'p/deleted' }));
    await put('big', patternBody(9 * MIB, 3));

    // Act
    await restartEmulator();
    const kept = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'p/kept.csv' }));
    const keptText = await kept.Body?.transformToString();
    const overwritten = await getText('p/overwritten');
    const deleted = await errorOf(getText('p/deleted'));
    const buckets = await client.send(new ListBucketsCommand({}));
    const cors = await client.send(new GetBucketCorsCommand({ Bucket: BUCKET }));
    const listed = await listAll();
    const big = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big' }));
    const files = await readdir(join(dir, 's3', '_lean-s3', 'objects'));

    // Assess
    expect(keptText).toBe('kept');
    expect(kept.ETag).toBe(etag);
    expect(kept.ContentType).toBe('text/csv');
    expect(kept.Metadata).toEqual({ who: 'me' });
    expect(overwritten).toBe('new');
    expect(deleted.name).toBe('NoSuchKey');
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET, 'second-bucket']);
    expect(cors.CORSRules).toEqual([{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }]);
    expect(listed.keys).toEqual(['big', 'p/kept.csv', 'p/overwritten']);
    expect(big.ContentLength).toBe(9 * MIB);
    expect(files.filter((name) => name.endsWith('.pack'))).toHaveLength(1);
    expect(files).toHaveLength(2);
  });

  it('reclaims the space of overwritten and deleted bodies when it starts again', async () => {
    // Prepare
    const body = patternBody(100 * 1024, 5);
    for (let i = 0; i < 10; i++) await put('same-key', body);
    for (let i = 0; i < 5; i++) await put(`gone-${i}`, body);
    for (let i = 0; i < 5; i++) {
      await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `gone-${i}` }));
    }
    const objectsDir = join(dir, 's3', '_lean-s3', 'objects');
    const sizeBefore = await directorySize(objectsDir);

    // Act
    await restartEmulator();
    const sizeAfter = await directorySize(objectsDir);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'same-key' }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);

    // Assess
    expect(sizeBefore).toBe(15 * body.length);
    expect(sizeAfter).toBe(body.length);
    expect(bytes.equals(body)).toBe(true);
  });

  it('keeps state across two restarts after compacting the journal', async () => {
    // Prepare
    await put('a', '1');
    await put('a', '2');
    await put('b', '3');
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'b' }));

    // Act
    await restartEmulator();
    await put('c', '4');
    await restartEmulator();
    const listed = await listAll();
    const a = await getText('a');

    // Assess
    expect(listed.keys).toEqual(['a', 'c']);
    expect(a).toBe('2');
  });
});

describe('LeanS3Store packs', () => {
  async function readBody(store: LeanS3Store, key: string): Promise<string | undefined> {
    const object = await store.getObject(BUCKET, key);
    if (!object) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of object.content as Readable) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  }

  function putBody(store: LeanS3Store, key: string, body: string) {
    return store.putObject({
      bucket: BUCKET,
      key,
      content: Readable.from([Buffer.from(body)]),
      metadata: { 'content-type': 'text/plain' },
    });
  }

  it('returns every body after concurrent writes across rotated packs and a reopen', async () => {
    // Prepare
    const directory = join(dir, 'direct');
    const options = { packRotateBytes: 1000, cacheMaxTotalBytes: 0 };
    const store = new LeanS3Store(directory, options);
    await store.open();
    await store.putBucket(BUCKET);
    const body = (key: string, round: number) => `${key}:${round}:`.padEnd(300, '.');
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);

    // Act
    await Promise.all(keys.map((key) => putBody(store, key, body(key, 1))));
    await Promise.all(keys.slice(0, 20).map((key) => putBody(store, key, body(key, 2))));
    await Promise.all(keys.slice(30).map((key) => store.deleteObject(BUCKET, key)));
    const before = await Promise.all(keys.map((key) => readBody(store, key)));
    await store.close();
    const reopened = new LeanS3Store(directory, options);
    await reopened.open();
    const after = await Promise.all(keys.map((key) => readBody(reopened, key)));
    const packs = (await readdir(join(directory, '_lean-s3', 'objects'))).length;
    await reopened.close();

    // Assess
    const expected = keys.map((key, i) => {
      if (i >= 30) return undefined;
      return body(key, i < 20 ? 2 : 1);
    });
    expect(before).toEqual(expected);
    expect(after).toEqual(expected);
    expect(packs).toBeLessThanOrEqual(Math.ceil((30 * 300) / 1000) + 1);
  });
});
