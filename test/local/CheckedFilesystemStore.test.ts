import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  truncate,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3rverEmulator } from '../../src/local/index.js';

const BUCKET = 'bucket-a';
let dir: string;
let emulator: S3rverEmulator;
let client: S3Client;
let endpoint: string;

/** s3rver's file names for a key at the top of the bucket. */
const files = (key: string) => ({
  body: join(dir, BUCKET, `${key}._S3rver_object`),
  md5: join(dir, BUCKET, `${key}._S3rver_object.md5`),
  metadata: join(dir, BUCKET, `${key}._S3rver_metadata.json`),
});

async function start(): Promise<void> {
  emulator = new S3rverEmulator({ directory: dir });
  endpoint = await emulator.start();
  client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

async function restart(): Promise<void> {
  client.destroy();
  await emulator.stop();
  await start();
}

const put = (key: string, body: string | Buffer) =>
  client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

async function get(key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'checked-store-'));
  await start();
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterEach(async () => {
  client.destroy();
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('CheckedFilesystemStore', () => {
  it('keeps the old bytes when a PUT is cut mid-body (never acknowledged)', async () => {
    // Prepare
    await put('a.csv', 'old,bytes\n1,2\n');

    // Act: a PUT that announces 1 MB, sends 64 KB, then drops the connection
    await new Promise<void>((resolve) => {
      const url = new URL(`${endpoint}/${BUCKET}/a.csv`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'PUT',
        headers: { 'content-length': String(1024 * 1024) },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(64 * 1024, 120), () => setImmediate(() => req.destroy()));
      req.on('close', () => resolve());
    });
    await restart();

    // Assess
    expect((await get('a.csv')).toString()).toBe('old,bytes\n1,2\n');
    expect(emulator.startReport?.check.damaged).toEqual([]);
    expect((await readdir(join(dir, BUCKET))).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('fails a GET of a truncated body at once with a clear error', async () => {
    // Prepare
    await put('t.csv', 'x'.repeat(1000));
    await truncate(files('t.csv').body, 400);

    // Act
    const started = Date.now();
    const reading = get('t.csv');

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'InternalError',
      message: expect.stringMatching(
        /bucket-a\/t\.csv is damaged \(body is 400 bytes, its metadata says 1000\).*ingest local repair/,
      ),
      $metadata: { httpStatusCode: 500 },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never serves a body whose bytes no longer match its ETag', async () => {
    // Prepare
    await put('m.csv', 'a,b\n1,2\n');
    await writeFile(files('m.csv').body, 'a,b\n9,2\n');

    // Act
    const reading = get('m.csv');

    // Assess
    await expect(reading).rejects.toMatchObject({
      name: 'InternalError',
      message: expect.stringContaining(`is not its ETag ${md5('a,b\n1,2\n')}`),
    });
  });

  it('cuts a large damaged body before its last bytes instead of serving them', async () => {
    // Prepare: 9 MiB is streamed, not read whole before the answer
    const body = Buffer.alloc(9 * 1024 * 1024, 97);
    await put('big.csv', body);
    const damaged = Buffer.from(body);
    damaged[5_000_000] = 98;
    await writeFile(files('big.csv').body, damaged);

    // Act
    const reading = get('big.csv');

    // Assess
    await expect(reading).rejects.toThrow();
    expect(await get('big.csv').catch(() => 'failed')).toBe('failed');
  });

  it('reports torn metadata and a deleted body at start, and fails their GETs', async () => {
    // Prepare
    await put('torn.csv', 'a\n1\n');
    await put('gone.csv', 'b\n2\n');
    await put('fine.csv', 'c\n3\n');
    const torn = await readFile(files('torn.csv').metadata, 'utf8');
    await writeFile(files('torn.csv').metadata, torn.slice(0, torn.length >> 1));
    await unlink(files('gone.csv').body);

    // Act
    await restart();

    // Assess
    const report = emulator.startReport!;
    expect(report.check.objects).toBe(3);
    expect(report.check.damaged.map(({ key, problem }) => [key, problem])).toEqual([
      ['gone.csv', 'body file is missing'],
      ['torn.csv', 'metadata file is unreadable (torn or truncated)'],
    ]);
    await expect(get('torn.csv')).rejects.toMatchObject({ name: 'InternalError' });
    await expect(get('gone.csv')).rejects.toMatchObject({
      name: 'InternalError',
      message: expect.stringContaining('body file is missing'),
    });
    expect((await get('fine.csv')).toString()).toBe('c\n3\n');
  });

  it('finishes a write whose body was committed and discards one cut before, at start', async () => {
    // Prepare: what a kill -9 between the renames of a PUT leaves
    await put('w.csv', 'old\n');
    await put('x.csv', 'kept\n');
    const committed = files('w.csv');
    await writeFile(committed.body, 'new\n');
    await writeFile(`${committed.md5}.tmp-aaaa`, md5('new\n'));
    await writeFile(
      `${committed.metadata}.tmp-aaaa`,
      JSON.stringify({ 'content-type': 'text/csv', 'x-local-content-length': 4 }),
    );
    const cut = files('x.csv');
    await writeFile(`${cut.body}.tmp-bbbb`, 'half');
    await writeFile(`${cut.md5}.tmp-bbbb`, md5('half'));

    // Act
    await restart();

    // Assess
    expect(emulator.startReport?.recovery).toEqual({
      completedWrites: 1,
      discardedWrites: 1,
      completedDeletes: 0,
    });
    expect((await get('w.csv')).toString()).toBe('new\n');
    expect((await get('x.csv')).toString()).toBe('kept\n');
    expect(emulator.startReport?.check.damaged).toEqual([]);
  });

  it('serves one whole version to concurrent PUTs of the same key', async () => {
    // Act
    const bodies = Array.from({ length: 20 }, (_, i) => `v,${i}\n`.repeat(200 + i));
    const puts = await Promise.all(bodies.map((body) => put('same.csv', body)));
    const got = await get('same.csv');

    // Assess
    expect(bodies).toContain(got.toString());
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'same.csv' }));
    expect(head.ETag).toBe(`"${md5(got)}"`);
    expect(puts.map((p) => p.ETag)).toContain(head.ETag);
  });

  it('names the old lean store folder and does not list it as a bucket', async () => {
    // Prepare
    await mkdir(join(dir, '_lean-s3'), { recursive: true });
    await writeFile(join(dir, '_lean-s3', 'journal'), 'x');

    // Act
    await restart();
    const { Buckets } = await client.send(new ListBucketsCommand({}));

    // Assess
    expect(emulator.startReport?.leanStoreDirectory).toBe(join(dir, '_lean-s3'));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET]);
    expect(await readFile(join(dir, '_lean-s3', 'journal'), 'utf8')).toBe('x');
  });
});
