import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repairStore, S3rverEmulator } from '../../src/local/index.js';

let dataDir: string;

const body = (key: string) => join(dataDir, 's3', 'bucket-a', 'uploads', `${key}._S3rver_object`);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'repair-'));
  const emulator = new S3rverEmulator({ directory: join(dataDir, 's3') });
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: await emulator.start(),
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));
  for (const key of ['short.csv', 'flipped.csv', 'fine.csv']) {
    await client.send(
      new PutObjectCommand({ Bucket: 'bucket-a', Key: `uploads/${key}`, Body: `a,b\n1,2\n` }),
    );
  }
  client.destroy();
  await emulator.stop();
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('repairStore', () => {
  it('moves damaged objects, found by size and by MD5, to quarantine and keeps the rest', async () => {
    // Prepare
    await truncate(body('short.csv'), 3);
    await writeFile(body('flipped.csv'), 'a,b\n9,2\n');

    // Act
    const report = await repairStore(dataDir, new Date('2026-01-02T03:04:05.000Z'));

    // Assess
    expect(report.objects).toBe(3);
    expect(report.quarantined.map(({ key, problem }) => [key, problem])).toEqual([
      ['uploads/flipped.csv', expect.stringMatching(/^body MD5 [0-9a-f]{32} is not its ETag/)],
      ['uploads/short.csv', 'body is 3 bytes, its metadata says 8'],
    ]);
    const quarantine = join(dataDir, 'quarantine', '2026-01-02T03-04-05-000Z');
    expect(report.quarantineDirectory).toBe(quarantine);
    expect(
      await readFile(join(quarantine, 'bucket-a', 'uploads', 'flipped.csv._S3rver_object'), 'utf8'),
    ).toBe('a,b\n9,2\n');
    expect((await readdir(join(dataDir, 's3', 'bucket-a', 'uploads'))).sort()).toEqual([
      'fine.csv._S3rver_metadata.json',
      'fine.csv._S3rver_object',
      'fine.csv._S3rver_object.md5',
    ]);
  });

  it('changes nothing when no object is damaged', async () => {
    // Act
    const report = await repairStore(dataDir);

    // Assess
    expect(report.quarantined).toEqual([]);
    expect(report.quarantineDirectory).toBeUndefined();
    expect(await readdir(join(dataDir, 's3', 'bucket-a', 'uploads'))).toHaveLength(9);
  });
});
