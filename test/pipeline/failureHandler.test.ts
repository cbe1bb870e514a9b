import type { S3Event, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '../../src/aws/s3EventKey.js';
import { RecordsFailedError } from '../../src/pipeline/errors.js';
import { createFailureHandler } from '../../src/pipeline/failureHandler.js';
import { createHandler } from '../../src/pipeline/handler.js';
import { type Emulators, startEmulators } from './helpers/emulators.js';
import { startFaultProxy } from './helpers/faultProxy.js';
import {
  captureOutput,
  failureQueueEvent,
  getItem,
  lambdaContext,
  makeDeps,
  putObject,
  quietOutput,
  s3Event,
  s3Record,
} from './helpers/harness.js';

quietOutput();

let emu: Emulators;
beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await emu?.close();
});

/** An SQS event carrying Lambda on-failure destination records for the given S3 events. */
function onFailureEvent(...payloads: S3Event[]): SQSEvent {
  return failureQueueEvent(
    ...payloads.map((payload, index) => ({
      messageId: `msg-${index}`,
      receiptHandle: `rh-${index}`,
      body: {
        version: '1.0',
        timestamp: '2024-05-01T10:05:00.000Z',
        requestContext: {
          requestId: `failed-req-${index}`,
          functionArn:
            'arn:aws:lambda:us-east-1:000000000000:function:csv-ingest-local-processor:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: payload,
        responseContext: {
          statusCode: 200,
          executedVersion: '$LATEST',
          functionError: 'Unhandled',
        },
        responsePayload: {
          errorType: 'RecordsFailedError',
          errorMessage:
            '1 of 1 record(s) failed transiently; first: ThrottlingException: Rate exceeded',
        },
      },
    })),
  );
}

describe('failureHandler', () => {
  it('returns written and records PROCESSING_FAILED for a file without an item', async () => {
    // Prepare
    const failureHandler = createFailureHandler(makeDeps(emu));
    const record = s3Record({
      encodedKey: encodeS3EventKey('uploads/failed/never done.csv'),
      size: 10,
    });
    const output = captureOutput();

    // Act
    let result: Awaited<ReturnType<typeof failureHandler>>;
    try {
      result = await failureHandler(onFailureEvent(s3Event(record)), lambdaContext());
    } finally {
      output.restore();
    }

    // Assess
    expect(result).toEqual({ written: ['failed/never done.csv'], stale: [], skipped: 0 });
    const item = await getItem(emu.dynamodb, 'failed/never done.csv');
    expect(item).toMatchObject({
      status: 'error',
      error_code: 'PROCESSING_FAILED',
      key: 'uploads/failed/never done.csv',
      request_id: 'failed-req-0',
      sequencer: record.s3.object.sequencer,
    });
    expect(String(item?.error_message)).toContain('ThrottlingException');
    expect(String(item?.error_message)).toContain('3 attempt(s)');
    expect(output.json().find((line) => '_aws' in line)).toMatchObject({ FilesFailed: 1 });
  });

  it('returns stale and keeps a success item of the same version', async () => {
    // Prepare
    const deps = makeDeps(emu);
    const key = 'uploads/failed/done.csv';
    const size = await putObject(emu.s3, key, 'a\n1\n');
    const record = s3Record({ encodedKey: key, size });
    await createHandler(deps)(s3Event(record), lambdaContext());

    // Act
    const result = await createFailureHandler(deps)(
      onFailureEvent(s3Event(record)),
      lambdaContext(),
    );

    // Assess
    expect(result.stale).toEqual(['failed/done.csv']);
    expect(await getItem(emu.dynamodb, 'failed/done.csv')).toMatchObject({
      status: 'success',
      row_count: 1,
    });
  });

  it('returns stale and keeps a newer item', async () => {
    // Prepare
    const deps = makeDeps(emu);
    const key = 'uploads/failed/newer.csv';
    const size = await putObject(emu.s3, key, 'a\n1\n2\n');
    const newer = s3Record({ encodedKey: key, size, sequencer: '00AA00000000000002' });
    const older = s3Record({ encodedKey: key, size, sequencer: '00AA00000000000001' });
    await createHandler(deps)(s3Event(newer), lambdaContext());

    // Act
    const result = await createFailureHandler(deps)(
      onFailureEvent(s3Event(older)),
      lambdaContext(),
    );

    // Assess
    expect(result.stale).toEqual(['failed/newer.csv']);
    expect((await getItem(emu.dynamodb, 'failed/newer.csv'))?.row_count).toBe(2);
  });

  it('returns written over an older success (the failed event was for a newer version)', async () => {
    // Prepare
    const deps = makeDeps(emu);
    const key = 'uploads/failed/older-success.csv';
    const size = await putObject(emu.s3, key, 'a\n1\n');
    await createHandler(deps)(
      s3Event(s3Record({ encodedKey: key, size, sequencer: '00BB00000000000001' })),
      lambdaContext(),
    );
    const failedNewer = s3Record({ encodedKey: key, size, sequencer: '00BB00000000000002' });

    // Act
    const result = await createFailureHandler(deps)(
      onFailureEvent(s3Event(failedNewer)),
      lambdaContext(),
    );

    // Assess
    expect(result.written).toEqual(['failed/older-success.csv']);
    expect(await getItem(emu.dynamodb, 'failed/older-success.csv')).toMatchObject({
      status: 'error',
      error_code: 'PROCESSING_FAILED',
    });
  });

  it('returns the same item on a duplicate SQS delivery', async () => {
    // Prepare
    const failureHandler = createFailureHandler(makeDeps(emu));
    const event = onFailureEvent(s3Event(s3Record({ encodedKey: 'uploads/failed/twice.csv' })));
    await failureHandler(event, lambdaContext());

    // Act
    const result = await failureHandler(event, lambdaContext());

    // Assess
    expect(result).toEqual({ written: [], stale: ['failed/twice.csv'], skipped: 0 });
    expect((await getItem(emu.dynamodb, 'failed/twice.csv'))?.error_code).toBe('PROCESSING_FAILED');
  });

  it('returns skipped for bodies without an S3 payload and for keys outside uploads/', async () => {
    // Prepare
    const failureHandler = createFailureHandler(makeDeps(emu));
    const event = onFailureEvent(s3Event(s3Record({ encodedKey: 'processed/x_summary.json' })));
    event.Records.push({ ...event.Records[0]!, messageId: 'garbage', body: 'not json' });

    // Act
    const result = await failureHandler(event, lambdaContext());

    // Assess
    expect(result).toEqual({ written: [], stale: [], skipped: 2 });
  });

  it('rethrows a transient DynamoDB failure so SQS redelivers the batch', async () => {
    // Prepare
    const dynamoProxy = await startFaultProxy(emu.dynamoEndpoint, () => ({
      kind: 'respond',
      status: 500,
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: 'x',
      }),
    }));
    const dynamodb = emu.dynamoClient(dynamoProxy.endpoint, { maxAttempts: 1 });
    const failureHandler = createFailureHandler(makeDeps(emu, { dynamodb }));
    const event = onFailureEvent(s3Event(s3Record({ encodedKey: 'uploads/failed/transient.csv' })));

    // Act
    const act = failureHandler(event, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(RecordsFailedError);
    expect(await getItem(emu.dynamodb, 'failed/transient.csv')).toBeUndefined();
    dynamodb.destroy();
    await dynamoProxy.close();
  });
});
