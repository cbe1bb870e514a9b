import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderKey } from '../../src/pipeline/orderKey.js';
import {
  MAX_S3_KEY_BYTES,
  resultKeyFor,
  summaryKeyOf,
  truncateUtf8,
  versionTag,
} from '../../src/pipeline/resultKey.js';
import type { ObjectInfo } from '../../src/pipeline/types.js';

const EVENT_TIME = '2024-12-03T07:32:56.123Z';

function objectInfo(overrides: Partial<ObjectInfo> = {}): ObjectInfo {
  const sequencer = '0055AED6DCD90281E5';
  return {
    fileName: 'coll/a.csv',
    bucket: 'b',
    key: 'uploads/coll/a.csv',
    sizeBytes: 10,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    versionId: null,
    sequencer,
    eventTime: EVENT_TIME,
    orderKey: orderKey(sequencer, EVENT_TIME),
    ...overrides,
  };
}

describe('versionTag', () => {
  // Expected hashes computed outside the code (sha256sum of 'version:<id>' or
  // 'order:<order key>:etag:<etag>').
  it('returns the event time and the SHA-256 of the S3 version id when there is one', () => {
    const versionId = '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo';
    expect(versionTag(objectInfo({ versionId }))).toBe('20241203T073256123Z-9b2c369e20c1');
  });

  it('returns the SHA-256 of the ordering key and ETag on an unversioned bucket', () => {
    expect(versionTag(objectInfo())).toBe('20241203T073256123Z-c0123a06a91c');
    // S3 reports the version id "null" for objects written while versioning was off.
    expect(versionTag(objectInfo({ versionId: 'null' }))).toBe('20241203T073256123Z-c0123a06a91c');
  });

  it('returns different tags for two uploads of the same bytes to the same key', () => {
    const first = objectInfo();
    const second = objectInfo({ orderKey: orderKey('0055AED6DCD90281E6', EVENT_TIME) });
    expect(versionTag(first)).not.toBe(versionTag(second));
  });
});

describe('resultKeyFor', () => {
  it.each([
    ['coll/a.csv', 'processed/coll/a.csv/T-x_summary.json'],
    ['coll/a.tsv', 'processed/coll/a.tsv/T-x_summary.json'],
    ['coll/a.csv.gz', 'processed/coll/a.csv.gz/T-x_summary.json'],
    ['my report (2024).CSV', 'processed/my report (2024).CSV/T-x_summary.json'],
  ])('keeps the whole upload path of %s', (fileName, expected) => {
    expect(resultKeyFor(fileName, 'T-x', 'processed/', '_summary.json')).toBe(expected);
  });

  it('returns a key within 1,024 bytes for an upload key at the limit, cut at a code point', () => {
    // Prepare: 'uploads/' + name is 1,214 bytes; S3 would refuse it, but the rule must still hold
    // for a name of up to 1,016 bytes (the longest under 'uploads/').
    const name = `d/${'é'.repeat(600)}.csv`;
    const tag = versionTag(objectInfo());

    // Act
    const key = resultKeyFor(name, tag, 'processed/', '_summary.json');

    // Assess
    expect(Buffer.byteLength(key, 'utf8')).toBe(MAX_S3_KEY_BYTES - 1); // one byte lost to the é cut
    expect(key.startsWith('processed/d/éé')).toBe(true);
    expect(key.endsWith(`~8b0dbb0c8c96000b/${tag}_summary.json`)).toBe(true);
    expect(key).not.toContain('\uFFFD');
  });

  it('returns distinct keys within the limit for distinct long paths (property)', () => {
    const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(segment, segment, (a, b) => {
        fc.pre(a !== b);
        const keyA = resultKeyFor(`${a}.csv`, 'T-x', 'processed/', '_summary.json');
        const keyB = resultKeyFor(`${b}.csv`, 'T-x', 'processed/', '_summary.json');
        expect(keyA).not.toBe(keyB);
        expect(Buffer.byteLength(keyA, 'utf8')).toBeLessThanOrEqual(MAX_S3_KEY_BYTES);
      }),
    );
  });
});

describe('truncateUtf8', () => {
  it('returns the longest prefix that fits without splitting a code point', () => {
    expect(truncateUtf8('aé日😀', 1)).toBe('a');
    expect(truncateUtf8('aé日😀', 4)).toBe('aé');
    expect(truncateUtf8('aé日😀', 9)).toBe('aé日');
    expect(truncateUtf8('aé日😀', 10)).toBe('aé日😀');
  });
});

describe('summaryKeyOf', () => {
  it('returns the summary key of an object version under the processed prefix', () => {
    expect(summaryKeyOf(objectInfo(), 'out/')).toBe(
      'out/coll/a.csv/20241203T073256123Z-c0123a06a91c_summary.json',
    );
  });
});
