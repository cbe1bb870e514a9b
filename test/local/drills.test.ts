// Issue 17's drills, as tests: `ingest local start` as a child process (the real bundle, the real
// emulators), killed or stopped halfway through a burst, restarted, then every acknowledged
// upload is checked. Each drill logs: uploads acknowledged, items, lost, corrupted.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StackProcess, startStack } from './helpers/localStack.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const BUCKET = 'csv-ingest-local';
/** How long a restarted stack gets to give every acknowledged upload its item. */
const SETTLE_MS = 60_000;

let dataDir: string;
let stack: StackProcess | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'drill-'));
});

afterEach(async () => {
  await stack?.stop('SIGKILL');
  stack = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

/** A small CSV unique to `name` and `version`. */
const csv = (name: string, version = 0) =>
  `id,name,amount\n${Array.from({ length: 40 }, (_, i) => `${i},${name},${version}.${i}`).join('\n')}\n`;

interface Acknowledged {
  name: string;
  etag: string;
}

/**
 * Uploads `names` with `inFlight` PUTs at a time; calls `halfway` once half of them were
 * acknowledged (a 200 received) and stops sending then. Returns the acknowledged uploads.
 */
async function burst(
  target: StackProcess,
  names: string[],
  inFlight: number,
  halfway: () => Promise<unknown>,
): Promise<Acknowledged[]> {
  const acknowledged: Acknowledged[] = [];
  let next = 0;
  let stopped = false;
  let halted: Promise<unknown> | undefined;
  const worker = async () => {
    while (!stopped && next < names.length) {
      const name = names[next++]!;
      try {
        const put = await target.s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: `uploads/${name}`, Body: csv(name) }),
        );
        acknowledged.push({ name, etag: (put.ETag ?? '').replace(/"/g, '') });
      } catch {
        // not acknowledged: no promise was made for it
      }
      if (!stopped && acknowledged.length >= names.length / 2) {
        stopped = true;
        halted = halfway();
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  await halted;
  return acknowledged;
}

interface Tally {
  acknowledged: number;
  items: number;
  lost: number;
  corrupted: number;
}

/**
 * Waits (bounded) until every acknowledged upload has a terminal item for its own ETag, then
 * counts: items, lost (no such item in time) and corrupted (the stored body's MD5 is not the
 * ETag the PUT returned).
 */
async function settle(target: StackProcess, uploads: Acknowledged[]): Promise<Tally> {
  const deadline = Date.now() + SETTLE_MS;
  const waiting = new Map(uploads.map((upload) => [upload.name, upload.etag]));
  let items = 0;
  while (waiting.size > 0 && Date.now() < deadline) {
    for (const [name, etag] of [...waiting]) {
      const item = await target.item(name);
      if (item && (item.status === 'success' || item.status === 'error') && item.etag === etag) {
        waiting.delete(name);
        items += 1;
      }
    }
    if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let corrupted = 0;
  for (const { name, etag } of uploads) {
    const object = await target.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `uploads/${name}` }),
    );
    if (md5(Buffer.from(await object.Body!.transformToByteArray())) !== etag) corrupted += 1;
  }
  return { acknowledged: uploads.length, items, lost: waiting.size, corrupted };
}

function report(drill: string, tally: Tally, extra = ''): void {
  console.log(
    `drill ${drill}: acknowledged ${tally.acknowledged}, items ${tally.items}, lost ${tally.lost}, corrupted ${tally.corrupted}${extra}`,
  );
}

const requeued = (output: string) => Number(/re-queued (\d+) uploads/.exec(output)?.[1] ?? 0);

describe('drills', () => {
  it('kill -9 halfway through a burst: every acknowledged upload gets its item', async () => {
    // Prepare
    stack = await startStack(dataDir);
    const first = stack;
    const names = Array.from({ length: 300 }, (_, i) => `crash-${i}.csv`);

    // Act
    const acknowledged = await burst(first, names, 100, () => first.stop('SIGKILL'));
    stack = await startStack(dataDir);
    const tally = await settle(stack, acknowledged);

    // Assess
    report('kill -9', tally, `, re-queued at restart ${requeued(stack.output())}`);
    expect(tally.acknowledged).toBeGreaterThanOrEqual(150);
    expect(tally).toMatchObject({ items: tally.acknowledged, lost: 0, corrupted: 0 });
  }, 120_000);

  it('Ctrl-C halfway through a burst: the queue is kept and delivered at the next start', async () => {
    // Prepare
    stack = await startStack(dataDir);
    const first = stack;
    const names = Array.from({ length: 300 }, (_, i) => `stop-${i}.csv`);
    let exitCode: number | null = null;

    // Act
    const acknowledged = await burst(first, names, 100, async () => {
      exitCode = await first.stop('SIGINT');
    });
    const stopped = first.output();
    stack = await startStack(dataDir);
    const tally = await settle(stack, acknowledged);

    // Assess
    report('Ctrl-C', tally, `, re-queued at restart ${requeued(stack.output())}`);
    expect(exitCode, stopped.slice(-2000)).toBe(0);
    const kept = Number(/Stopped\. (\d+) uploads not yet processed/.exec(stopped)?.[1] ?? 0);
    expect(requeued(stack.output())).toBe(kept);
    expect(tally).toMatchObject({ items: tally.acknowledged, lost: 0, corrupted: 0 });
  }, 120_000);

  it('restarts after many overwrites of the same keys and keeps the last version of each', async () => {
    // Prepare
    stack = await startStack(dataDir);
    const first = stack;
    const keys = Array.from({ length: 10 }, (_, i) => `over-${i}.csv`);
    const last = new Map<string, string>();

    // Act: 20 versions of each key, one key at a time per writer, ten writers
    await Promise.all(
      keys.map(async (name) => {
        for (let version = 0; version < 20; version++) {
          const put = await first.s3.send(
            new PutObjectCommand({
              Bucket: BUCKET,
              Key: `uploads/${name}`,
              Body: csv(name, version),
            }),
          );
          last.set(name, (put.ETag ?? '').replace(/"/g, ''));
        }
      }),
    );
    expect(await first.stop('SIGINT')).toBe(0);
    stack = await startStack(dataDir);
    const tally = await settle(
      stack,
      keys.map((name) => ({ name, etag: last.get(name)! })),
    );

    // Assess
    report('overwrites', { ...tally, acknowledged: 200 }, ` (10 keys x 20 versions)`);
    expect(stack.output()).not.toMatch(/damaged/);
    expect(tally).toMatchObject({ items: 10, lost: 0, corrupted: 0 });
  }, 120_000);

  it('store damage: start reports it in one line, GETs fail fast, repair sets it aside', async () => {
    // Prepare
    stack = await startStack(dataDir);
    const names = ['torn.csv', 'short.csv', 'gone.csv', 'fine.csv'];
    for (const name of names) {
      await stack.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `uploads/${name}`, Body: csv(name) }),
      );
    }
    expect(await stack.stop('SIGINT')).toBe(0);
    const file = (name: string, suffix: string) =>
      join(dataDir, 's3', BUCKET, 'uploads', `${name}._S3rver_${suffix}`);
    const metadata = await readFile(file('torn.csv', 'metadata.json'), 'utf8');
    await writeFile(file('torn.csv', 'metadata.json'), metadata.slice(0, 20));
    await truncate(file('short.csv', 'object'), 100);
    await unlink(file('gone.csv', 'object'));

    // Act
    stack = await startStack(dataDir);
    const damageLines = stack
      .output()
      .split('\n')
      .filter((line) => line.includes('damaged'));
    const gets = await Promise.all(
      names.map(async (name) => {
        const started = Date.now();
        try {
          const object = await stack!.s3.send(
            new GetObjectCommand({ Bucket: BUCKET, Key: `uploads/${name}` }),
          );
          const body = await object.Body!.transformToString();
          return { name, ms: Date.now() - started, ok: body === csv(name) };
        } catch (error) {
          return { name, ms: Date.now() - started, error: (error as Error).name };
        }
      }),
    );
    expect(await stack.stop('SIGINT')).toBe(0);
    const { stdout: repaired } = await run(
      process.execPath,
      [BIN, 'local', 'repair', '--data-dir', dataDir],
      { encoding: 'utf8' },
    );
    stack = await startStack(dataDir);

    // Assess
    console.log(`drill store damage: ${damageLines[0]}`);
    expect(damageLines).toHaveLength(1);
    expect(damageLines[0]).toMatch(
      /^S3 store: 3 damaged objects \(.*gone\.csv: body file is missing.*short\.csv: body is 100 bytes, its metadata says \d+.*torn\.csv: metadata file is unreadable.*\); GETs of them fail; stop the stack and run: npx ingest local repair --data-dir /,
    );
    expect(gets.filter((get) => get.name !== 'fine.csv')).toEqual([
      { name: 'torn.csv', ms: expect.any(Number), error: 'InternalError' },
      { name: 'short.csv', ms: expect.any(Number), error: 'InternalError' },
      { name: 'gone.csv', ms: expect.any(Number), error: 'InternalError' },
    ]);
    expect(gets.find((get) => get.name === 'fine.csv')).toMatchObject({ ok: true });
    expect(Math.max(...gets.map((get) => get.ms))).toBeLessThan(2_000);
    expect(repaired).toContain('Moved 3 damaged objects to');
    expect(stack.output()).not.toMatch(/damaged/);
  }, 120_000);
});
