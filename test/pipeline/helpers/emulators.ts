import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

const require = createRequire(import.meta.url);

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
const S3rver = require('s3rver') as S3rverConstructor;
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
// s3rver only knows its own key pair; register the local convention's `test` key.
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};
DUMMY_ACCOUNT.createKeyPair('test', 'test');

export const BUCKET = 'csv-ingest-local';
export const TABLE = 'csv-ingest-local-files';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** s3rver and dynalite on 127.0.0.1 random ports, with the bucket and table created. */
export interface Emulators {
  s3Endpoint: string;
  dynamoEndpoint: string;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /** A client for s3rver (or for a proxy in front of it). */
  s3Client(endpoint?: string, extra?: Partial<S3ClientConfig>): S3Client;
  /** A client for dynalite (or for a proxy in front of it). */
  dynamoClient(endpoint?: string, extra?: Partial<DynamoDBClientConfig>): DynamoDBClient;
  close(): Promise<void>;
}

/** Starts both emulators for one test file. */
export async function startEmulators(): Promise<Emulators> {
  const directory = await mkdtemp(join(tmpdir(), 'pipeline-s3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const s3Address = await s3rver.run();
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const dynamoPort = (dynamoServer.address() as AddressInfo).port;
  const s3Endpoint = `http://127.0.0.1:${s3Address.port}`;
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;

  const s3Client = (endpoint = s3Endpoint, extra: Partial<S3ClientConfig> = {}) =>
    new S3Client({
      endpoint,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...extra,
    });
  const dynamoClient = (endpoint = dynamoEndpoint, extra: Partial<DynamoDBClientConfig> = {}) =>
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, ...extra });
  const s3 = s3Client();
  const dynamodb = dynamoClient();

  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'file_name', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'file_name', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (;;) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  return {
    s3Endpoint,
    dynamoEndpoint,
    s3,
    dynamodb,
    s3Client,
    dynamoClient,
    async close() {
      s3.destroy();
      dynamodb.destroy();
      await s3rver.close();
      await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
