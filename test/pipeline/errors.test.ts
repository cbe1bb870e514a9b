import { gzipSync } from 'node:zlib';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '../../src/aws/s3EventKey.js';
import { RecordsFailedError } from '../../src/pipeline/errors.js';
import { createHandler } from '../../src/pipeline/handler.js';
import { type Emulators, startEmulators } from './helpers/emulators.js';
import { type FaultProxy, startFaultProxy } from './helpers/faultProxy.js';
import {
  captureOutput,
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
const proxies: FaultProxy[] = [];
beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await emu?.close();
});

async function proxy(...args: Parameters<typeof startFaultProxy>): Promise<FaultProxy> {
  const started = await startFaultProxy(...args);
  proxies.push(started);
  return started;
}

async function upload(key: string, body: string | Uint8Array) {
  const size = await putObject(emu.s3, key, body);
  return s3Record({ encodedKey: encodeS3EventKey(key), size });
}

async function summaryExists(key: string): Promise<boolean> {
  try {
    await emu.s3.send(new HeadObjectCommand({ Bucket: 'csv-ingest-local', Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Keys of the results written for an upload path (`processed/<path>/...`). */
async function resultKeys(fileName: string): Promise<string[]> {
  const listed = await emu.s3.send(
    new ListObjectsV2Command({ Bucket: 'csv-ingest-local', Prefix: `processed/${fileName}/` }),
  );
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

const wideRow = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');

describe('handler with files that cannot be profiled', () => {
  it.each([
    ['EMPTY_FILE', 'empty.csv', ''],
    [
      'NOT_TEXT',
      'binary.csv',
      Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(64),
      ]),
    ],
    // The unterminated quote lies beyond the 64 KiB the dialect sniffer samples, where quoted
    // fields show that " is the quote (a sample without any makes it read unquoted).
    ['MALFORMED_CSV', 'malformed.csv', `name,n\n${'"ann",1\n'.repeat(15_000)}cid,"oslo\ndan,2\n`],
    ['FIELD_TOO_LARGE', 'bigfield.csv', `a,b\n1,${'x'.repeat(5_000)}\n`],
    ['TOO_MANY_COLUMNS', 'wide.csv', `${wideRow(40)}\n${wideRow(40)}\n`],
    [
      'UNSUPPORTED_ENCODING',
      'utf32.csv',
      Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00]),
    ],
  ])('returns an error item with %s and succeeds', async (code, name, body) => {
    // Prepare
    const handler = createHandler(
      makeDeps(emu, { profileOptions: { maxFieldBytes: 1_000, maxColumns: 20 } }),
    );
    const record = await upload(`uploads/errors/${name}`, body);

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    expect(result.records).toEqual([
      { status: 'error', fileName: `errors/${name}`, errorCode: code },
    ]);
    const item = await getItem(emu.dynamodb, `errors/${name}`);
    expect(item).toMatchObject({
      status: 'error',
      error_code: code,
      key: `uploads/errors/${name}`,
    });
    expect(String(item?.error_message).length).toBeGreaterThan(0);
    expect(item?.row_count).toBeUndefined();
    expect(await resultKeys(`errors/${name}`)).toEqual([]);
  });

  it('returns FILE_TOO_LARGE from the Content-Length before reading the body', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu, { config: { maxFileBytes: 100 } }));
    const record = await upload('uploads/errors/large.csv', `a,b\n${'1,2\n'.repeat(100)}`);

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    expect(result.records[0]).toMatchObject({ status: 'error', errorCode: 'FILE_TOO_LARGE' });
    const item = await getItem(emu.dynamodb, 'errors/large.csv');
    expect(item).toMatchObject({ error_code: 'FILE_TOO_LARGE', size_bytes: 404 });
    expect(String(item?.error_message)).toContain('MAX_FILE_BYTES');
  });

  it('returns DECOMPRESSED_TOO_LARGE within a second for a gzip bomb under MAX_FILE_BYTES', async () => {
    // Prepare: 6.5 MB of gzip members that expand to 6.4 GB of valid CSV rows (about 1,000:1).
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024, '1,2\n'), { level: 9 });
    const bomb = Buffer.concat([gzipSync('a,b\n'), ...Array.from({ length: 100 }, () => member)]);
    const handler = createHandler(makeDeps(emu));
    const record = await upload('uploads/errors/bomb.csv.gz', bomb);
    const started = Date.now();

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.records[0]).toMatchObject({
      status: 'error',
      errorCode: 'DECOMPRESSED_TOO_LARGE',
    });
    const item = await getItem(emu.dynamodb, 'errors/bomb.csv.gz');
    expect(item).toMatchObject({ error_code: 'DECOMPRESSED_TOO_LARGE', size_bytes: bomb.length });
    expect(String(item?.error_message)).toContain('more than 100 times');
  });

  it('returns TIMEOUT when the body stalls past the deadline and aborts the download', async () => {
    // Prepare
    const record = await upload('uploads/errors/slow.csv', `a,b\n${'1,2\n'.repeat(10_000)}`);
    const s3Proxy = await proxy(emu.s3Endpoint, (_n, req) =>
      req.method === 'GET' ? { kind: 'stall-body', bytes: 100 } : { kind: 'pass' },
    );
    const s3 = emu.s3Client(s3Proxy.endpoint);
    const handler = createHandler(makeDeps(emu, { s3, config: { timeoutMarginMs: 200 } }));
    const started = Date.now();

    // Act
    const result = await handler(s3Event(record), lambdaContext(200 + 500));

    // Assess
    const elapsed = Date.now() - started;
    expect(result.records[0]).toMatchObject({ status: 'error', errorCode: 'TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(5_000);
    expect(await getItem(emu.dynamodb, 'errors/slow.csv')).toMatchObject({
      status: 'error',
      error_code: 'TIMEOUT',
    });
    s3.destroy();
  });

  it('returns FilesFailed in the EMF output for an error item', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const record = await upload('uploads/errors/empty-metric.csv', '');
    const output = captureOutput();

    // Act
    try {
      await handler(s3Event(record), lambdaContext());
    } finally {
      output.restore();
    }

    // Assess
    const emf = output.json().find((line) => '_aws' in line);
    expect(emf).toMatchObject({ FilesFailed: 1, environment: 'local' });
    expect(emf).not.toHaveProperty('FilesProcessed');
    expect(
      output.json().find((line) => line.message === 'file could not be processed'),
    ).toMatchObject({
      level: 'WARN',
      error_code: 'EMPTY_FILE',
    });
  });
});

describe('handler with transient failures', () => {
  it('returns no TIMEOUT item but rethrows when no time is left to start a record', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu, { config: { timeoutMarginMs: 1_000 } }));
    const record = await upload('uploads/transient/late.csv', 'a\n1\n');

    // Act
    const act = handler(s3Event(record), lambdaContext(999));

    // Assess
    await expect(act).rejects.toBeInstanceOf(RecordsFailedError);
    expect(await getItem(emu.dynamodb, 'transient/late.csv')).toBeUndefined();
  });

  it.each([
    ['a 500 InternalServerError', 500, 'com.amazonaws.dynamodb.v20120810#InternalServerError'],
    [
      'a 400 throttling error',
      400,
      'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    ],
  ])(
    'rethrows %s from DynamoDB, processes the other records, and the retry completes',
    async (_label, status, type) => {
      // Prepare
      const dynamoProxy = await proxy(emu.dynamoEndpoint, (n) =>
        n === 1
          ? {
              kind: 'respond',
              status,
              body: JSON.stringify({ __type: type, message: 'injected fault' }),
            }
          : { kind: 'pass' },
      );
      const dynamodb = emu.dynamoClient(dynamoProxy.endpoint, { maxAttempts: 1 });
      const handler = createHandler(makeDeps(emu, { dynamodb }));
      const tag = status;
      const failing = await upload(`uploads/transient/${tag}-a.csv`, 'a\n1\n');
      const passing = await upload(`uploads/transient/${tag}-b.csv`, 'a\n1\n2\n');

      // Act
      const first = handler(s3Event(failing, passing), lambdaContext());

      // Assess
      const error = await first.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RecordsFailedError);
      expect((error as RecordsFailedError).errors).toHaveLength(1);
      expect(await getItem(emu.dynamodb, `transient/${tag}-a.csv`)).toBeUndefined();
      expect((await getItem(emu.dynamodb, `transient/${tag}-b.csv`))?.row_count).toBe(2);

      const retry = await handler(s3Event(failing, passing), lambdaContext());
      expect(retry.records.map((r) => r.status)).toEqual(['success', 'success']);
      expect((await getItem(emu.dynamodb, `transient/${tag}-a.csv`))?.row_count).toBe(1);
      dynamodb.destroy();
    },
  );

  it('rethrows a failed summary write before any item, and the retry writes the summary, then the item', async () => {
    // Prepare
    let failed = false;
    const s3Proxy = await proxy(emu.s3Endpoint, (_n, req) => {
      if (req.method === 'PUT' && !failed) {
        failed = true;
        return {
          kind: 'respond',
          status: 503,
          headers: { 'content-type': 'application/xml' },
          body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        };
      }
      return { kind: 'pass' };
    });
    const s3 = emu.s3Client(s3Proxy.endpoint, { maxAttempts: 1 });
    const handler = createHandler(makeDeps(emu, { s3 }));
    const record = await upload('uploads/transient/summary.csv', 'a\n1\n');

    // Act
    const first = handler(s3Event(record), lambdaContext());

    // Assess
    await expect(first).rejects.toBeInstanceOf(RecordsFailedError);
    expect(await getItem(emu.dynamodb, 'transient/summary.csv')).toBeUndefined();
    expect(await resultKeys('transient/summary.csv')).toEqual([]);
    const retry = await handler(s3Event(record), lambdaContext());
    expect(retry.records[0]?.status).toBe('success');
    const item = await getItem(emu.dynamodb, 'transient/summary.csv');
    expect(item).toMatchObject({ status: 'success' });
    expect(await resultKeys('transient/summary.csv')).toEqual(
      [item?.report_key, item?.summary_key].sort(),
    );
    expect(await summaryExists(String(item?.summary_key))).toBe(true);
    s3.destroy();
  });
});
