import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/pipeline/handler.js';
import { itemSize } from '../../src/pipeline/itemSize.js';
import { type Emulators, startEmulators, TABLE } from './helpers/emulators.js';
import {
  getJson,
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

/** 5,000 numeric columns with long names; every other column has a missing value. */
function wideCsv(columns: number, rows: number): string {
  const names = Array.from(
    { length: columns },
    (_, c) => `sensor_measurement_channel_${String(c).padStart(5, '0')}`,
  );
  const lines = [names.join(',')];
  for (let r = 0; r < rows; r++) {
    lines.push(
      names
        .map((_, c) => (c % 2 === 1 && r === 0 ? '' : String(((r * 7 + c) % 1000) + 0.25)))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('handler with a 5,000-column file', () => {
  it('returns a truncated item that DynamoDB accepts, under 400 KB, and the full summary in S3', async () => {
    // Prepare
    const handler = createHandler(makeDeps(emu));
    const body = wideCsv(5_000, 12);
    const size = await putObject(emu.s3, 'uploads/wide/5000.csv', body);

    // Act
    const result = await handler(
      s3Event(s3Record({ encodedKey: 'uploads/wide/5000.csv', size })),
      lambdaContext(),
    );

    // Assess
    expect(result.records[0]).toMatchObject({ status: 'success', truncated: true });
    const { Item } = await emu.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: { file_name: { S: 'wide/5000.csv' } } }),
    );
    expect(Item?.file_name).toEqual({ S: 'wide/5000.csv' });
    const bytes = itemSize(Item!);
    expect(bytes).toBeLessThanOrEqual(350 * 1024);
    expect(bytes).toBeGreaterThan(300 * 1024);
    expect(Item?.truncated).toEqual({ BOOL: true });
    expect(Item?.column_count).toEqual({ N: '5000' });
    expect(Object.keys(Item?.schema?.M ?? {})).toHaveLength(5_000);
    expect(Item?.truncated_fields?.L?.map((v) => v.S)).toContain('statistics');
    expect(Item?.summary_key?.S).toMatch(/^processed\/wide\/5000\.csv\//);
    const summary = await getJson(emu.s3, Item?.summary_key?.S ?? '');
    expect(Object.keys(summary.statistics as object)).toHaveLength(5_000);
  });
});
