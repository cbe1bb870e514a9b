import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

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
