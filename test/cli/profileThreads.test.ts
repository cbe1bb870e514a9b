import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pieceWorkerScript } from '../../src/cli/pieceWorkerScript.js';
import { profileFileThreads } from '../../src/files/index.js';
import { profileBytes, type Summary } from '../../src/profile/index.js';
import { expectClose, expectSameProfile } from '../profile/split/expectClose.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ingest-threads-'));
const timeless = (s: Summary) => ({ ...s, processed_timestamp: undefined });

/** Rows with a quoted field that spans lines, a Latin-1 byte late, and repeats across pieces. */
function sample(rows: number): Buffer {
  const parts = ['id,name,note,amount\n'];
  for (let i = 0; i < rows; i++) {
    const note = i % 97 === 5 ? '"multi\nline, quoted\n""note"""' : `n${i % 13}`;
    parts.push(`${i % 5000},name ${i % 31},${note},${(i * 0.25).toFixed(2)}\n`);
  }
  return Buffer.concat([Buffer.from(parts.join('')), Buffer.from('9,x,caf\xe9,1\n', 'latin1')]);
}

describe('profileFileThreads', () => {
  it('gives the one-pass summary on 4 threads, re-running mis-speculated pieces', async () => {
    // Prepare: most line breaks are inside quoted fields whose lines read as records of the
    // table's width, so the start a piece chooses from the window after its cut is often wrong
    // (src/profile/split/recordBounds.ts `chooseRecordStart`).
    const bytes = Buffer.concat([
      sample(20_000),
      Buffer.from('7,"a,b,c,d\ne,f,g,h\ni,j,k,l\nm,n,o,p",x,2\n'.repeat(20_000)),
    ]);
    const file = join(dir, 'pieces.csv');
    writeFileSync(file, bytes);
    // Act
    const threaded = await profileFileThreads(file, 4, pieceWorkerScript(), {}, 1000);
    // Assess
    expect([threaded.pieces, threaded.noSplit]).toEqual([4, null]);
    expect(threaded.reruns.map((r) => r.reason)).toContain('start');
    const whole = profileBytes(bytes, { fileName: 'pieces.csv' });
    expectSameProfile(timeless(threaded.summary), timeless(whole));
  });
});

describe('ingest profile --threads', () => {
  it('prints the same summary with --threads 2 as with --threads 1 on a 20 MB file', async () => {
    const file = join(dir, 'big.csv');
    writeFileSync(file, sample(400_000));
    const one = await run(process.execPath, [BIN, 'profile', file, '--json', '--threads', '1']);
    const two = await run(process.execPath, [BIN, 'profile', file, '--json', '--threads', '2']);
    expectClose(
      { ...JSON.parse(two.stdout), processed_timestamp: 0 },
      { ...JSON.parse(one.stdout), processed_timestamp: 0 },
    );
  });

  it('refuses a thread count that is not a positive integer', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, 'a\n1\n');
    const bad = await run(process.execPath, [
      BIN,
      'profile',
      file,
      '--json',
      '--threads',
      '0',
    ]).catch((e: { code: number; stdout: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect(JSON.parse(bad.stdout)).toEqual({
      error_code: 'USAGE',
      message: '--threads must be an integer from 1 to 256',
    });
  });
});
