import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda } from '../../src/build/lambdaBundle.js';
import { LocalPipeline } from '../../src/local/index.js';
import { startFaultProxy } from '../pipeline/helpers/faultProxy.js';

// Issue: an item that says `success` must point to a summary that already exists, and to the
// summary of that item's upload. Readers here do what consumers do: poll the item, and fetch
// `summary_key` the moment it says success.

let work: string;
let bundlePath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'read-after-success-'));
  await buildLambda({ outDir: join(work, 'dist') });
  bundlePath = join(work, 'dist/lambda/index.mjs');
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A CSV of `rows` rows whose content (and so ETag) is unique to `seed`. */
function csv(rows: number, seed: number): string {
  const lines = ['id,seed,amount,day'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`${i},${seed},${(i * 7.25) % 1000},2024-01-${(i % 28) + 1}`);
  return `${lines.join('\n')}\n`;
}

/** Reads an object's body, or null when S3 answers NoSuchKey. */
async function tryGet(pipeline: LocalPipeline, key: string): Promise<string | null> {
  try {
    const response = await pipeline.s3Client.send(
      new GetObjectCommand({ Bucket: pipeline.info.names.bucket, Key: key }),
    );
    return await response.Body!.transformToString();
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

describe('read after success on the local target', () => {
  it('returns the summary of the upload at once, for 200 uploads polled as consumers do', async () => {
    // Prepare
    const dataDir = join(work, 'poll');
    const pipeline = new LocalPipeline();
    await pipeline.start({ port: 0, dataDir, bundlePath, writeLogFiles: false });
    const fileName = 'ras/overwritten.csv';
    const key = `${pipeline.info.names.uploadPrefix}${fileName}`;
    let misses = 0;
    let wrongSummary = 0;
    try {
      for (let n = 0; n < 200; n += 1) {
        const rows = 2_000 + ((n * 397) % 3_001);
        const put = await pipeline.s3Client.send(
          new PutObjectCommand({
            Bucket: pipeline.info.names.bucket,
            Key: key,
            Body: csv(rows, n),
          }),
        );
        const etag = (put.ETag ?? '').replace(/"/g, '');

        // Act: poll the item with no pause until it describes this upload.
        let item: Record<string, unknown> | undefined;
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline) {
          item = await pipeline.getItem(fileName);
          if (item?.etag === etag && item.status !== undefined) break;
        }
        expect(item).toMatchObject({ etag, status: 'success' });
        const body = await tryGet(pipeline, String(item?.summary_key));

        // Assess
        if (body === null) misses += 1;
        else if ((JSON.parse(body) as { row_count: number }).row_count !== rows) wrongSummary += 1;
      }
    } finally {
      await pipeline.stop();
    }
    expect({ misses, wrongSummary }).toEqual({ misses: 0, wrongSummary: 0 });
  }, 120_000);

  it('never shows success without its summary when the function dies between the two writes', async () => {
    // Prepare: the function's DynamoDB endpoint is a proxy that holds the first PutItem of the
    // file and never answers it, so the invocation dies at its timeout (the worker is
    // terminated, as Lambda ends a timed-out sandbox) after its summary write; the retry passes.
    const dataDir = join(work, 'kill');
    const pipeline = new LocalPipeline();
    const fileName = 'ras/killed.csv';
    let held = false;
    let onHeld: () => void = () => {};
    const heldOnce = new Promise<void>((resolve) => {
      onHeld = resolve;
    });
    let dynamoEndpoint = '';
    const proxy = await startFaultProxy(
      () => dynamoEndpoint,
      (_n, req) => {
        if (!held && req.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem') {
          held = true;
          onHeld();
          return { kind: 'hang' };
        }
        return { kind: 'pass' };
      },
    );
    const info = await pipeline.start({
      port: 0,
      dataDir,
      bundlePath,
      writeLogFiles: false,
      // The handler keeps 5 s of the timeout back (DEFAULTS.timeoutMarginMs).
      timeoutMs: 6_500,
      retryDelaysMs: [100, 100],
      functionEnvironment: { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint },
    });
    dynamoEndpoint = info.endpoints.dynamodb;
    const bucket = info.names.bucket;
    const seen: string[] = [];
    let polling = true;
    const reader = (async () => {
      while (polling) {
        const item = await pipeline.getItem(fileName);
        if (item?.status === 'success') {
          const body = await tryGet(pipeline, String(item.summary_key));
          seen.push(body === null ? 'success-without-summary' : 'success-with-summary');
        }
      }
    })();
    try {
      // Act
      await pipeline.s3Client.send(
        new PutObjectCommand({ Bucket: bucket, Key: `uploads/${fileName}`, Body: csv(50, 1) }),
      );
      await heldOnce;

      // Assess: at the moment the item write is held, the summary and the report are already in
      // S3 and no item announces them.
      const listed = await pipeline.s3Client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `processed/${fileName}/` }),
      );
      const written = (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
      expect(written).toHaveLength(2);
      expect(await pipeline.getItem(fileName)).toBeUndefined();
      const item = await pipeline.waitForItem(fileName, { timeoutMs: 20_000 });
      expect([item.report_key, item.summary_key].sort()).toEqual(written);
      expect(item).toMatchObject({ status: 'success' });
    } finally {
      polling = false;
      await reader;
      await pipeline.stop();
      await proxy.close();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s !== 'success-with-summary')).toEqual([]);
  }, 60_000);
});
