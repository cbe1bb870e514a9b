import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createS3Event, LocalPipeline, type LocalPipelineOptions } from '../../src/local/index.js';

// The local target's Lambda Invoke endpoint (src/local/emulators/LambdaInvokeEndpoint.ts): the
// functions' Lambda client reaches it through AWS_ENDPOINT_URL_LAMBDA, and an asynchronous
// invocation it accepts is in the event outbox before its 202, like an upload's notification.

const bundlePath = fileURLToPath(new URL('./fixtures/pipeline-handler.mjs', import.meta.url));
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-invoke-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const options = (extra: LocalPipelineOptions = {}): LocalPipelineOptions => ({
  port: 0,
  dataDir,
  bundlePath,
  writeLogFiles: false,
  ...extra,
});

function client(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** An S3 event for `key`, as the processor receives uploads. */
function event(bucket: string, key: string): Uint8Array {
  const s3 = createS3Event(
    { bucket, key, eventName: 'ObjectCreated:Put', eventTime: new Date(), size: 4 },
    { region: 'us-east-1', sequencer: '0A0000000000000001', configurationId: 'invoke' },
  );
  return new TextEncoder().encode(JSON.stringify(s3));
}

describe('the Lambda Invoke endpoint of the local target', () => {
  it('answers Invoke as Lambda does and runs the processor with the event', async () => {
    // Prepare
    const pipeline = new LocalPipeline();
    const { endpoints, names } = await pipeline.start(options());
    const lambda = client(endpoints.lambda);
    try {
      // Act
      const accepted = await lambda.send(
        new InvokeCommand({
          FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${names.functionName}`,
          InvocationType: 'Event',
          Payload: event(names.bucket, 'uploads/invoked/a.csv'),
        }),
      );
      const dryRun = await lambda.send(
        new InvokeCommand({ FunctionName: names.functionName, InvocationType: 'DryRun' }),
      );
      const missing = await lambda
        .send(new InvokeCommand({ FunctionName: 'nope', InvocationType: 'Event' }))
        .catch((error: Error) => error);
      const sync = await lambda
        .send(new InvokeCommand({ FunctionName: names.functionName }))
        .catch((error: Error) => error);
      const item = await pipeline.waitForItem('invoked/a.csv');

      // Assess
      expect(endpoints.lambda).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(pipeline.processor.environment.AWS_ENDPOINT_URL_LAMBDA).toBe(endpoints.lambda);
      expect([accepted.StatusCode, dryRun.StatusCode]).toEqual([202, 204]);
      expect(missing).toMatchObject({ name: 'ResourceNotFoundException' });
      expect(sync).toMatchObject({ name: 'InvalidParameterValueException' });
      expect(item).toMatchObject({ status: 'success', function_name: names.functionName });
    } finally {
      lambda.destroy();
      await pipeline.stop();
    }
  });

  it('keeps accepted invocations across a stop and delivers them after the start', async () => {
    // Prepare: one invocation at a time, so the others wait when the stack stops.
    const first = new LocalPipeline();
    const { endpoints, names } = await first.start(options({ concurrency: 1 }));
    const lambda = client(endpoints.lambda);
    const keys = ['kept/a.csv', 'kept/b.csv', 'kept/c.csv'];

    // Act
    for (const key of keys) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: names.functionName,
          InvocationType: 'Event',
          Payload: event(names.bucket, `uploads/${key}`),
        }),
      );
    }
    lambda.destroy();
    const stopped = await first.stop();
    const second = new LocalPipeline();
    const info = await second.start(options());
    try {
      const items = await Promise.all(keys.map((key) => second.waitForItem(key)));

      // Assess
      expect(stopped.pending).toBeGreaterThanOrEqual(2);
      expect(info.recovery.requeued).toBe(stopped.pending);
      expect(items.map((item) => item.status)).toEqual(['success', 'success', 'success']);
    } finally {
      await second.stop();
    }
  });
});
