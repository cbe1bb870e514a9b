import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3EventRecord, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type InvocationRecord,
  LocalPipeline,
  type LocalPipelineOptions,
} from '../../src/local/index.js';
import { FUNCTION_VARIABLES } from '../../src/pipeline/functionEnvironment.js';

const bundlePath = fileURLToPath(new URL('./fixtures/pipeline-handler.mjs', import.meta.url));
let dataDir: string;
let pipeline: LocalPipeline;

async function start(options: LocalPipelineOptions = {}) {
  return pipeline.start({
    port: 0,
    dataDir,
    bundlePath,
    retryDelaysMs: [50, 50],
    timeoutMs: 5_000,
    writeLogFiles: false,
    ...options,
  });
}

async function upload(key: string, body = 'a,b\n1,2\n') {
  return pipeline.s3Client.send(
    new PutObjectCommand({ Bucket: pipeline.info.names.bucket, Key: key, Body: body }),
  );
}

function portOpen(endpoint: string): Promise<boolean> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Polls `read` until it returns an empty list or 2 s have passed, and returns its last answer:
 * waits for the condition, never for a fixed time.
 */
async function settled<T>(read: () => T[]): Promise<T[]> {
  const deadline = Date.now() + 2_000;
  let left = read();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    left = read();
  }
  return left;
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-pipeline-'));
  pipeline = new LocalPipeline();
});

afterEach(async () => {
  await pipeline.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('LocalPipeline', () => {
  it('returns endpoints and the default names of the local environment', async () => {
    // Act
    const info = await start();

    // Assess
    expect(info.endpoints.s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.endpoints.dynamodb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.names).toMatchObject({
      bucket: 'csv-ingest-local',
      table: 'csv-ingest-local-files',
      functionName: 'csv-ingest-local-processor',
      failureFunctionName: 'csv-ingest-local-failures',
    });
    expect(pipeline.processor.environment).toMatchObject({
      DYNAMODB_TABLE: 'csv-ingest-local-files',
      S3_BUCKET: 'csv-ingest-local',
      S3_FORCE_PATH_STYLE: 'true',
      ENVIRONMENT: 'local',
      AWS_ENDPOINT_URL_S3: info.endpoints.s3,
      AWS_ENDPOINT_URL_DYNAMODB: info.endpoints.dynamodb,
      AWS_ENDPOINT_URL_LAMBDA: info.endpoints.lambda,
      FANOUT_TABLE: 'csv-ingest-local-fanout',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_LAMBDA_FUNCTION_NAME: 'csv-ingest-local-processor',
    });
    for (const name of FUNCTION_VARIABLES) {
      expect(pipeline.failureHandler.environment[name], name).toBe(
        pipeline.processor.environment[name],
      );
      expect(pipeline.processor.environment[name], name).toBeTypeOf('string');
    }
  });

  it('invokes the handler with an AWS-shaped, URL-encoded S3 event within a second', async () => {
    // Prepare
    await start();
    const started = Date.now();

    // Act
    const put = await upload('uploads/a b+c/ü.csv');
    const item = await pipeline.waitForItem('a b+c/ü.csv', { timeoutMs: 5_000 });

    // Assess
    expect(Date.now() - started).toBeLessThan(1_000);
    const record = JSON.parse(String(item.event)) as S3EventRecord;
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'csv-ingest-local', arn: 'arn:aws:s3:::csv-ingest-local' },
        object: { key: 'uploads/a+b%2Bc/%C3%BC.csv', size: 8, eTag: put.ETag?.replace(/"/g, '') },
      },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(record.s3.object.versionId).toBeUndefined();
    expect(Date.parse(record.eventTime)).toBeGreaterThanOrEqual(started - 1_000);
    expect(item.function_name).toBe('csv-ingest-local-processor');
    expect(JSON.parse(String(item.env))).toEqual({
      S3_BUCKET: 'csv-ingest-local',
      S3_FORCE_PATH_STYLE: 'true',
      ENVIRONMENT: 'local',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    });
  });

  it('gives later uploads of a key greater sequencers', async () => {
    // Prepare
    await start();
    const records: InvocationRecord[] = [];
    pipeline.onInvocation((record) => records.push(record));

    // Act
    const etags: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const put = await upload('uploads/same.csv', `x\n${i}\n`);
      etags.push(put.ETag?.replace(/"/g, '') ?? '');
    }
    await pipeline.waitForIdle(5_000);

    // Assess
    const byEtag = new Map(
      records.map((record) => {
        const object = (record.event as { Records: S3EventRecord[] }).Records[0]?.s3.object;
        return [object?.eTag, object?.sequencer ?? ''];
      }),
    );
    const sequencers = etags.map((etag) => byEtag.get(etag) ?? '');
    expect(sequencers).toHaveLength(3);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(3);
  });

  it('does not trigger for keys outside the notification filter', async () => {
    // Prepare
    await start();
    const records: InvocationRecord[] = [];
    pipeline.onInvocation((record) => records.push(record));

    // Act
    await upload('processed/x.csv');
    await upload('uploads/x.json');
    await upload('uploads/x.Csv'); // S3 suffix filters are case-sensitive: .csv and .CSV only
    await upload('other/uploads/x.csv');
    await upload('uploads/ok.tsv');
    await upload('uploads/ok.csv.gz');
    await upload('uploads/ok.CSV');
    await pipeline.waitForItem('ok.tsv');
    await pipeline.waitForItem('ok.csv.gz');
    await pipeline.waitForItem('ok.CSV');
    await pipeline.waitForIdle(5_000);

    // Assess
    const keys = records.map(
      (record) => (record.event as { Records: S3EventRecord[] }).Records[0]?.s3.object.key,
    );
    expect(keys.sort()).toEqual(['uploads/ok.CSV', 'uploads/ok.csv.gz', 'uploads/ok.tsv']);
  });

  it('processes 100 parallel uploads within the concurrency limit and counts throttles', async () => {
    // Prepare
    await start({ concurrency: 10 });
    const names = Array.from({ length: 100 }, (_, i) => `slow-${i}.csv`);

    // Act
    await Promise.all(names.map((name) => upload(`uploads/${name}`)));
    const items = await Promise.all(
      names.map((name) => pipeline.waitForItem(name, { timeoutMs: 20_000 })),
    );

    // Assess
    expect(items.every((item) => item.status === 'success')).toBe(true);
    const fn = pipeline.metricsSnapshot().functions['csv-ingest-local-processor'];
    expect(fn?.invocations).toBe(100);
    expect(fn?.errors).toBe(0);
    expect(fn?.concurrentExecutionsMax).toBeLessThanOrEqual(10);
    expect(fn?.concurrentExecutionsMax).toBeGreaterThan(1);
    expect(fn?.throttles).toBeGreaterThan(0);
    expect(fn?.coldStarts).toBeLessThanOrEqual(10);
    expect(pipeline.processor.state.workers).toBeLessThanOrEqual(10);
  });

  it('retries a handler that fails twice and then succeeds', async () => {
    // Prepare
    await start();
    const records: InvocationRecord[] = [];
    pipeline.onInvocation((record) => records.push(record));

    // Act
    await upload('uploads/fail-twice.csv');
    const item = await pipeline.waitForItem('fail-twice.csv', { timeoutMs: 5_000 });
    await pipeline.waitForIdle(5_000);

    // Assess
    expect(item.status).toBe('success');
    expect(records.map((record) => [record.attempt, record.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(await pipeline.failureRecords()).toEqual([]);
  });

  it('leaves an on-failure record and an error item when the handler always fails', async () => {
    // Prepare
    await start();
    const records: InvocationRecord[] = [];
    pipeline.onInvocation((record) => records.push(record));

    // Act
    await upload('uploads/always-fail.csv');
    const item = await pipeline.waitForItem('always-fail.csv', {
      timeoutMs: 5_000,
      predicate: (found) => found.status === 'error',
    });
    await pipeline.waitForIdle(5_000);

    // Assess
    expect(item).toMatchObject({
      status: 'error',
      error_code: 'PROCESSING_FAILED',
      error_message: 'cannot process uploads/always-fail.csv',
      sqs_event_source: 'aws:sqs',
      condition: 'RetriesExhausted',
      invoke_count: 3,
    });
    const [failure, ...rest] = await pipeline.failureRecords();
    expect(rest).toEqual([]);
    expect(failure).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn:
          'arn:aws:lambda:us-east-1:000000000000:function:csv-ingest-local-processor:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'TypeError',
        errorMessage: 'cannot process uploads/always-fail.csv',
      },
    });
    const processorRuns = records.filter((r) => r.functionName === 'csv-ingest-local-processor');
    expect(processorRuns.map((r) => r.ok)).toEqual([false, false, false]);
    expect(failure?.requestContext.requestId).toBe(processorRuns[0]?.requestId);
    expect(failure?.requestPayload).toEqual(processorRuns[0]?.event);
    const handlerRun = records.find((r) => r.functionName === 'csv-ingest-local-failures');
    const sqs = (handlerRun?.event as { Records: SQSRecord[] } | undefined)?.Records[0];
    expect(sqs?.eventSource).toBe('aws:sqs');
    expect(sqs?.eventSourceARN).toBe(
      'arn:aws:sqs:us-east-1:000000000000:csv-ingest-local-failures',
    );
    expect(JSON.parse(sqs?.body ?? '')).toEqual(failure);
  });

  it('keeps objects and items across a restart with the same data directory', async () => {
    // Prepare
    await start();
    await upload('uploads/kept.csv', 'k\n1\n');
    await pipeline.waitForItem('kept.csv', { timeoutMs: 5_000 });
    await pipeline.stop();

    // Act
    await start();
    const item = await pipeline.getItem('kept.csv');
    const object = await pipeline.s3Client.send(
      new GetObjectCommand({ Bucket: pipeline.info.names.bucket, Key: 'uploads/kept.csv' }),
    );

    // Assess
    expect(item?.status).toBe('success');
    expect(await object.Body?.transformToString()).toBe('k\n1\n');
  });

  it('waits for a fresh item when asked, ignoring the stored one of an earlier upload', async () => {
    // Prepare
    await start();
    await upload('uploads/again.csv', 'v\n1\n');
    const first = await pipeline.waitForItem('again.csv');
    const since = Date.now();

    // Act: the stored item is there from the start; the wait must pass it over
    const waiting = pipeline.waitForItem('again.csv', { freshAfter: since, timeoutMs: 5_000 });
    const put = await upload('uploads/again.csv', 'v\n2\n');
    const second = await waiting;

    // Assess
    expect(second.request_id).not.toBe(first.request_id);
    const etagOf = (item: Record<string, unknown>) =>
      (JSON.parse(String(item.event)) as S3EventRecord).s3.object.eTag;
    expect(etagOf(second)).toBe(put.ETag?.replace(/"/g, ''));
    expect(etagOf(second)).not.toBe(etagOf(first));
  });

  it('delivers every acknowledged upload after a stop that left work queued', async () => {
    // Prepare: one slot, 40 ms per file, so most of the queue is still waiting at stop
    await start({ concurrency: 1 });
    const names = Array.from({ length: 8 }, (_, i) => `slow-queued-${i}.csv`);
    for (const name of names) await upload(`uploads/${name}`);

    // Act
    const stopped = await pipeline.stop();
    const info = await start({ concurrency: 1 });
    const items = await Promise.all(names.map((name) => pipeline.waitForItem(name)));
    await pipeline.waitForIdle();
    const again = await pipeline.stop();

    // Assess
    expect(stopped.pending).toBeGreaterThan(0);
    expect(info.recovery.requeued).toBe(stopped.pending);
    expect(items.map((item) => item.status)).toEqual(names.map(() => 'success'));
    expect(again.pending).toBe(0);
  });

  it('issues sequencers above the last one an earlier run recorded, whatever the clock says', async () => {
    // Prepare: an earlier run's outbox whose last sequencer is an hour ahead of this clock
    const ahead = (BigInt(Date.now() + 3_600_000) * 1_000_000n).toString(16).toUpperCase();
    await mkdir(join(dataDir, 'events'), { recursive: true });
    await writeFile(join(dataDir, 'events', 'outbox.jsonl'), `{"op":"seq","last":"${ahead}"}\n`);
    await start();

    // Act
    await upload('uploads/seq.csv', 'a\n1\n');
    const item = await pipeline.waitForItem('seq.csv');

    // Assess
    const record = JSON.parse(String(item.event)) as S3EventRecord;
    expect(record.s3.object.sequencer > ahead.padStart(18, '0')).toBe(true);
  });

  it('leaves the process environment alone: the clients it builds carry the checksum setting', async () => {
    // Prepare
    const names = ['AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION'];
    const before = names.map((name) => process.env[name]);

    // Act
    await start();
    await upload('uploads/env.csv', 'a\n1\n');
    const object = await pipeline.s3Client.send(
      new GetObjectCommand({ Bucket: pipeline.info.names.bucket, Key: 'uploads/env.csv' }),
    );

    // Assess
    expect(names.map((name) => process.env[name])).toEqual(before);
    expect(await object.Body?.transformToString()).toBe('a\n1\n');
    expect(pipeline.processor.environment.AWS_REQUEST_CHECKSUM_CALCULATION).toBe('WHEN_REQUIRED');
  });

  it('starts empty with reset', async () => {
    // Prepare
    await start();
    await upload('uploads/gone.csv');
    await pipeline.waitForItem('gone.csv', { timeoutMs: 5_000 });
    await pipeline.stop();

    // Act
    await start({ reset: true });

    // Assess
    expect(await pipeline.getItem('gone.csv')).toBeUndefined();
  });

  it('parses EMF lines into custom metrics and times DynamoDB requests', async () => {
    // Prepare
    await start();

    // Act
    await upload('uploads/m1.csv', '12345');
    await upload('uploads/m2.csv', '123');
    await pipeline.waitForItem('m1.csv');
    await pipeline.waitForItem('m2.csv');
    await pipeline.waitForIdle();

    // Assess
    const snapshot = pipeline.metricsSnapshot();
    expect(snapshot.custom.FilesProcessed).toMatchObject({
      namespace: 'CsvIngest',
      count: 2,
      sum: 2,
    });
    expect(snapshot.custom.RowsProcessed).toMatchObject({ sum: 8, max: 5, avg: 4 });
    expect(snapshot.dynamodb.operations.PutItem?.requests).toBe(2);
    expect(snapshot.dynamodb.operations.PutItem?.latency.p50).toBeGreaterThan(0);
    expect(snapshot.functions['csv-ingest-local-processor']?.duration.count).toBe(2);
  });

  it('writes START, function output, END and REPORT lines to the function log file', async () => {
    // Prepare
    await start({ writeLogFiles: true });

    // Act
    await upload('uploads/logged.csv');
    const item = await pipeline.waitForItem('logged.csv');
    await pipeline.stop();

    // Assess
    const log = await readFile(join(dataDir, 'logs', 'csv-ingest-local-processor.log'), 'utf8');
    const messages = log
      .trim()
      .split('\n')
      .map((line) => line.split('\t').slice(1).join('\t'));
    const id = String(item.request_id);
    expect(messages[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(messages[1]).toContain('"FilesProcessed":1');
    expect(messages[2]).toBe(`END RequestId: ${id}`);
    expect(messages[3]).toMatch(
      new RegExp(`^REPORT RequestId: ${id}\tDuration: .*Init Duration: `),
    );
  });

  it('closes ports, workers and timers on stop and writes metrics.json', async () => {
    // Prepare
    const before = new Set(process.getActiveResourcesInfo());
    const info = await start();
    await upload('uploads/h.csv');
    await pipeline.waitForItem('h.csv');

    // Act
    await pipeline.stop();

    // Assess: a socket the server closed may take a turn of the event loop to go
    const leaked = await settled(() =>
      process.getActiveResourcesInfo().filter((name) => !before.has(name)),
    );
    expect(leaked).toEqual([]);
    expect(await portOpen(info.endpoints.s3)).toBe(false);
    expect(await portOpen(info.endpoints.dynamodb)).toBe(false);
    const metrics = JSON.parse(await readFile(join(dataDir, 'metrics.json'), 'utf8'));
    expect(metrics.functions['csv-ingest-local-processor'].invocations).toBe(1);
  });
});
