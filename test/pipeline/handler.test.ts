import { gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeS3EventKey } from '../../src/aws/s3EventKey.js';
import { createHandler } from '../../src/pipeline/handler.js';
import type { RecordOutcome } from '../../src/pipeline/types.js';
import { type Emulators, startEmulators } from './helpers/emulators.js';
import {
  captureOutput,
  getItem,
  getJson,
  lambdaContext,
  makeDeps,
  putObject,
  quietOutput,
  s3Event,
  s3Record,
} from './helpers/harness.js';

const CSV =
  'id,name,price,when\n1,Zyxwvut-secret-cell,10.5,2024-01-02\n2,bob,,2024-01-03\n3,carol,7,2024-01-04\n';

quietOutput();

/** The summary key of a success outcome (fails the test for any other outcome). */
function successKey(outcome: RecordOutcome | undefined): string {
  if (outcome?.status !== 'success')
    throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome.summaryKey;
}

let emu: Emulators;
beforeAll(async () => {
  emu = await startEmulators();
});
afterAll(async () => {
  await emu?.close();
});

/** Uploads `body` under `key` and returns a record for it (key encoded as S3 does). */
async function upload(
  key: string,
  body: string | Uint8Array,
  extra: Partial<Parameters<typeof s3Record>[0]> = {},
) {
  const size = await putObject(emu.s3, key, body);
  return s3Record({ encodedKey: encodeS3EventKey(key), size, ...extra });
}

describe('handler', () => {
  it('returns a success item and writes the summary JSON for a normal file', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const record = await upload('uploads/sales.csv', CSV);

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    const summaryKey = successKey(result.records[0]);
    const reportKey = summaryKey.replace(/_summary\.json$/, '_report.html');
    expect(result.records).toEqual([
      {
        status: 'success',
        fileName: 'sales.csv',
        summaryKey,
        reportKey,
        truncated: false,
        rows: 3,
      },
    ]);
    // processed/<whole upload path>/<event time, compact>-<12 hex>_summary.json
    const time = record.eventTime.replace(/[-:.]/g, '');
    expect(summaryKey).toMatch(
      new RegExp(`^processed/sales\\.csv/${time}-[0-9a-f]{12}_summary\\.json$`),
    );
    const item = await getItem(emu.dynamodb, 'sales.csv');
    expect(item).toMatchObject({
      file_name: 'sales.csv',
      status: 'success',
      row_count: 3,
      column_count: 4,
      bucket: 'csv-ingest-local',
      key: 'uploads/sales.csv',
      size_bytes: Buffer.byteLength(CSV),
      summary_key: summaryKey,
      processor_version: '0.2.0',
      request_id: 'req-1',
      upload_timestamp: record.eventTime,
      sequencer: record.s3.object.sequencer,
      truncated: false,
      schema: { id: 'int', name: 'string', price: 'float', when: 'date' },
      statistics: { id: { min: 1, max: 3, avg: 2, count: 3 } },
      quality_issues: { total_rows: 3, missing_values: { price: 1 }, has_issues: true },
    });
    expect(item?.error_message).toBeUndefined();
    for (const field of ['trigger_delay_ms', 'profile_ms', 'total_ms']) {
      expect(typeof item?.[field]).toBe('number');
    }
    expect(Date.parse(String(item?.processed_timestamp))).toBeGreaterThanOrEqual(
      Date.parse(record.eventTime),
    );
    const summary = await getJson(emu.s3, summaryKey);
    expect(summary).toMatchObject({ file_name: 'sales.csv', row_count: 3, column_count: 4 });
    const head = await emu.s3.send(
      new HeadObjectCommand({ Bucket: 'csv-ingest-local', Key: summaryKey }),
    );
    expect(head.ContentType).toBe('application/json');
    // The HTML report sits beside it, self-contained, with the file's name escaped in it.
    expect(item?.report_key).toBe(reportKey);
    const report = await emu.s3.send(
      new GetObjectCommand({ Bucket: 'csv-ingest-local', Key: reportKey }),
    );
    expect(report.ContentType).toBe('text/html; charset=utf-8');
    const html = await report.Body!.transformToString();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('sales.csv');
  });

  it.each([
    [
      'a key with spaces',
      'uploads/my report (2024).csv',
      'my report (2024).csv',
      'processed/my report (2024).csv/',
    ],
    ['a key with a plus sign', 'uploads/a+b=c.csv', 'a+b=c.csv', 'processed/a+b=c.csv/'],
    [
      'a unicode key in nested folders',
      'uploads/café/日本/データ.tsv',
      'café/日本/データ.tsv',
      'processed/café/日本/データ.tsv/',
    ],
    ['a gzip key', 'uploads/deep/er/x.csv.gz', 'deep/er/x.csv.gz', 'processed/deep/er/x.csv.gz/'],
  ])('returns the decoded path for %s', async (_label, key, fileName, summaryFolder) => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const body = key.endsWith('.tsv')
      ? 'a\tb\n1\t2\n'
      : key.endsWith('.gz')
        ? gzipSync('a,b\n1,2\n')
        : 'a,b\n1,2\n';
    const record = await upload(key, body);

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    const summaryKey = successKey(result.records[0]);
    expect(result.records[0]).toMatchObject({ status: 'success', fileName });
    expect(summaryKey.startsWith(summaryFolder)).toBe(true);
    expect(await getItem(emu.dynamodb, fileName)).toMatchObject({
      key,
      status: 'success',
      row_count: 1,
      summary_key: summaryKey,
    });
    expect(await getJson(emu.s3, summaryKey)).toMatchObject({ file_name: fileName });
  });

  it('returns a summary of its own for a.csv, a.tsv and a.csv.gz in one folder', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const uploads = [
      ['uploads/coll/a.csv', 'x\n1\n'],
      ['uploads/coll/a.tsv', 'x\ty\n1\t2\n3\t4\n'],
      ['uploads/coll/a.csv.gz', gzipSync('x\n1\n2\n3\n')],
    ] as const;
    const records = [];
    for (const [key, body] of uploads) records.push(await upload(key, body));

    // Act
    const result = await handler(s3Event(...records), lambdaContext());

    // Assess
    const keys = result.records.map(successKey);
    expect(new Set(keys).size).toBe(3);
    const rows = [];
    for (const [index, name] of ['coll/a.csv', 'coll/a.tsv', 'coll/a.csv.gz'].entries()) {
      const item = await getItem(emu.dynamodb, name);
      expect(item?.summary_key).toBe(keys[index]);
      rows.push((await getJson(emu.s3, keys[index]!)).row_count);
    }
    expect(rows).toEqual([1, 2, 3]);
  });

  it('returns a summary key within 1,024 bytes for an upload key at the limit', async () => {
    // Prepare: 8 + 112 * 9 + 8 = 1,024 bytes (segments, as the local store keeps each as a name).
    const key = `uploads/${'éééé/'.repeat(112)}abcd.csv`;
    const handler = createHandler(makeDeps(emu));
    const record = await upload(key, 'x\n1\n');

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    expect(Buffer.byteLength(key)).toBe(1_024);
    const summaryKey = successKey(result.records[0]);
    expect(Buffer.byteLength(summaryKey)).toBeLessThanOrEqual(1_024);
    expect(summaryKey).toMatch(/~[0-9a-f]{16}\/\d{8}T\d{9}Z-[0-9a-f]{12}_summary\.json$/);
    expect(await getItem(emu.dynamodb, key.slice('uploads/'.length))).toMatchObject({
      status: 'success',
      summary_key: summaryKey,
    });
    expect(await getJson(emu.s3, summaryKey)).toMatchObject({ row_count: 1 });
  });

  it('returns the same path for LocalStack-style %20 and S3-style + encodings', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    await putObject(emu.s3, 'uploads/two words.csv', 'x\n1\n');
    const localstack = s3Record({ encodedKey: 'uploads/two%20words.csv' });
    const s3style = s3Record({ encodedKey: 'uploads/two+words.csv' });

    // Act
    const result = await handler(s3Event(localstack, s3style), lambdaContext());

    // Assess
    expect(result.records.map((r) => r.status)).toEqual(['success', 'success']);
    expect(result.records.map((r) => ('fileName' in r ? r.fileName : ''))).toEqual([
      'two words.csv',
      'two words.csv',
    ]);
  });

  it('returns an outcome for every record of a multi-record event', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const records = [
      await upload('uploads/multi/one.csv', 'a\n1\n'),
      await upload('uploads/multi/two.csv', 'a\n1\n2\n'),
      await upload('uploads/multi/three.txt', 'a;b\n1;2\n3;4\n5;6\n'),
    ];

    // Act
    const result = await handler(s3Event(...records), lambdaContext());

    // Assess
    expect(result.records.map((r) => (r.status === 'success' ? r.rows : -1))).toEqual([1, 2, 3]);
    expect((await getItem(emu.dynamodb, 'multi/three.txt'))?.row_count).toBe(3);
  });

  it.each([
    ['outside the upload prefix', 'other/x.csv', 'outside_upload_prefix'],
    ['under the processed prefix', 'processed/x_summary.json', 'processed_prefix'],
    ['without a CSV suffix', 'uploads/image.png', 'not_csv_suffix'],
  ])('returns skipped for a key %s and writes nothing', async (_label, key, reason) => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const record = s3Record({ encodedKey: encodeS3EventKey(key) });

    // Act
    const result = await handler(s3Event(record), lambdaContext());

    // Assess
    expect(result.records).toEqual([{ status: 'skipped', key, reason }]);
  });

  it('returns skipped for a record of another bucket and for a removal event', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const other = s3Record({ encodedKey: 'uploads/x.csv', bucket: 'someone-else' });
    const removed = s3Record({ encodedKey: 'uploads/x.csv', eventName: 'ObjectRemoved:Delete' });

    // Act
    const result = await handler(s3Event(other, removed), lambdaContext());

    // Assess
    expect(result.records.map((r) => (r.status === 'skipped' ? r.reason : r.status))).toEqual([
      'other_bucket',
      'not_object_created',
    ]);
  });

  it('returns success again for a duplicate delivery and leaves the same item', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const record = await upload('uploads/dup.csv', 'a,b\n1,2\n3,4\n');
    await handler(s3Event(record), lambdaContext(60_000, 'first'));
    const first = await getItem(emu.dynamodb, 'dup.csv');

    // Act
    const result = await handler(s3Event(record), lambdaContext(60_000, 'second'));

    // Assess
    expect(result.records[0]?.status).toBe('success');
    const second = await getItem(emu.dynamodb, 'dup.csv');
    const stable = (item: Record<string, unknown> | undefined) => {
      const { request_id, processed_timestamp, trigger_delay_ms, profile_ms, total_ms, ...rest } =
        item ?? {};
      return rest;
    };
    expect(stable(second)).toEqual(stable(first));
    expect(second?.request_id).toBe('second');
  });

  it('returns stale for an older event after a newer one and keeps the newer item and summary', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const older = await upload('uploads/order.csv', 'v\nold\n', {
      sequencer: '0055AED6DCD90281E5',
    });
    const newer = await upload('uploads/order.csv', 'v\nnew1\nnew2\n', {
      sequencer: '0055AED6DCD90281E6',
    });
    const newerKey = successKey((await handler(s3Event(newer), lambdaContext())).records[0]);

    // Act
    const result = await handler(s3Event(older), lambdaContext());

    // Assess
    expect(result.records[0]).toEqual({ status: 'stale', fileName: 'order.csv' });
    const item = await getItem(emu.dynamodb, 'order.csv');
    expect(item).toMatchObject({
      sequencer: '0055AED6DCD90281E6',
      row_count: 2,
      summary_key: newerKey,
    });
    // Each version has its own summary object: the older event's never replaces the newer one.
    expect(await getJson(emu.s3, newerKey)).toMatchObject({ row_count: 2 });
  });

  it('returns stale by event time when sequencers tie (LocalStack sends a constant one)', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const sequencer = '0062E99A88DC407460';
    const newer = await upload('uploads/tie.csv', 'v\n1\n2\n', {
      sequencer,
      eventTime: '2024-05-01T10:00:01.000Z',
    });
    const older = s3Record({
      encodedKey: 'uploads/tie.csv',
      sequencer,
      eventTime: '2024-05-01T10:00:00.999Z',
    });
    await handler(s3Event(newer), lambdaContext());

    // Act
    const result = await handler(s3Event(older), lambdaContext());

    // Assess
    expect(result.records[0]?.status).toBe('stale');
    expect((await getItem(emu.dynamodb, 'tie.csv'))?.upload_timestamp).toBe(
      '2024-05-01T10:00:01.000Z',
    );
  });

  it('returns a newer success over an older item (a later upload of the same key)', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const first = await upload('uploads/grow.csv', 'v\n1\n', { sequencer: '0055AED6DCD9020000' });
    await handler(s3Event(first), lambdaContext());
    const second = await upload('uploads/grow.csv', 'v\n1\n2\n3\n', {
      sequencer: '0055AED6DCD9030000',
    });

    // Act
    await handler(s3Event(second), lambdaContext());

    // Assess
    expect((await getItem(emu.dynamodb, 'grow.csv'))?.row_count).toBe(3);
  });
});

describe('handler observability', () => {
  it('returns EMF metrics with the environment dimension and logs without cell values', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const record = await upload('uploads/observed.csv', CSV);
    const output = captureOutput();

    // Act
    try {
      await handler(s3Event(record), lambdaContext(60_000, 'req-observed'));
    } finally {
      output.restore();
    }

    // Assess
    const lines = output.json();
    const emf = lines.filter((line) => '_aws' in line);
    expect(emf).toHaveLength(1);
    const aws = emf[0]!._aws as {
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string }[];
      }[];
    };
    const metadata = aws.CloudWatchMetrics[0]!;
    expect(metadata.Namespace).toBe('CsvIngest');
    expect(metadata.Dimensions).toEqual([['environment']]);
    expect(emf[0]?.environment).toBe('local');
    expect(metadata.Metrics.map((m) => m.Name).sort()).toEqual(
      [
        'BytesProcessed',
        'FilesProcessed',
        'ProcessingTime',
        'QualityIssues',
        'RowsProcessed',
        'TriggerDelay',
      ].sort(),
    );
    expect(emf[0]?.RowsProcessed).toBe(3);
    expect(emf[0]?.BytesProcessed).toBe(Buffer.byteLength(CSV));
    const logs = lines.filter((line) => 'message' in line);
    const processed = logs.find((line) => line.message === 'file processed');
    expect(processed).toMatchObject({
      level: 'INFO',
      service: 'csv-ingest',
      function_request_id: 'req-observed',
      key: 'uploads/observed.csv',
      rows: 3,
    });
    expect(output.text()).not.toContain('Zyxwvut-secret-cell');
  });

  it('returns no EMF line when every record is skipped', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const output = captureOutput();

    // Act
    try {
      await handler(s3Event(s3Record({ encodedKey: 'elsewhere/x.csv' })), lambdaContext());
    } finally {
      output.restore();
    }

    // Assess
    expect(output.json().filter((line) => '_aws' in line)).toHaveLength(0);
    expect(output.json().some((line) => line.message === 'skipped record')).toBe(true);
  });
});
