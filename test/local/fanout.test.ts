import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda } from '../../src/build/lambdaBundle.js';
import { type InvocationRecord, LocalPipeline } from '../../src/local/index.js';
import { isPieceEvent } from '../../src/pipeline/fanout/pieceEvent.js';
import { profileBytes } from '../../src/profile/index.js';
import { expectSameProfile } from '../profile/split/expectClose.js';

// Issue 15 on the local target: the processor splits an upload and invokes itself through the
// local Lambda Invoke endpoint (AWS_ENDPOINT_URL_LAMBDA), which queues each piece durably in the
// event outbox, as the bucket notification queues uploads.

let work: string;
let bundlePath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'local-fanout-'));
  await buildLambda({ outDir: join(work, 'dist') });
  bundlePath = join(work, 'dist/lambda/index.mjs');
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function csv(rows: number): string {
  const lines = ['id,city,note,amount'];
  for (let i = 0; i < rows; i++) {
    const note = i % 9 === 4 ? `"spans\nlines ${i % 3}"` : `n${i % 7}`;
    lines.push(`${i},c${i % 17},${note},${(i / 4).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('fan-out on the local target', () => {
  it('profiles a split upload with piece invocations through the local Lambda endpoint', async () => {
    // Prepare
    const pipeline = new LocalPipeline();
    const { names } = await pipeline.start({
      port: 0,
      dataDir: join(work, 'one'),
      bundlePath,
      writeLogFiles: false,
      fanoutMinBytes: 8_000,
      fanoutMaxPieces: 4,
    });
    const invocations: InvocationRecord[] = [];
    pipeline.onInvocation((record) => invocations.push(record));
    const body = csv(1_000);
    try {
      // Act
      const started = Date.now();
      await pipeline.s3Client.send(
        new PutObjectCommand({ Bucket: names.bucket, Key: 'uploads/local/big.csv', Body: body }),
      );
      const item = await pipeline.waitForItem('local/big.csv', { freshAfter: started });

      // Assess
      expect(item).toMatchObject({ status: 'success', row_count: 1_000 });
      const pieces = invocations.filter((r) => r.ok && isPieceEvent(r.event));
      expect(pieces.length).toBe(4);
      const summary = await pipeline.s3Client.send(
        new GetObjectCommand({ Bucket: names.bucket, Key: String(item.summary_key) }),
      );
      expectSameProfile(
        { ...JSON.parse(await summary.Body!.transformToString()), processed_timestamp: 0 },
        {
          ...JSON.parse(
            JSON.stringify(profileBytes(Buffer.from(body), { fileName: 'local/big.csv' })),
          ),
          processed_timestamp: 0,
        },
      );
    } finally {
      await pipeline.stop();
    }
  });

  it('keeps pieces accepted by the Invoke endpoint across a stop, and finishes them after the start', async () => {
    // Prepare: one invocation at a time, so the pieces wait behind the S3 event's invocation.
    const dataDir = join(work, 'restart');
    const options = {
      port: 0,
      dataDir,
      bundlePath,
      writeLogFiles: false,
      fanoutMinBytes: 8_000,
      fanoutMaxPieces: 3,
      concurrency: 1,
    };
    const first = new LocalPipeline();
    const { names } = await first.start(options);
    const split = new Promise<void>((resolve) => {
      first.onInvocation((record) => {
        if (record.ok && !isPieceEvent(record.event)) resolve();
      });
    });

    // Act: stop once the S3 event's invocation has invoked the pieces; start again.
    await first.s3Client.send(
      new PutObjectCommand({
        Bucket: names.bucket,
        Key: 'uploads/local/restart.csv',
        Body: csv(800),
      }),
    );
    await split;
    const stopped = await first.stop();
    const second = new LocalPipeline();
    const info = await second.start(options);
    try {
      const item = await second.waitForItem('local/restart.csv');

      // Assess
      expect(stopped.pending).toBeGreaterThanOrEqual(2);
      expect(info.recovery.requeued).toBe(stopped.pending);
      expect(item).toMatchObject({ status: 'success', row_count: 800 });
    } finally {
      await second.stop();
    }
  });
});
