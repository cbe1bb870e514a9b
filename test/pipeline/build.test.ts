import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda, type LambdaBuild, ZIP_BUDGET_BYTES } from '../../src/build/lambdaBundle.js';
import { type Emulators, startEmulators } from './helpers/emulators.js';
import { getItem, lambdaContext, putObject, s3Event, s3Record } from './helpers/harness.js';

const run = promisify(execFile);

let emu: Emulators;
let outDir: string;
let built: LambdaBuild;
beforeAll(async () => {
  emu = await startEmulators();
  outDir = await mkdtemp(join(tmpdir(), 'pipeline-build-'));
  built = await buildLambda({ outDir });
});
afterAll(async () => {
  await emu?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('buildLambda (ingest build)', () => {
  it('returns a zip within budget holding only index.mjs, byte-identical across builds', async () => {
    // Act
    const zip = await readFile(built.zipPath);
    const again = await buildLambda({ outDir });

    // Assess
    expect(built.sizes.zip).toBeLessThanOrEqual(ZIP_BUDGET_BYTES);
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(['index.mjs']);
    expect(entries['index.mjs']?.byteLength).toBe(built.sizes.bundle);
    expect(Buffer.compare(await readFile(again.zipPath), zip)).toBe(0);
  });

  it('returns a bundle whose handler processes a file on the emulators through AWS_ENDPOINT_URL', async () => {
    // Prepare
    const size = await putObject(emu.s3, 'uploads/bundle/it works.csv', 'a,b\n1,2\n3,4\n');
    const event = s3Event(s3Record({ encodedKey: 'uploads/bundle/it+works.csv', size }));
    const { getRemainingTimeInMillis: _, ...context } = lambdaContext(60_000, 'bundle-req');
    const script = `
      const { handler } = await import(${JSON.stringify(built.bundlePath)});
      const context = { ...${JSON.stringify(context)}, getRemainingTimeInMillis: () => 60000 };
      const result = await handler(${JSON.stringify(event)}, context);
      console.log('RESULT ' + JSON.stringify(result));`;

    // Act
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_S3: emu.s3Endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: emu.dynamoEndpoint,
        S3_FORCE_PATH_STYLE: 'true',
        DYNAMODB_TABLE: 'csv-ingest-local-files',
        FANOUT_TABLE: 'csv-ingest-local-fanout',
        S3_BUCKET: 'csv-ingest-local',
        ENVIRONMENT: 'local',
        POWERTOOLS_SERVICE_NAME: 'csv-ingest',
        POWERTOOLS_METRICS_NAMESPACE: 'CsvIngest',
      },
    });

    // Assess
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(JSON.parse(line!.slice('RESULT '.length))).toEqual({
      records: [
        {
          status: 'success',
          fileName: 'bundle/it works.csv',
          summaryKey: expect.stringMatching(
            /^processed\/bundle\/it works\.csv\/\d{8}T\d{9}Z-[0-9a-f]{12}_summary\.json$/,
          ),
          reportKey: expect.stringMatching(
            /^processed\/bundle\/it works\.csv\/\d{8}T\d{9}Z-[0-9a-f]{12}_report\.html$/,
          ),
          truncated: false,
          rows: 2,
        },
      ],
    });
    expect(stdout).toContain('"Namespace":"CsvIngest"');
    expect(await getItem(emu.dynamodb, 'bundle/it works.csv')).toMatchObject({
      request_id: 'bundle-req',
      row_count: 2,
    });
  });
});

describe('src/pipeline AWS calls', () => {
  it('returns exactly GetObject, PutObject and PutItem as the Command imports (the IAM contract)', async () => {
    // Prepare
    const dir = new URL('../../src/pipeline/', import.meta.url);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.ts'));

    // Act
    const commands = new Set<string>();
    for (const name of files) {
      const source = await readFile(new URL(name, dir), 'utf8');
      for (const match of source.matchAll(
        /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-[a-z0-9-]+'/g,
      )) {
        for (const imported of match[1]!.split(',')) {
          const id = imported.replace(/\btype\b/, '').trim();
          if (/Command$/.test(id)) commands.add(id);
        }
      }
    }

    // Assess
    expect([...commands].sort()).toEqual([
      'GetObjectCommand',
      'PutItemCommand',
      'PutObjectCommand',
    ]);
  });
});
