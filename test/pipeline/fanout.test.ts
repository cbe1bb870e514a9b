import { gzipSync } from 'node:zlib';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '../../src/aws/s3EventKey.js';
import { RecordsFailedError } from '../../src/pipeline/errors.js';
import { createFailureHandler } from '../../src/pipeline/failureHandler.js';
import type { PieceEvent } from '../../src/pipeline/fanout/pieceEvent.js';
import { createHandler } from '../../src/pipeline/handler.js';
import { profileBytes } from '../../src/profile/index.js';
import { expectSameProfile } from '../profile/split/expectClose.js';
import { BUCKET, type Emulators, FANOUT_TABLE, startEmulators } from './helpers/emulators.js';
import {
  failureQueueEvent,
  getItem,
  getJson,
  lambdaContext,
  makeDeps,
  putObject,
  quietOutput,
  s3Event,
  s3Record,
} from './helpers/harness.js';
import { FUNCTION_ARN, startInvokeEndpoint } from './helpers/invokeEndpoint.js';

quietOutput();

let emu: Emulators;
let invoke: Awaited<ReturnType<typeof startInvokeEndpoint>>;
beforeAll(async () => {
  emu = await startEmulators();
  invoke = await startInvokeEndpoint();
});
afterAll(async () => {
  await invoke?.close();
  await emu?.close();
});

/** A CSV of `rows` rows with quoted fields that span lines (cuts land inside some). */
function csv(rows: number, extra = ''): string {
  const lines = ['id,name,note,amount'];
  for (let i = 0; i < rows; i++) {
    const note = i % 7 === 3 ? `"two\nlines, ${i % 5}"` : `n${i % 11}`;
    lines.push(`${i},name ${i % 13},${note},${(i * 1.25).toFixed(2)}`);
  }
  return `${lines.join('\n')}\n${extra}`;
}

/** The processor with fan-out from 4,000 bytes (pieces of at least 1,000), at most 6 pieces. */
function processor(overrides: Parameters<typeof makeDeps>[1] = {}) {
  return createHandler(
    makeDeps(emu, {
      lambda: invoke.client,
      ...overrides,
      config: { fanoutMinBytes: 4_000, fanoutMaxPieces: 6, ...overrides.config },
    }),
  );
}

/** Uploads `body` and returns its S3 event (versioned, as AWS sends it). */
async function upload(
  key: string,
  body: string | Uint8Array,
  extra: Partial<Parameters<typeof s3Record>[0]> = {},
) {
  const size = await putObject(emu.s3, key, body);
  return s3Event(s3Record({ encodedKey: encodeS3EventKey(key), size, ...extra }));
}

/** Runs the S3 event, and returns the piece events it sent (taken off the endpoint's list). */
async function split(handler: ReturnType<typeof processor>, event: S3Event): Promise<PieceEvent[]> {
  const before = invoke.events.length;
  await handler(event, lambdaContext());
  return invoke.events.splice(before) as PieceEvent[];
}

/** The SQS event of the on-failure destination after a piece's retries ran out. */
function onFailure(piece: PieceEvent): SQSEvent {
  const body = {
    version: '1.0',
    requestContext: {
      requestId: 'piece-req',
      functionArn: `${FUNCTION_ARN}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: piece,
    responsePayload: { errorType: 'RecordsFailedError', errorMessage: 'NoSuchKey' },
  };
  return failureQueueEvent({ messageId: 'msg-piece', receiptHandle: 'rh', body });
}

async function coordination(folder: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await emu.dynamodb.send(
    new GetItemCommand({
      TableName: FANOUT_TABLE,
      Key: { split_id: { S: folder } },
      ConsistentRead: true,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
}

describe('processor fan-out', () => {
  it('splits a large upload into pieces that invoke the function, and the last one records the one-pass summary', async () => {
    // Prepare
    const body = csv(400);
    const handler = processor();
    const event = await upload('uploads/fan/big.csv', body);

    // Act: the S3 event plans and invokes the pieces; they run in another order than sent.
    const coordinator = await handler(event, lambdaContext());
    const pieces = invoke.events.splice(0) as PieceEvent[];
    const outcomes = [];
    for (const piece of [...pieces].reverse()) {
      expect(await getItem(emu.dynamodb, 'fan/big.csv')).toBeUndefined();
      outcomes.push((await handler(piece, lambdaContext())).records[0]);
    }

    // Assess
    expect(coordinator.records).toEqual([
      { status: 'split', fileName: 'fan/big.csv', pieces: pieces.length },
    ]);
    expect(pieces.length).toBe(6);
    expect(pieces.map((p) => p.csvIngestPiece.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(outcomes.map((o) => o?.status)).toEqual([
      'piece',
      'piece',
      'piece',
      'piece',
      'piece',
      'success',
    ]);
    const item = await getItem(emu.dynamodb, 'fan/big.csv');
    expect(item).toMatchObject({ status: 'success', row_count: 400 });
    const summary = await getJson(emu.s3, String(item!.summary_key));
    const whole = JSON.parse(
      JSON.stringify(profileBytes(Buffer.from(body), { fileName: 'fan/big.csv' })),
    );
    expectSameProfile({ ...summary, processed_timestamp: 0 } as never, {
      ...whole,
      processed_timestamp: 0,
    });
    const folder = pieces[0]!.csvIngestPiece.partsFolder;
    expect(folder).toMatch(/^parts\/fan\/big\.csv\/\d{8}T\d{9}Z-[0-9a-f]{12}\/$/);
    const parts = await emu.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: folder }));
    expect(parts.Contents?.map((o) => o.Key!.slice(folder.length)).sort()).toEqual([
      'piece-0.json',
      'piece-1.json',
      'piece-2.json',
      'piece-3.json',
      'piece-4.json',
      'piece-5.json',
      'plan.json',
    ]);
    expect(await coordination(folder)).toMatchObject({
      done: new Set([0, 1, 2, 3, 4, 5]),
      pieces: 6,
    });
  });

  it('merges again on a retry of the last piece and never on a repeated piece before the end', async () => {
    // Prepare
    const handler = processor();
    const pieces = await split(handler, await upload('uploads/fan/retry.csv', csv(300)));
    const [first, ...rest] = pieces;

    // Act: the first piece twice (a repeated delivery), then the others, then the last again.
    const once = await handler(first!, lambdaContext());
    const twice = await handler(first!, lambdaContext());
    for (const piece of rest) await handler(piece, lambdaContext());
    const item = await getItem(emu.dynamodb, 'fan/retry.csv');
    const again = await handler(rest.at(-1)!, lambdaContext());

    // Assess
    expect([once.records[0]?.status, twice.records[0]?.status]).toEqual(['piece', 'piece']);
    expect(item).toMatchObject({ status: 'success', row_count: 300 });
    expect(again.records[0]).toMatchObject({ status: 'success' });
    expect(await getItem(emu.dynamodb, 'fan/retry.csv')).toMatchObject({
      summary_key: item!.summary_key,
      order_key: item!.order_key,
    });
  });

  it("ends the upload as the one pass's error item when a piece holds a data error", async () => {
    // Prepare: an unterminated quote in the last third of the file.
    const body = csv(300, '9999,x,"open\n1,2,3,4\n');
    const handler = processor();
    const pieces = await split(handler, await upload('uploads/fan/broken.csv', body));

    // Act
    for (const piece of pieces) await handler(piece, lambdaContext());

    // Assess
    let one: unknown;
    try {
      profileBytes(Buffer.from(body));
    } catch (error) {
      one = error;
    }
    expect(await getItem(emu.dynamodb, 'fan/broken.csv')).toMatchObject({
      status: 'error',
      error_code: 'MALFORMED_CSV',
      error_message: (one as Error).message,
    });
  });

  it('keeps the newer upload when an older split finishes after it', async () => {
    // Prepare: two uploads of one key, the older event's pieces run last.
    const handler = processor();
    const older = await upload('uploads/fan/order.csv', csv(200), {
      sequencer: '0A0000000000000001',
    });
    const olderPieces = await split(handler, older);
    const newer = await upload('uploads/fan/order.csv', csv(250), {
      sequencer: '0A0000000000000002',
    });
    const newerPieces = await split(handler, newer);

    // Act
    for (const piece of newerPieces) await handler(piece, lambdaContext());
    const outcomes = [];
    for (const piece of olderPieces)
      outcomes.push((await handler(piece, lambdaContext())).records[0]);

    // Assess
    expect(outcomes.at(-1)).toEqual({ status: 'stale', fileName: 'fan/order.csv' });
    expect(await getItem(emu.dynamodb, 'fan/order.csv')).toMatchObject({
      status: 'success',
      row_count: 250,
      sequencer: '0A0000000000000002',
    });
  });

  it('profiles gzip and uploads below FANOUT_MIN_BYTES in one invocation', async () => {
    // Prepare: a gzip upload above the threshold (a cut would land inside a deflate block).
    const handler = processor();
    const gz = gzipSync(Buffer.from(csv(3000)));
    expect(gz.length).toBeGreaterThan(4_000);
    const before = invoke.events.length;

    // Act
    const zipped = await handler(await upload('uploads/fan/z.csv.gz', gz), lambdaContext());
    const small = await handler(await upload('uploads/fan/small.csv', csv(10)), lambdaContext());

    // Assess
    expect(zipped.records[0]).toMatchObject({ status: 'success', rows: 3000 });
    expect(small.records[0]).toMatchObject({ status: 'success', rows: 10 });
    expect(invoke.events.length).toBe(before);
  });

  it('fails a piece transiently, and the failure handler ends its upload as PROCESSING_FAILED', async () => {
    // Prepare: the plan is gone when the piece runs (a transient read failure).
    const handler = processor();
    const pieces = await split(handler, await upload('uploads/fan/lost.csv', csv(300)));
    const folder = pieces[0]!.csvIngestPiece.partsFolder;
    await emu.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${folder}plan.json` }));

    // Act
    const failed = await handler(pieces[1]!, lambdaContext()).then(
      () => null,
      (error: unknown) => error,
    );
    const failures = await createFailureHandler(makeDeps(emu))(
      onFailure(pieces[1]!),
      lambdaContext(),
    );

    // Assess: Lambda retries the piece, then its on-failure record names the upload.
    expect(failed).toBeInstanceOf(RecordsFailedError);
    expect(failures.written).toEqual(['fan/lost.csv']);
    expect(await getItem(emu.dynamodb, 'fan/lost.csv')).toMatchObject({
      status: 'error',
      error_code: 'PROCESSING_FAILED',
    });
  });
});
