import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startStack } from '../local/helpers/localStack.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'ingest-demo-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('ingest local demo (npm start)', () => {
  it('uploads every sample CSV, waits for each item and prints the result table', async () => {
    // Act: the README's `npm start` itself (with --once), on free ports and a private folder.
    const { stdout } = await run(
      'npm',
      ['start', '--', '--once', '--port', '0', '--data-dir', dataDir, '--reset'],
      { encoding: 'utf8', timeout: 120_000, cwd: ROOT },
    );

    // Assess
    expect(stdout).toMatch(/aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 cp /);
    expect(stdout).toMatch(/^sales_clean\.csv\s+\S+ KB\s+success\s+200\s+9\s+\d+\s+\d+ ms$/m);
    expect(stdout).toMatch(/^preise_semicolon\.csv\s+.*success\s+80\s+5/m);
    expect(stdout).toMatch(/^reviews_multiline\.csv\s+.*success\s+60\s+5/m);
    expect(stdout).toMatch(/^patients_dirty\.csv\s+.*success\s+153\s+8/m);
    expect(stdout).toMatch(/^broken_unterminated\.csv\s+.*error MALFORMED_CSV/m);
  }, 150_000);

  it('runs again on the persisted data folder with the existing bundle', async () => {
    // The first run persisted into dataDir; a second one without --reset or a rebuild must
    // wait for its own fresh results, not return the items left by the first run.
    const { stdout } = await run(
      process.execPath,
      [BIN, 'local', 'demo', '--once', '--port', '0', '--data-dir', dataDir, '--no-build'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(stdout).toMatch(/^sales_clean\.csv\s+.*success\s+200/m);
  }, 150_000);
});

describe('ingest local start function settings', () => {
  it('says what each setting defaults to', async () => {
    // Act
    const { stdout } = await run(process.execPath, [BIN, 'local', 'start', '--help'], {
      encoding: 'utf8',
    });

    // Assess
    const help = stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--max-file-bytes <bytes>');
    expect(help).toContain('(default 5368709120, 5 GiB');
    expect(help).toContain('--max-decompressed-bytes <bytes>');
    expect(help).toContain('(default 10737418240, 10 GiB');
    expect(help).toContain('--max-compression-ratio <n>');
    expect(help).toMatch(/--timeout <seconds> .*\(default: 60\)/);
    expect(help).toMatch(/--memory <mb> .*\(default: 512\)/);
  });

  it('refuses a setting that is not a positive integer, in one line', async () => {
    // Act
    const failed = run(process.execPath, [BIN, 'local', 'start', '--timeout', '0'], {
      encoding: 'utf8',
    });

    // Assess
    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "error: option '--timeout <seconds>' argument '0' is invalid. must be a positive integer.",
      ),
    });
  });

  it('passes --max-file-bytes and --max-decompressed-bytes to the function', async () => {
    // Prepare (the bundle was built by the demo above)
    const stack = await startStack(join(dataDir, 'settings'), [
      '--max-file-bytes',
      '100',
      '--max-decompressed-bytes',
      '1000',
      '--timeout',
      '30',
      '--memory',
      '256',
    ]);

    try {
      // Act
      await stack.s3.send(
        new PutObjectCommand({
          Bucket: 'csv-ingest-local',
          Key: 'uploads/large.csv',
          Body: `a,b\n${'1,2\n'.repeat(30)}`,
        }),
      );
      await stack.s3.send(
        new PutObjectCommand({
          Bucket: 'csv-ingest-local',
          Key: 'uploads/expands.csv.gz',
          Body: gzipSync(`a,b\n${'1,2\n'.repeat(500)}`),
        }),
      );
      const itemOf = async (fileName: string) => {
        let item: Record<string, unknown> | undefined;
        while (item === undefined) {
          item = await stack.item(fileName);
          if (item === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return item;
      };

      // Assess
      expect(await itemOf('large.csv')).toMatchObject({
        status: 'error',
        error_code: 'FILE_TOO_LARGE',
      });
      expect(await itemOf('expands.csv.gz')).toMatchObject({
        status: 'error',
        error_code: 'DECOMPRESSED_TOO_LARGE',
      });
    } finally {
      expect(await stack.stop('SIGINT')).toBe(0);
    }
  }, 60_000);
});
