import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketCorsCommand,
  GetBucketWebsiteCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { S3rverEmulator } from '../../src/local/index.js';
import { useWhenRequiredChecksums } from './helpers/checksumEnv.js';

const require = createRequire(import.meta.url);
const MIB = 1024 * 1024;
const ONE = 'legacy-one';
const TWO = 'legacy-two';
const BIG = Buffer.alloc(3 * MIB, 'abcdefghijklmnopqrstuvwxyz0123456789');
const UNICODE_KEY = 'dir/with space/ünïcødé + plus.csv';
const BODIES: Record<string, Record<string, Buffer>> = {
  [ONE]: {
    'uploads/2024/01/data.csv': Buffer.from('a,b\n1,2\n'),
    [UNICODE_KEY]: Buffer.from('x;y\n3;4\n'),
    'empty.txt': Buffer.alloc(0),
    'big.bin': BIG,
    'no-md5.txt': Buffer.from('md5 file deleted before the import'),
    'no-meta.txt': Buffer.from('metadata file deleted before the import'),
  },
  [TWO]: {
    'x/y/z.json': Buffer.from('{"z":1}'),
    readme: Buffer.from('top level'),
    'folder/': Buffer.alloc(0),
  },
};
const CORS = {
  CORSRules: [
    {
      AllowedOrigins: ['http://localhost:3000'],
      AllowedMethods: ['GET', 'PUT'],
      AllowedHeaders: ['*'],
      MaxAgeSeconds: 300,
    },
  ],
};
const TAGS = [
  { Key: 'team', Value: 'data' },
  { Key: 'stage', Value: 'raw' },
];

interface LegacyServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type LegacyServerCtor = new (options: Record<string, unknown>) => LegacyServer;

interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
}

let root: string;
let dir: string;

useWhenRequiredChecksums();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lean-s3-import-'));
  dir = join(root, 's3');
  await mkdir(dir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function clientFor(endpoint: string, id: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: id, secretAccessKey: id },
  });
}

/** Runs s3rver with its own FilesystemStore on `directory` while `write` uses the client. */
async function withLegacyS3rver(
  directory: string,
  write: (client: S3Client) => Promise<void>,
): Promise<void> {
  const S3rver = require('s3rver') as LegacyServerCtor;
  const server = new S3rver({ directory, silent: true, address: '127.0.0.1', port: 0 });
  const { port } = await server.run();
  const client = clientFor(`http://127.0.0.1:${port}`, 'S3RVER');
  try {
    await write(client);
  } finally {
    client.destroy();
    await server.close();
  }
}

/** Runs our emulator (LeanS3Store) on `directory` while `use` uses the client. */
async function withEmulator<T>(
  directory: string,
  use: (client: S3Client) => Promise<T>,
): Promise<T> {
  const emulator = new S3rverEmulator({ directory });
  const client = clientFor(await emulator.start(), 'test');
  try {
    return await use(client);
  } finally {
    client.destroy();
    await emulator.stop();
  }
}

async function writeLegacyData(client: S3Client): Promise<void> {
  for (const [bucket, objects] of Object.entries(BODIES)) {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [key, body] of Object.entries(objects)) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  }
  await client.send(
    new PutObjectCommand({
      Bucket: ONE,
      Key: 'uploads/2024/01/data.csv',
      Body: BODIES[ONE]!['uploads/2024/01/data.csv'],
      ContentType: 'text/csv',
      Metadata: { origin: 'legacy', 'row-count': '1' },
    }),
  );
  await client.send(new PutBucketCorsCommand({ Bucket: ONE, CORSConfiguration: CORS }));
  await client.send(
    new PutBucketWebsiteCommand({
      Bucket: TWO,
      WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } },
    }),
  );
  await client.send(
    new PutObjectTaggingCommand({ Bucket: ONE, Key: UNICODE_KEY, Tagging: { TagSet: TAGS } }),
  );
  // an upload in progress: not imported
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: ONE, Key: 'unfinished.bin' }),
  );
  await client.send(
    new UploadPartCommand({
      Bucket: ONE,
      Key: 'unfinished.bin',
      UploadId,
      PartNumber: 1,
      Body: 'p',
    }),
  );
}

async function listAll(client: S3Client, bucket: string): Promise<ListedObject[]> {
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return Contents.map((object) => ({
    key: object.Key ?? '',
    size: object.Size ?? -1,
    etag: object.ETag ?? '',
    lastModified: object.LastModified?.toISOString() ?? '',
  }));
}

async function snapshot(client: S3Client): Promise<Record<string, ListedObject[]>> {
  return { [ONE]: await listAll(client, ONE), [TWO]: await listAll(client, TWO) };
}

async function bodyOf(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await Body?.transformToByteArray()) ?? []);
}

function md5(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

async function putRecordCount(): Promise<number> {
  const text = await readFile(join(dir, '_lean-s3', 'journal.jsonl'), 'utf8');
  return text.split('\n').filter((line) => line.includes('"op":"put"')).length;
}

/** Writes the legacy data with s3rver; drops one .md5 and one metadata file; returns its listing. */
async function prepareLegacyDirectory(): Promise<Record<string, ListedObject[]>> {
  let before: Record<string, ListedObject[]> = {};
  await withLegacyS3rver(dir, async (client) => {
    await writeLegacyData(client);
    before = await snapshot(client);
  });
  await unlink(join(dir, ONE, 'no-md5.txt._S3rver_object.md5'));
  await unlink(join(dir, ONE, 'no-meta.txt._S3rver_metadata.json'));
  return before;
}

async function assertImported(
  client: S3Client,
  before: Record<string, ListedObject[]>,
): Promise<void> {
  expect(await snapshot(client)).toEqual(before);
  const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
  expect(Buckets.map((bucket) => bucket.Name)).toEqual([ONE, TWO]);
  for (const [bucket, objects] of Object.entries(BODIES)) {
    for (const [key, body] of Object.entries(objects)) {
      const got = await bodyOf(client, bucket, key);
      expect(got.length, key).toBe(body.length);
      expect(md5(got), key).toBe(md5(body));
    }
  }
  const head = await client.send(
    new HeadObjectCommand({ Bucket: ONE, Key: 'uploads/2024/01/data.csv' }),
  );
  expect(head.ContentType).toBe('text/csv');
  expect(head.Metadata).toEqual({ origin: 'legacy', 'row-count': '1' });
  expect(head.ETag).toBe(`"${md5(BODIES[ONE]!['uploads/2024/01/data.csv']!)}"`);
  const bare = await client.send(new HeadObjectCommand({ Bucket: ONE, Key: 'no-meta.txt' }));
  expect(bare.ContentType).toBe('binary/octet-stream');
  const cors = await client.send(new GetBucketCorsCommand({ Bucket: ONE }));
  expect(cors.CORSRules?.[0]?.AllowedOrigins).toEqual(['http://localhost:3000']);
  expect(cors.CORSRules?.[0]?.AllowedMethods).toEqual(['GET', 'PUT']);
  expect(cors.CORSRules?.[0]?.MaxAgeSeconds).toBe(300);
  const website = await client.send(new GetBucketWebsiteCommand({ Bucket: TWO }));
  expect(website.IndexDocument?.Suffix).toBe('index.html');
  const tagging = await client.send(new GetObjectTaggingCommand({ Bucket: ONE, Key: UNICODE_KEY }));
  expect(tagging.TagSet).toEqual(TAGS);
}

describe('LeanS3Store import of s3rver FilesystemStore data', () => {
  it('returns the same buckets, listings, bodies, metadata, CORS and tagging after the import', async () => {
    // Prepare
    const before = await prepareLegacyDirectory();
    const expectedKeys = Object.keys(BODIES[ONE]!).sort();
    expect(before[ONE]!.map((object) => object.key).sort()).toEqual(expectedKeys);
    expect(before[ONE]!.find((object) => object.key === 'big.bin')?.size).toBe(3 * MIB);

    // Act
    await withEmulator(dir, (client) => assertImported(client, before));

    // Assess
    expect((await readdir(dir)).sort()).toEqual(['_lean-s3', '_s3rver-legacy']);
    expect((await readdir(join(dir, '_s3rver-legacy'))).sort()).toEqual([ONE, TWO]);
    const legacyBody = await stat(join(dir, '_s3rver-legacy', ONE, 'big.bin._S3rver_object'));
    expect(legacyBody.size).toBe(3 * MIB);
    expect(legacyBody.nlink).toBe(2); // hard-linked into _lean-s3/objects, not copied
    expect(await putRecordCount()).toBe(9);
  });

  it('returns everything once after a second restart, importing nothing twice', async () => {
    // Prepare
    const before = await prepareLegacyDirectory();
    await withEmulator(dir, async () => {});
    const bodies = (await readdir(join(dir, '_lean-s3', 'objects'))).length;

    // Act
    await withEmulator(dir, (client) => assertImported(client, before));

    // Assess
    expect(await putRecordCount()).toBe(9);
    expect((await readdir(join(dir, '_lean-s3', 'objects'))).length).toBe(bodies);
    expect((await readdir(join(dir, '_s3rver-legacy'))).sort()).toEqual([ONE, TWO]);
  });

  it("returns s3rver's last-modified second for a body written in a second's last nanoseconds", async () => {
    // Prepare: mtime x.9999995 s, which s3rver (Node's rounded mtime Date) lists as second x + 1.
    await prepareLegacyDirectory();
    const bucket = Object.keys(BODIES).find((b) => 'x/y/z.json' in BODIES[b]!)!;
    const body = join(dir, bucket, 'x', 'y', 'z.json._S3rver_object');
    const when = 1_795_672_930.9999995;
    await utimes(body, when, when);
    let before: Record<string, ListedObject[]> = {};
    await withLegacyS3rver(dir, async (client) => {
      before = await snapshot(client);
    });
    const listed = before[bucket]!.find((object) => object.key === 'x/y/z.json');
    expect(listed?.lastModified).toBe('2026-11-26T06:02:11.000Z');

    // Act + Assess
    await withEmulator(dir, async (client) => {
      expect(await snapshot(client)).toEqual(before);
    });
  });

  it('returns the data once when the folders were journaled but not moved (a crash)', async () => {
    // Prepare
    const before = await prepareLegacyDirectory();
    await withEmulator(dir, async () => {});
    await rename(join(dir, '_s3rver-legacy', ONE), join(dir, ONE));

    // Act
    await withEmulator(dir, (client) => assertImported(client, before));

    // Assess
    expect(await putRecordCount()).toBe(9);
    expect((await readdir(dir)).sort()).toEqual(['_lean-s3', '_s3rver-legacy']);
    expect((await readdir(join(dir, '_s3rver-legacy'))).sort()).toEqual([ONE, TWO]);
  });

  it('returns the store version of a key it already has and imports only the missing ones', async () => {
    // Prepare
    await withLegacyS3rver(dir, async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: ONE }));
      await client.send(new PutObjectCommand({ Bucket: ONE, Key: 'a.txt', Body: 'legacy a' }));
      await client.send(new PutObjectCommand({ Bucket: ONE, Key: 'b.txt', Body: 'legacy b' }));
    });
    await rename(join(dir, ONE), join(root, 'aside'));
    await withEmulator(dir, async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: ONE }));
      await client.send(new PutObjectCommand({ Bucket: ONE, Key: 'a.txt', Body: 'store a' }));
    });
    await rename(join(root, 'aside'), join(dir, ONE));

    // Act
    const result = await withEmulator(dir, async (client) => ({
      keys: (await listAll(client, ONE)).map((object) => object.key),
      a: (await bodyOf(client, ONE, 'a.txt')).toString(),
      b: (await bodyOf(client, ONE, 'b.txt')).toString(),
    }));

    // Assess
    expect(result).toEqual({ keys: ['a.txt', 'b.txt'], a: 'store a', b: 'legacy b' });
    expect(await readdir(join(dir, '_s3rver-legacy'))).toEqual([ONE]);
  });

  it('returns no buckets for an empty directory', async () => {
    // Act
    const buckets = await withEmulator(dir, async (client) => {
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      return Buckets;
    });

    // Assess
    expect(buckets).toEqual([]);
    expect(await readdir(dir)).toEqual(['_lean-s3']);
  });

  it('returns the directory untouched when it holds only the store folder', async () => {
    // Prepare
    await withEmulator(dir, async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: 'fresh' }));
      await client.send(new PutObjectCommand({ Bucket: 'fresh', Key: 'k', Body: 'v' }));
    });
    const journal = await readFile(join(dir, '_lean-s3', 'journal.jsonl'), 'utf8');

    // Act
    const body = await withEmulator(dir, async (client) =>
      (await bodyOf(client, 'fresh', 'k')).toString(),
    );

    // Assess
    expect(body).toBe('v');
    expect(await readdir(dir)).toEqual(['_lean-s3']);
    expect(await readFile(join(dir, '_lean-s3', 'journal.jsonl'), 'utf8')).toBe(journal);
  });

  it('returns an empty s3rver bucket (an empty folder) as a bucket', async () => {
    // Prepare
    await withLegacyS3rver(dir, async (client) => {
      await client.send(new CreateBucketCommand({ Bucket: 'empty-bucket' }));
    });

    // Act
    const result = await withEmulator(dir, async (client) => {
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      return {
        names: Buckets.map((bucket) => bucket.Name),
        objects: await listAll(client, 'empty-bucket'),
      };
    });

    // Assess
    expect(result).toEqual({ names: ['empty-bucket'], objects: [] });
    expect(await readdir(join(dir, '_s3rver-legacy'))).toEqual(['empty-bucket']);
  });

  it('leaves folders that are not s3rver buckets alone', async () => {
    // Prepare
    await mkdir(join(dir, 'notes'));
    await mkdir(join(dir, 'notes', 'sub'));
    await mkdir(join(dir, 'Not_A_Bucket'));

    // Act
    const buckets = await withEmulator(dir, async (client) => {
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      return Buckets;
    });

    // Assess
    expect(buckets).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['Not_A_Bucket', '_lean-s3', 'notes']);
  });
});
