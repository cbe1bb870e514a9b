import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, S3Event, S3EventRecord, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach } from 'vitest';
import type { PipelineConfig } from '../../../src/pipeline/config.js';
import type { HandlerDeps } from '../../../src/pipeline/types.js';
import { BUCKET, type Emulators, FANOUT_TABLE, TABLE } from './emulators.js';

let sequence = 0x1000;

/** One ObjectCreated:Put record shaped as S3 documents it (eventVersion 2.1). */
export function s3Record(options: {
  /** The key exactly as it appears in the event (already URL-encoded). */
  encodedKey: string;
  size?: number;
  sequencer?: string;
  eventTime?: string;
  eTag?: string;
  bucket?: string;
  eventName?: string;
  versionId?: string;
}): S3EventRecord {
  sequence += 1;
  const bucket = options.bucket ?? BUCKET;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: options.eventTime ?? new Date().toISOString(),
    eventName: options.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'csv-ingest-uploads',
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object: {
        key: options.encodedKey,
        size: options.size ?? 0,
        eTag: options.eTag ?? 'd41d8cd98f00b204e9800998ecf8427e',
        ...(options.versionId === undefined ? {} : { versionId: options.versionId }),
        sequencer: options.sequencer ?? `00${sequence.toString(16).toUpperCase()}0000000000`,
      },
    },
  };
}

/** An S3 event with the given records. */
export function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

/**
 * An SQS event of the on-failure queue as Lambda's SQS event source delivers it: one record per
 * message, each body (a Lambda on-failure destination record) as JSON.
 */
export function failureQueueEvent(
  ...messages: { messageId: string; receiptHandle: string; body: unknown }[]
): SQSEvent {
  return {
    Records: messages.map(({ messageId, receiptHandle, body }) => ({
      messageId,
      receiptHandle,
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1714557900000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1714557900001',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:csv-ingest-local-failures',
      awsRegion: 'us-east-1',
    })),
  };
}

/** A Lambda context whose remaining time is fixed. */
export function lambdaContext(remainingMs = 60_000, requestId = 'req-1'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'csv-ingest-local-processor',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:csv-ingest-local-processor',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/csv-ingest-local-processor',
    logStreamName: '2024/01/01/[$LATEST]0',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The handler configuration the tests use. */
export function testConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    dynamodbTable: TABLE,
    s3Bucket: BUCKET,
    uploadPrefix: 'uploads/',
    processedPrefix: 'processed/',
    partsPrefix: 'parts/',
    fanoutTable: FANOUT_TABLE,
    fanoutMinBytes: 256 * 1024 ** 2,
    fanoutMaxPieces: 8,
    maxFileBytes: 5 * 1024 ** 3,
    maxDecompressedBytes: 10 * 1024 ** 3,
    maxCompressionRatio: 100,
    s3ForcePathStyle: true,
    environment: 'local',
    serviceName: 'csv-ingest',
    metricsNamespace: 'CsvIngest',
    logLevel: 'INFO',
    timeoutMarginMs: 1_000,
    itemBudgetBytes: 350 * 1024,
    ...overrides,
  };
}

/** Handler dependencies on the emulators, with real Powertools Logger and Metrics. */
export function makeDeps(
  emulators: Emulators,
  overrides: Partial<Omit<HandlerDeps, 'config'>> & { config?: Partial<PipelineConfig> } = {},
): HandlerDeps {
  const config = testConfig(overrides.config);
  return {
    s3: emulators.s3,
    dynamodb: emulators.dynamodb,
    logger: new Logger({ serviceName: config.serviceName, logLevel: 'INFO' }),
    metrics: new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    ...overrides,
    config,
  };
}

/** Captures what is written to stdout and stderr (Powertools logs, EMF) until restored. */
export function captureOutput(): {
  text(): string;
  json(): Record<string, unknown>[];
  restore(): void;
} {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    json: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      streams.forEach((stream, index) => {
        stream.write = originals[index]!;
      });
    },
  };
}

/** Uploads an object to the test bucket. */
export async function putObject(
  s3: S3Client,
  key: string,
  body: string | Uint8Array,
): Promise<number> {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentLength: length }),
  );
  return length;
}

/** Reads a JSON object from the test bucket. */
export async function getJson(s3: S3Client, key: string): Promise<Record<string, unknown>> {
  const response = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return JSON.parse(await response.Body!.transformToString()) as Record<string, unknown>;
}

/** Reads the metadata item of `fileName`, unmarshalled (undefined when absent). */
export async function getItem(
  dynamodb: DynamoDBClient,
  fileName: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: TABLE,
      Key: { file_name: { S: fileName } },
      ConsistentRead: true,
    }),
  );
  return Item === undefined ? undefined : unmarshall(Item);
}

/** Keeps the test output readable: logs and EMF are captured and dropped for each test. */
export function quietOutput(): void {
  let capture: ReturnType<typeof captureOutput> | undefined;
  beforeEach(() => {
    capture = captureOutput();
  });
  afterEach(() => {
    capture?.restore();
  });
}
