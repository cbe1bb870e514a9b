import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_RULES } from '../../src/aws/keyRules.js';
import { csvNotificationRules, LOCAL_DEFAULTS, matchRule } from '../../src/local/index.js';
import { PROCESSOR_VERSION } from '../../src/pipeline/constants.js';
import { classifyKey } from '../../src/pipeline/objectKey.js';
import { orderKey } from '../../src/pipeline/orderKey.js';

const PREFIXES = { uploadPrefix: 'uploads/', processedPrefix: 'processed/' };

describe('classifyKey', () => {
  it.each([
    ['uploads/a.csv', { process: true, fileName: 'a.csv', suffix: '.csv' }],
    ['uploads/x/y.CSV', { process: true, fileName: 'x/y.CSV', suffix: '.csv' }],
    ['uploads/z.csv.gz', { process: true, fileName: 'z.csv.gz', suffix: '.csv.gz' }],
    ['uploads/Z.CSV.GZ', { process: true, fileName: 'Z.CSV.GZ', suffix: '.csv.gz' }],
    ['uploads/T.TSV', { process: true, fileName: 'T.TSV', suffix: '.tsv' }],
    // Mixed case matches no S3 suffix filter, so it never triggers and is not processed.
    ['uploads/m.Csv', { process: false, reason: 'not_csv_suffix' }],
    ['uploads/m.csv.GZ', { process: false, reason: 'not_csv_suffix' }],
    ['uploads/t.tsv', { process: true, fileName: 't.tsv', suffix: '.tsv' }],
    ['uploads/n.txt', { process: true, fileName: 'n.txt', suffix: '.txt' }],
    ['uploads/z.gz', { process: false, reason: 'not_csv_suffix' }],
    ['uploads/.csv', { process: false, reason: 'not_csv_suffix' }],
    ['uploads/folder/', { process: false, reason: 'not_csv_suffix' }],
    ['processed/a_summary.json', { process: false, reason: 'processed_prefix' }],
    ['other/a.csv', { process: false, reason: 'outside_upload_prefix' }],
  ])('returns the decision for %s', (key, decision) => {
    expect(classifyKey(key, PREFIXES)).toEqual(decision);
  });
});

describe('classifyKey and the S3 notification filters', () => {
  it('processes exactly the keys the notification triggers on (S3 filters are case-sensitive)', () => {
    // Prepare: the local target's rules, built like Terraform's from src/aws/keyRules.json
    const rules = csvNotificationRules(LOCAL_DEFAULTS.uploadPrefix, LOCAL_DEFAULTS.csvSuffixes);
    const names = ['a', 'b.c', 'dir/e', 'f.csv.bak', 'g.gz', '.csv'];
    const suffixes = [
      '.csv',
      '.CSV',
      '.Csv',
      '.cSV',
      '.csv.gz',
      '.CSV.GZ',
      '.Csv.Gz',
      '.tsv',
      '.TXT',
      '.txT',
      '',
    ];
    const keys = names.flatMap((name) =>
      suffixes.flatMap((suffix) => [`uploads/${name}${suffix}`, `processed/${name}${suffix}`]),
    );

    // Act
    const disagreements = keys.filter(
      (key) =>
        (matchRule(rules, 'ObjectCreated:Put', key) !== undefined) !==
          classifyKey(key, PREFIXES).process &&
        key !== 'uploads/.csv' && // a trigger without a file name: skipped by the handler
        key !== 'uploads/.CSV',
    );

    // Assess
    expect(LOCAL_DEFAULTS.csvSuffixes).toEqual(KEY_RULES.csvSuffixes);
    expect(keys.filter((key) => classifyKey(key, PREFIXES).process).length).toBeGreaterThan(20);
    expect(disagreements).toEqual([]);
  });
});

describe('orderKey', () => {
  it('returns keys that sort by sequencer first, then event time', () => {
    // Prepare
    const keys = [
      orderKey('0055AED6DCD90281E5', '2024-01-01T00:00:02.000Z'),
      orderKey('0055AED6DCD90281E6', '2024-01-01T00:00:01.000Z'),
      orderKey('55aed6dcd90281e7', '2024-01-01T00:00:00.000Z'),
      orderKey('0055AED6DCD90281E7', '2024-01-01T00:00:00.001Z'),
    ];

    // Act
    const sorted = [...keys].sort();

    // Assess
    expect(sorted).toEqual(keys);
    expect(keys[0]).toBe('000000000000000055AED6DCD90281E5#001704067202000');
  });

  it('returns a zero key part for a missing sequencer or time', () => {
    expect(orderKey(undefined, undefined)).toBe(`${'0'.repeat(32)}#${'0'.repeat(15)}`);
    expect(orderKey('not-hex', 'not a date')).toBe(`${'0'.repeat(32)}#${'0'.repeat(15)}`);
  });
});

describe('PROCESSOR_VERSION', () => {
  it('returns the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(PROCESSOR_VERSION).toBe(pkg.version);
  });
});
