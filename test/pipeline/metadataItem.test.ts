import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { attributeValueSize, itemSize } from '../../src/pipeline/itemSize.js';
import { buildErrorItem, buildSuccessItem } from '../../src/pipeline/metadataItem.js';
import { sanitize } from '../../src/pipeline/sanitize.js';
import type { ObjectInfo } from '../../src/pipeline/types.js';
import { profileBytes } from '../../src/profile/index.js';
import type { Summary } from '../../src/profile/types.js';

const OBJECT: ObjectInfo = {
  fileName: 'a/b.csv',
  bucket: 'csv-ingest-local',
  key: 'uploads/a/b.csv',
  sizeBytes: 10,
  etag: 'abc',
  versionId: null,
  sequencer: '00AA',
  eventTime: '2024-01-01T00:00:00.000Z',
  orderKey: 'k',
};
const CONTEXT = { requestId: 'r', processedAt: 0, triggerDelayMs: 5, profileMs: 1, totalMs: 2 };
const KEYS = { summaryKey: 's', reportKey: 'r' };

function summaryOf(csv: string): Summary {
  return profileBytes(new TextEncoder().encode(csv), { fileName: 'a/b.csv' });
}

describe('sanitize', () => {
  it('returns null for numbers DynamoDB rejects and drops undefined properties', () => {
    expect(
      sanitize({
        a: Number.NaN,
        b: Number.POSITIVE_INFINITY,
        c: -1e300,
        d: 1e-200,
        e: 0,
        f: 1.5,
        g: undefined,
        '': 1,
      }),
    ).toEqual({ a: null, b: null, c: null, d: null, e: 0, f: 1.5, '(blank)': 1 });
  });
});

describe('itemSize', () => {
  it('returns the size by DynamoDB rules for strings, numbers, maps and lists', () => {
    // Prepare
    const item: Record<string, AttributeValue> = {
      ab: { S: 'héllo' },
      n: { N: '12345' },
      m: { M: { x: { BOOL: true } } },
      l: { L: [{ NULL: true }, { S: 'z' }] },
    };

    // Act
    const size = itemSize(item);

    // Assess: 2+6, 1+(2+3), 1+(3+1+1+1), 1+(3+1+1+1+1)
    expect(size).toBe(8 + 6 + 7 + 8);
    expect(attributeValueSize({ N: '-0.000123' })).toBe(2 + 2 + 1);
  });
});

describe('buildSuccessItem', () => {
  it('returns a complete, untruncated item for a small file', () => {
    // Prepare
    const summary = summaryOf('id,name\n1,a\n2,\n');

    // Act
    const built = buildSuccessItem(OBJECT, CONTEXT, summary, {
      summaryKey: 'processed/a/b_summary.json',
      reportKey: 'processed/a/b_report.html',
    });

    // Assess
    expect(built.truncated).toBe(false);
    expect(built.item.truncated).toEqual({ BOOL: false });
    expect(built.item.truncated_fields).toBeUndefined();
    expect(built.item.summary_key).toEqual({ S: 'processed/a/b_summary.json' });
    expect(built.item.report_key).toEqual({ S: 'processed/a/b_report.html' });
    expect(built.item.schema).toEqual({ M: { id: { S: 'int' }, name: { S: 'string' } } });
    expect(built.item.quality_issues?.M?.missing_values).toEqual({ M: { name: { N: '1' } } });
    expect(built.size).toBe(itemSize(built.item));
  });

  it('returns an item within the budget, cut in priority order, when the summary is large', () => {
    // Prepare
    const columns = 400;
    const header = Array.from({ length: columns }, (_, i) => `column_${i}`).join(',');
    const row = Array.from({ length: columns }, (_, i) => String(i + 0.5)).join(',');
    const summary = summaryOf(`${header}\n${row}\n${row}\n`);
    const budget = 20 * 1024;

    // Act
    const built = buildSuccessItem(OBJECT, CONTEXT, summary, KEYS, budget);

    // Assess
    expect(built.truncated).toBe(true);
    expect(built.size).toBeLessThanOrEqual(budget);
    expect(Object.keys(built.item.schema?.M ?? {})).toHaveLength(columns);
    const kept = Object.keys(built.item.statistics?.M ?? {}).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(columns);
    expect(built.item.truncated_fields?.L?.map((v) => v.S)).toContain('statistics');
    expect(built.item.quality_issues?.M?.issue_count).toEqual({
      N: String(summary.quality_issues.issues.length),
    });
  });

  it('returns null, never NaN, for non-finite statistics', () => {
    // Prepare
    const summary = summaryOf('x\n1\n2\n');
    const first = Object.values(summary.statistics)[0]!;
    first.avg = Number.NaN;
    first.max = Number.POSITIVE_INFINITY;

    // Act
    const built = buildSuccessItem(OBJECT, CONTEXT, summary, KEYS);

    // Assess
    expect(built.item.statistics?.M?.x?.M).toMatchObject({
      avg: { NULL: true },
      max: { NULL: true },
    });
    expect(JSON.stringify(built.item)).not.toMatch(/NaN|Infinity/);
  });
});

describe('buildErrorItem', () => {
  it('returns an error item with the code and a bounded message', () => {
    // Act
    const built = buildErrorItem(
      OBJECT,
      { ...CONTEXT, totalMs: null },
      'TIMEOUT',
      'x'.repeat(5_000),
    );

    // Assess
    expect(built.item).toMatchObject({
      status: { S: 'error' },
      error_code: { S: 'TIMEOUT' },
      file_name: { S: 'a/b.csv' },
    });
    expect(built.item.total_ms).toBeUndefined();
    expect(built.item.error_message?.S?.length).toBe(1_000);
    expect(marshall({ a: 1 })).toEqual({ a: { N: '1' } });
  });
});
