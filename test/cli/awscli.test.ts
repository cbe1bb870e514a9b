import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const hasAws = await run('aws', ['--version']).then(
  () => true,
  () => false,
);

/** The README's AWS CLI commands, run against `ingest local start` (CI installs the CLI). */
describe.runIf(hasAws || process.env.CI)('AWS CLI against ingest local start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ingest-awscli-'));
  let stack: ChildProcess;
  let output = '';
  let s3 = '';
  let dynamodb = '';
  const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...inherited } = process.env;
  const env = {
    ...inherited,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const aws = (...args: string[]) => run('aws', args, { env, cwd: ROOT, encoding: 'utf8' });

  beforeAll(async () => {
    stack = spawn(process.execPath, [BIN, 'local', 'start', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      stack.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C to stop.')) resolve();
      });
      stack.once('exit', (code) =>
        reject(new Error(`ingest local start exited with ${code}: ${output}`)),
      );
    });
    s3 = /^S3\s+(http:\/\/\S+)/m.exec(output)![1]!;
    dynamodb = /^DynamoDB\s+(http:\/\/\S+)/m.exec(output)![1]!;
  }, 120_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const exited = new Promise((resolve) => stack.once('exit', resolve));
      stack.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the same AWS CLI examples as the README', () => {
    expect(output).toContain(
      `aws --endpoint-url ${s3} s3 cp test-data/sales_clean.csv s3://csv-ingest-local/uploads/`,
    );
    expect(output).toContain(
      `--table-name csv-ingest-local-files --key '{"file_name":{"S":"sales_clean.csv"}}'`,
    );
    expect(output).toContain(
      `--key '{"file_name":{"S":"sales_clean.csv"}}' --query Item.summary_key.S --output text)`,
    );
    expect(output).toContain(`aws --endpoint-url ${s3} s3 cp "s3://csv-ingest-local/$key" -`);
  });

  it('uploads with aws s3 cp, then reads the summary and the metadata item', async () => {
    await aws(
      '--endpoint-url',
      s3,
      's3',
      'cp',
      'test-data/sales_clean.csv',
      's3://csv-ingest-local/uploads/',
    );
    // The README's way: read the item until it is there (each read is one aws process).
    let item: { Item?: Record<string, { S?: string; N?: string }> } = {};
    const deadline = Date.now() + 30_000;
    while (item.Item === undefined && Date.now() < deadline) {
      const { stdout } = await aws(
        '--endpoint-url',
        dynamodb,
        'dynamodb',
        'get-item',
        '--table-name',
        'csv-ingest-local-files',
        '--key',
        '{"file_name":{"S":"sales_clean.csv"}}',
      );
      item = stdout.trim() === '' ? {} : JSON.parse(stdout);
    }
    expect(item.Item?.status?.S).toBe('success');
    expect(item.Item?.row_count?.N).toBe('200');
    const { stdout: key } = await aws(
      '--endpoint-url',
      dynamodb,
      'dynamodb',
      'get-item',
      '--table-name',
      'csv-ingest-local-files',
      '--key',
      '{"file_name":{"S":"sales_clean.csv"}}',
      '--query',
      'Item.summary_key.S',
      '--output',
      'text',
    );
    expect(key.trim()).toMatch(/^processed\/sales_clean\.csv\/.+_summary\.json$/);
    const { stdout } = await aws(
      '--endpoint-url',
      s3,
      's3',
      'cp',
      `s3://csv-ingest-local/${key.trim()}`,
      '-',
    );
    expect(JSON.parse(stdout)).toMatchObject({
      file_name: 'sales_clean.csv',
      row_count: 200,
      column_count: 9,
    });
  }, 60_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => stack.once('exit', resolve));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  }, 30_000);
});
