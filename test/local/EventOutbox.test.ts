import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventOutbox } from '../../src/local/index.js';

let dir: string;
let path: string;

const s3Event = (sequencer: string) => ({ Records: [{ s3: { object: { key: 'k', sequencer } } }] });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  path = join(dir, 'events', 'outbox.jsonl');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EventOutbox', () => {
  it('returns the unsettled entries of an earlier run, oldest first, after a crash', async () => {
    // Prepare: no close(), as after a kill -9
    const { outbox } = EventOutbox.open(path);
    const a = outbox.add('processor', s3Event('0A'));
    const b = outbox.add('processor', s3Event('0B'));
    const c = outbox.add('failures', { Records: [] });
    outbox.settle(b.id, 'success');

    // Act
    const { report } = EventOutbox.open(path);

    // Assess
    expect(report.pending.map((entry) => [entry.id, entry.target])).toEqual([
      [a.id, 'processor'],
      [c.id, 'failures'],
    ]);
    expect(report.pending[0]?.event).toEqual(s3Event('0A'));
    expect(report.lastSequencer).toBe('0B');
    expect(report.tornTail).toBe(false);
  });

  it('keeps the last sequencer once every entry is settled and the journal compacted', async () => {
    // Prepare
    const first = EventOutbox.open(path).outbox;
    const entry = first.add('processor', s3Event('00FF'));
    first.settle(entry.id, 'success');
    first.close();

    // Act
    const { outbox, report } = EventOutbox.open(path);
    outbox.close();

    // Assess
    expect(report.pending).toEqual([]);
    expect(report.lastSequencer).toBe('00FF');
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('ignores a torn last line and copies a journal with unreadable lines aside', async () => {
    // Prepare
    const { outbox } = EventOutbox.open(path);
    const kept = outbox.add('processor', s3Event('01'));
    await appendFile(path, '{"op":"add","id":"x"\n{"op":"done","id":');

    // Act
    const { report } = EventOutbox.open(path);

    // Assess
    expect(report.pending.map((entry) => entry.id)).toEqual([kept.id]);
    expect(report.tornTail).toBe(true);
    expect(report.unreadableLines).toBe(1);
    expect(await readFile(report.damagedCopy!, 'utf8')).toContain('{"op":"add","id":"x"\n');
  });

  it('starts empty without a journal and refuses writes after close', async () => {
    // Prepare
    await writeFile(join(dir, 'unrelated'), '');
    const { outbox, report } = EventOutbox.open(path);
    outbox.close();

    // Act
    const adding = () => outbox.add('processor', {});

    // Assess
    expect(report.pending).toEqual([]);
    expect(adding).toThrow(/closed/);
  });
});
