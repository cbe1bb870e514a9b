import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { DynaliteEmulator, S3rverEmulator } from '../../../src/local/index.js';

export const BUCKET = 'csv-ingest-local';
export const TABLE = 'csv-ingest-local-files';
export const FANOUT_TABLE = 'csv-ingest-local-fanout';
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
  // The local target's emulator wrappers (s3rver with the `test` key pair, dynalite in memory).
  const directory = await mkdtemp(join(tmpdir(), 'pipeline-s3rver-'));
  const s3rver = new S3rverEmulator({ directory });
  const dynamoServer = new DynaliteEmulator({ directory, inMemory: true });
  const s3Endpoint = await s3rver.start();
  const dynamoEndpoint = await dynamoServer.start();

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
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'file_name', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'file_name', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamodb.send(
    new CreateTableCommand({
      TableName: FANOUT_TABLE,
      AttributeDefinitions: [{ AttributeName: 'split_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'split_id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const name of [TABLE, FANOUT_TABLE]) {
    for (;;) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
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
      await s3rver.stop();
      await dynamoServer.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
