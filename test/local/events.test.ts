import { describe, expect, it } from 'vitest';
import {
  createS3Event,
  csvNotificationRules,
  eventObjectKeys,
  matchRule,
  Sequencer,
} from '../../src/local/index.js';

describe('Sequencer', () => {
  it('returns strictly increasing fixed-width upper-case hex strings', () => {
    // Prepare
    const sequencer = new Sequencer();

    // Act
    const values = Array.from({ length: 1000 }, () => sequencer.next());

    // Assess
    expect(values.every((value) => /^[0-9A-F]{18}$/.test(value))).toBe(true);
    expect(values.every((value, i) => i === 0 || value > (values[i - 1] ?? ''))).toBe(true);
  });

  it('returns values greater than the last one of an earlier run, even from the future', () => {
    // Prepare: a sequencer issued an hour ahead of this clock
    const ahead = (BigInt(Date.now() + 3_600_000) * 1_000_000n).toString(16).toUpperCase();

    // Act
    const next = new Sequencer(ahead).next();

    // Assess
    expect(next > ahead.padStart(18, '0')).toBe(true);
  });
});

describe('matchRule', () => {
  const rules = csvNotificationRules('uploads/', ['.csv', '.tsv', '.txt', '.csv.gz']);

  it('returns a rule only for object creations under the prefix with a CSV suffix', () => {
    // Act
    const matches = [
      'uploads/a.csv',
      'uploads/d/e.txt',
      'uploads/a.csv.gz',
      'uploads/a.json',
      'uploads/a.CSV',
      'processed/a.csv',
      'x/uploads/a.csv',
    ].map((key) => matchRule(rules, 'ObjectCreated:Put', key)?.suffix ?? null);
    const removed = matchRule(rules, 'ObjectRemoved:Delete', 'uploads/a.csv');

    // Assess
    expect(matches).toEqual(['.csv', '.txt', '.csv.gz', null, null, null, null]);
    expect(removed).toBeUndefined();
  });
});

describe('eventObjectKeys', () => {
  it('returns the decoded keys of an S3 event and of S3 events inside SQS on-failure bodies', () => {
    // Prepare
    const s3Event = createS3Event(
      {
        bucket: 'b',
        key: 'uploads/x y.csv',
        eventName: 'ObjectCreated:Put',
        eventTime: new Date(),
      },
      { region: 'us-east-1', sequencer: '0', configurationId: 'c' },
    );
    const sqsEvent = {
      Records: [{ eventSource: 'aws:sqs', body: JSON.stringify({ requestPayload: s3Event }) }],
    };

    // Act
    const keys = [eventObjectKeys(s3Event), eventObjectKeys(sqsEvent), eventObjectKeys({})];

    // Assess
    expect(keys).toEqual([['uploads/x y.csv'], ['uploads/x y.csv'], []]);
  });
});
