import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BundleNotFoundError,
  type InvocationRecord,
  LocalLambdaRuntime,
  type LocalLambdaRuntimeOptions,
  LocalMetrics,
  type LogLine,
  type OnFailureRecord,
  ThrottledError,
} from '../../src/local/index.js';

const bundle = fileURLToPath(new URL('./fixtures/runtime-handler.mjs', import.meta.url));
const runtimes: LocalLambdaRuntime[] = [];

async function startRuntime(options: Partial<LocalLambdaRuntimeOptions> = {}) {
  const runtime = new LocalLambdaRuntime({
    functionName: 'fixture-fn',
    bundlePath: bundle,
    environment: { CUSTOM: 'yes' },
    timeoutMs: 5_000,
    memoryMb: 128,
    retryDelaysMs: [50, 50],
    ...options,
  });
  runtimes.push(runtime);
  await runtime.start();
  return runtime;
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.stop()));
});

describe('LocalLambdaRuntime', () => {
  it('returns the handler value with a Lambda context and the function environment', async () => {
    // Prepare
    const runtime = await startRuntime({ memoryMb: 256 });

    // Act
    const result = await runtime.invoke({ hello: 'world' });

    // Assess
    expect(result.ok).toBe(true);
    const value = result.value as {
      event: unknown;
      context: Record<string, unknown>;
      env: Record<string, string>;
    };
    expect(value.event).toEqual({ hello: 'world' });
    expect(value.context.awsRequestId).toBe(result.requestId);
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(value.context.functionName).toBe('fixture-fn');
    expect(value.context.functionVersion).toBe('$LATEST');
    expect(value.context.invokedFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:fixture-fn',
    );
    expect(value.context.memoryLimitInMB).toBe('256');
    expect(value.context.remaining).toBeGreaterThan(4_000);
    expect(value.context.remaining).toBeLessThanOrEqual(5_000);
    expect(value.env).toEqual({
      AWS_LAMBDA_FUNCTION_NAME: 'fixture-fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_REGION: 'us-east-1',
      CUSTOM: 'yes',
      _HANDLER: 'index.handler',
    });
  });

  it('reports the init duration on the cold start only and reuses the warm worker', async () => {
    // Prepare
    const metrics = new LocalMetrics();
    const runtime = await startRuntime({ metrics, concurrency: 1 });

    // Act
    const first = await runtime.invoke({});
    const second = await runtime.invoke({});

    // Assess
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    const a = first.value as { imported: number; calls: number };
    const b = second.value as { imported: number; calls: number };
    expect(b.imported).toBe(a.imported);
    expect(b.calls).toBe(a.calls + 1);
    const fn = metrics.snapshot().functions['fixture-fn'];
    expect(fn?.invocations).toBe(2);
    expect(fn?.coldStarts).toBe(1);
    expect(runtime.state.workers).toBe(1);
  });

  it('supports callback-style handlers', async () => {
    // Prepare
    const runtime = await startRuntime({ handler: 'callbackHandler' });

    // Act
    const result = await runtime.invoke({ n: 1 });

    // Assess
    expect(result.value).toEqual({ echoed: { n: 1 } });
  });

  it('terminates a run past its timeout and counts a timed-out error', async () => {
    // Prepare
    const metrics = new LocalMetrics();
    const runtime = await startRuntime({ metrics, timeoutMs: 150 });
    const started = Date.now();

    // Act
    const result = await runtime.invoke({ action: 'sleep', ms: 5_000 });
    const after = await runtime.invoke({});

    // Assess
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.ok).toBe(false);
    expect(result.error?.errorType).toBe('Sandbox.Timedout');
    expect(result.error?.errorMessage).toMatch(/Task timed out after 0\.15 seconds$/);
    expect(after.ok).toBe(true);
    expect(after.initDurationMs).toBeGreaterThan(0);
    const fn = metrics.snapshot().functions['fixture-fn'];
    expect(fn?.errors).toBe(1);
    expect(fn?.timeouts).toBe(1);
  });

  it('fails a run that exceeds the memory limit and recovers with a new worker', async () => {
    // Prepare
    const runtime = await startRuntime({ memoryMb: 32 });

    // Act
    const result = await runtime.invoke({ action: 'allocate' });
    const after = await runtime.invoke({});

    // Assess
    expect(result.ok).toBe(false);
    expect(result.error?.errorType).toBe('Runtime.OutOfMemory');
    expect(after.ok).toBe(true);
  });

  it('reports a handler error in the Node.js runtime shape', async () => {
    // Prepare
    const runtime = await startRuntime();

    // Act
    const result = await runtime.invoke({ action: 'throw', message: 'bad input' });

    // Assess
    expect(result.ok).toBe(false);
    expect(result.error?.errorType).toBe('RangeError');
    expect(result.error?.errorMessage).toBe('bad input');
    expect(result.error?.trace[0]).toBe('RangeError: bad input');
  });

  it('reports a missing handler export as Runtime.HandlerNotFound', async () => {
    // Prepare
    const runtime = await startRuntime({
      bundlePath: fileURLToPath(new URL('./fixtures/no-handler.mjs', import.meta.url)),
    });

    // Act
    const result = await runtime.invoke({});

    // Assess
    expect(result.error?.errorType).toBe('Runtime.HandlerNotFound');
  });

  it('throws BundleNotFoundError when the bundle is missing', async () => {
    // Prepare
    const runtime = new LocalLambdaRuntime({
      functionName: 'x',
      bundlePath: '/nonexistent/index.mjs',
    });

    // Act
    const starting = runtime.start();

    // Assess
    await expect(starting).rejects.toBeInstanceOf(BundleNotFoundError);
  });

  it('captures stdout and stderr per request, prints START/END/REPORT and parses EMF', async () => {
    // Prepare
    const metrics = new LocalMetrics();
    const lines: LogLine[] = [];
    const runtime = await startRuntime({ metrics, onLog: (line) => lines.push(line) });

    // Act
    const result = await runtime.invoke({ action: 'log' });

    // Assess
    expect(result.logs.map((line) => [line.stream, line.message.slice(0, 16)])).toEqual([
      ['stdout', 'hello from stdou'],
      ['stderr', 'hello from stder'],
      ['stdout', '{"_aws":{"Timest'],
    ]);
    expect(result.logs.every((line) => line.requestId === result.requestId)).toBe(true);
    const platform = lines.filter((line) => line.stream === 'platform').map((line) => line.message);
    expect(platform[0]).toBe(`START RequestId: ${result.requestId} Version: $LATEST`);
    expect(platform[1]).toBe(`END RequestId: ${result.requestId}`);
    expect(platform[2]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${result.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`,
      ),
    );
    expect(metrics.snapshot().custom.Rows).toMatchObject({
      namespace: 'CsvIngest',
      unit: 'Count',
      count: 2,
      sum: 8,
      max: 5,
      min: 3,
    });
  });

  it('throttles a synchronous invocation when every slot is busy', async () => {
    // Prepare
    const metrics = new LocalMetrics();
    const runtime = await startRuntime({ metrics, concurrency: 1 });
    const busy = runtime.invoke({ action: 'sleep', ms: 200 });

    // Act
    const second = runtime.invoke({});

    // Assess
    await expect(second).rejects.toBeInstanceOf(ThrottledError);
    expect((await busy).ok).toBe(true);
    expect(metrics.snapshot().functions['fixture-fn']?.throttles).toBe(1);
  });

  it('queues asynchronous events beyond the concurrency limit and counts throttles', async () => {
    // Prepare
    const metrics = new LocalMetrics();
    const runtime = await startRuntime({ metrics, concurrency: 2 });
    const records: InvocationRecord[] = [];
    runtime.onInvocation((record) => records.push(record));

    // Act
    for (let i = 0; i < 6; i += 1) runtime.invokeAsync({ action: 'sleep', ms: 30 });
    await runtime.waitForIdle(10_000);

    // Assess
    expect(records).toHaveLength(6);
    expect(records.every((record) => record.ok)).toBe(true);
    const fn = metrics.snapshot().functions['fixture-fn'];
    expect(fn?.concurrentExecutionsMax).toBe(2);
    expect(fn?.throttles).toBe(4);
    expect(runtime.state.workers).toBe(2);
  });

  it('retries a failing asynchronous event with backoff and keeps the request id', async () => {
    // Prepare
    const runtime = await startRuntime({ concurrency: 1, retryDelaysMs: [60, 120] });
    const records: InvocationRecord[] = [];
    runtime.onInvocation((record) => records.push(record));

    // Act
    const requestId = runtime.invokeAsync({ action: 'fail-until', attempts: 3 });
    await runtime.waitForIdle(10_000);

    // Assess
    expect(records.map((record) => [record.attempt, record.ok, record.final])).toEqual([
      [1, false, false],
      [2, false, false],
      [3, true, true],
    ]);
    expect(records.every((record) => record.requestId === requestId)).toBe(true);
    const gap1 = (records[1]?.startedAt ?? 0) - (records[0]?.endedAt ?? 0);
    const gap2 = (records[2]?.startedAt ?? 0) - (records[1]?.endedAt ?? 0);
    expect(gap1).toBeGreaterThanOrEqual(55);
    expect(gap2).toBeGreaterThanOrEqual(115);
  });

  it('sends an on-failure record in the AWS shape after the last retry', async () => {
    // Prepare
    const failures: OnFailureRecord[] = [];
    const runtime = await startRuntime({ onFailure: (record) => void failures.push(record) });
    const event = { action: 'throw', message: 'always' };

    // Act
    const requestId = runtime.invokeAsync(event);
    await runtime.waitForIdle(10_000);

    // Assess
    expect(failures).toHaveLength(1);
    const record = failures[0]!;
    expect(Object.keys(record)).toEqual([
      'version',
      'timestamp',
      'requestContext',
      'requestPayload',
      'responseContext',
      'responsePayload',
    ]);
    expect(record.version).toBe('1.0');
    expect(Number.isNaN(Date.parse(record.timestamp))).toBe(false);
    expect(record.requestContext).toEqual({
      requestId,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fixture-fn:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record.requestPayload).toEqual(event);
    expect(record.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    expect(record.responsePayload).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'always',
    });
    expect(record.responsePayload.trace.length).toBeGreaterThan(0);
  });

  it('terminates every worker on stop', async () => {
    // Prepare
    const runtime = await startRuntime({ provisionedConcurrency: 3 });
    expect(runtime.state.workers).toBe(3);

    // Act
    await runtime.stop();

    // Assess
    expect(runtime.state.workers).toBe(0);
  });
});
