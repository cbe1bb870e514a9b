import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DynaliteEmulator,
  type DynamoRequest,
  type ObjectEvent,
  S3rverEmulator,
} from '../../src/local/index.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-emulators-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

describe('S3rverEmulator', () => {
  it('stores the body as sent and reports the PUT with the raw key before answering it', async () => {
    // Prepare
    const emulator = new S3rverEmulator({ directory: join(dir, 's3') });
    const endpoint = await emulator.start();
    const client = s3ClientFor(endpoint);
    const events: ObjectEvent[] = [];
    const answers: Array<Promise<boolean>> = [];
    emulator.onObjectEvent((event, answered) => {
      events.push(event);
      answers.push(answered);
    });
    await client.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));

    try {
      // Act
      const put = await client.send(
        new PutObjectCommand({
          Bucket: 'bucket-a',
          Key: 'uploads/a b+c/ü.csv',
          Body: 'x,y\n1,2\n',
        }),
      );
      const got = await client.send(
        new GetObjectCommand({ Bucket: 'bucket-a', Key: 'uploads/a b+c/ü.csv' }),
      );

      // Assess: the listener ran before the client had its answer
      expect(await got.Body?.transformToString()).toBe('x,y\n1,2\n');
      expect(events).toHaveLength(1);
      expect(await answers[0]).toBe(true);
      expect(events[0]).toMatchObject({
        bucket: 'bucket-a',
        key: 'uploads/a b+c/ü.csv',
        eventName: 'ObjectCreated:Put',
        size: 8,
        eTag: put.ETag?.replace(/"/g, ''),
      });
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('fails the PUT with a 500 when a listener cannot record the event', async () => {
    // Prepare
    const emulator = new S3rverEmulator({ directory: join(dir, 's3') });
    const client = s3ClientFor(await emulator.start());
    emulator.onObjectEvent(() => {
      throw new Error('journal full');
    });
    await client.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));

    try {
      // Act
      const put = client.send(
        new PutObjectCommand({ Bucket: 'bucket-a', Key: 'k.csv', Body: 'x' }),
      );

      // Assess
      await expect(put).rejects.toMatchObject({
        name: 'InternalError',
        $metadata: { httpStatusCode: 500 },
      });
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('pages ListObjectsV2 with continuation tokens', async () => {
    // Prepare
    const emulator = new S3rverEmulator({ directory: join(dir, 's3') });
    const client = s3ClientFor(await emulator.start());
    await client.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));
    for (const key of ['k1', 'k2', 'k3']) {
      await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: key, Body: key }));
    }

    try {
      // Act
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: 'bucket-a', MaxKeys: 1, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
        token = page.NextContinuationToken;
      } while (token);

      // Assess
      expect(keys).toEqual(['k1', 'k2', 'k3']);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('refuses a key over 1,024 bytes with KeyTooLongError, as S3 does, and keeps one at the limit', async () => {
    // Prepare
    const emulator = new S3rverEmulator({ directory: join(dir, 's3') });
    const client = s3ClientFor(await emulator.start());
    await client.send(new CreateBucketCommand({ Bucket: 'bucket-a' }));
    // s3rver keeps each key segment as a file name (at most 255 bytes here), so long keys are
    // made of segments: 8 + 112 * 9 + 8 bytes = 1,024, and one byte more.
    const atLimit = `uploads/${'éééé/'.repeat(112)}abcdefgh`;
    const tooLong = `${atLimit}x`;

    try {
      // Act
      const refused = await client
        .send(new PutObjectCommand({ Bucket: 'bucket-a', Key: tooLong, Body: 'x' }))
        .catch((error: Error) => error);
      await client.send(new PutObjectCommand({ Bucket: 'bucket-a', Key: atLimit, Body: 'y' }));

      // Assess
      expect(Buffer.byteLength(atLimit)).toBe(1_024);
      expect(Buffer.byteLength(tooLong)).toBe(1_025);
      expect(refused).toMatchObject({
        name: 'KeyTooLongError',
        $metadata: { httpStatusCode: 400 },
      });
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'bucket-a' }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual([atLimit]);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('reports a port in use as EmulatorStartError', async () => {
    // Prepare
    const first = new S3rverEmulator({ directory: join(dir, 'a') });
    const endpoint = await first.start();
    const port = Number(new URL(endpoint).port);
    const second = new S3rverEmulator({ directory: join(dir, 'b'), port });

    try {
      // Act
      const starting = second.start();

      // Assess
      await expect(starting).rejects.toMatchObject({ code: 'EMULATOR_START_FAILED' });
    } finally {
      await first.stop();
    }
  });
});

describe('DynaliteEmulator', () => {
  it('finishes the requests in flight before it closes its store on stop', async () => {
    // Prepare: a burst of writes; once the first is answered, the client goes away (as a
    // stopped function's worker does) and the emulator stops. Before, the store closed under
    // the writes still running, and dynalite threw "Database is closed" from a callback: an
    // uncaught exception that ended `ingest local start` with exit code 1.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const directory = join(dir, 'ddb');
    const emulator = new DynaliteEmulator({ directory });
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: await emulator.start(),
      credentials,
      maxAttempts: 1,
      requestHandler: { httpAgent: { maxSockets: 1000 } },
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'files',
          AttributeDefinitions: [{ AttributeName: 'file_name', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'file_name', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const puts = Array.from({ length: 1000 }, (_, i) =>
        client.send(
          new PutItemCommand({ TableName: 'files', Item: { file_name: { S: `f${i}.csv` } } }),
        ),
      );

      // Act
      await Promise.race(puts);
      client.destroy();
      await emulator.stop();
      await Promise.allSettled(puts);
      // The store opens again (its LevelDB lock released) and answers.
      const again = new DynaliteEmulator({ directory });
      const reader = new DynamoDBClient({
        region: 'us-east-1',
        endpoint: await again.start(),
        credentials,
      });
      const { Item } = await reader.send(
        new GetItemCommand({ TableName: 'files', Key: { file_name: { S: 'f0.csv' } } }),
      );
      reader.destroy();
      await again.stop();

      // Assess
      expect(uncaught.map(String)).toEqual([]);
      expect(Item?.file_name).toEqual({ S: 'f0.csv' });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('serves DynamoDB, persists to its directory and times each request by operation', async () => {
    // Prepare
    const requests: DynamoRequest[] = [];
    const first = new DynaliteEmulator({ directory: join(dir, 'ddb') });
    first.onRequest((request) => requests.push(request));
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: await first.start(),
      credentials,
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'files',
        AttributeDefinitions: [{ AttributeName: 'file_name', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'file_name', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // Wait for the table to be ACTIVE (dynalite reports it a moment after CreateTable).
    while (
      (await client.send(new DescribeTableCommand({ TableName: 'files' }))).Table?.TableStatus !==
      'ACTIVE'
    );
    await client.send(
      new PutItemCommand({
        TableName: 'files',
        Item: { file_name: { S: 'a.csv' }, n: { N: '1' } },
      }),
    );
    client.destroy();
    await first.stop();

    // Act
    const second = new DynaliteEmulator({ directory: join(dir, 'ddb') });
    const again = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: await second.start(),
      credentials,
    });
    try {
      const { Item } = await again.send(
        new GetItemCommand({ TableName: 'files', Key: { file_name: { S: 'a.csv' } } }),
      );

      // Assess
      expect(Item?.n).toEqual({ N: '1' });
      expect(
        requests.map((request) => request.operation).filter((op) => op !== 'DescribeTable'),
      ).toEqual(['CreateTable', 'PutItem']);
      expect(requests.every((r) => r.statusCode === 200 && r.durationMs > 0)).toBe(true);
    } finally {
      again.destroy();
      await second.stop();
    }
  });
});
