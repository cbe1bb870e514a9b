import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CloudTarget } from '../../src/experiments/index.js';
import { BUCKET, type Emulators, startEmulators } from '../pipeline/helpers/emulators.js';
import {
  type CloudAnswer,
  type CloudRequest,
  type FakeCloud,
  startFakeCloud,
} from './helpers/fakeCloud.js';

// The cloud targets through the real CLI (`main`): Terraform outputs from a fake `terraform` on
// PATH, S3 from s3rver behind a fake edge that stands in for LocalStack (or for AWS, through
// AWS_ENDPOINT_URL), and CloudWatch, CloudWatch Logs and Lambda answered by the edge, since
// nothing here serves them; the tests assert on the requests the CLI built.

const FAKE_TERRAFORM = `#!/bin/sh
case "$*" in
  *" output -json"*) cat "$FAKE_OUTPUTS" ;;
  *) echo "fake terraform: $*" >&2; exit 1 ;;
esac
`;

let emulators: Emulators;
let dir: string;
let cloud: FakeCloud | undefined;
let answer: (req: CloudRequest) => CloudAnswer = () => undefined;

beforeAll(async () => {
  emulators = await startEmulators();
  dir = await mkdtemp(join(tmpdir(), 'cloud-cli-'));
  await mkdir(join(dir, 'bin'));
  await writeFile(join(dir, 'bin', 'terraform'), FAKE_TERRAFORM);
  await chmod(join(dir, 'bin', 'terraform'), 0o755);
}, 60_000);

afterAll(async () => {
  await emulators.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
  answer = () => undefined;
  vi.restoreAllMocks();
});

async function edge(): Promise<FakeCloud> {
  cloud = await startFakeCloud({ s3Upstream: emulators.s3Endpoint, answer: (req) => answer(req) });
  return cloud;
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function outputs(environment: 'localstack' | 'aws', extra: Record<string, string | null> = {}) {
  const values: Record<string, string | null> = {
    bucket: BUCKET,
    table: `csv-ingest-${environment}-files`,
    function_name: `csv-ingest-${environment}-processor`,
    failure_function_name: `csv-ingest-${environment}-failures`,
    dlq_url: 'http://sqs/dlq',
    failures_queue_url: 'http://sqs/failures',
    dashboard: `csv-ingest-${environment}`,
    region: 'us-east-1',
    environment,
    log_group: `/aws/lambda/csv-ingest-${environment}-processor`,
    upload_prefix: 'uploads/',
    processed_prefix: 'processed/',
    endpoint_url: null,
    ...extra,
  };
  return Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]));
}

/** Runs `ingest ...args` in this process with these environment changes; restores them. */
async function ingest(
  args: string[],
  env: Record<string, string | undefined>,
  state?: Record<string, unknown>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  if (state) await writeFile(join(dir, 'outputs.json'), JSON.stringify(state));
  const saved = { ...process.env };
  Object.assign(process.env, { FAKE_OUTPUTS: join(dir, 'outputs.json') });
  delete process.env.AWS_PROFILE;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'ingest', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
    vi.restoreAllMocks();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const withTerraform = () => ({ PATH: `${join(dir, 'bin')}:${process.env.PATH}` });

/** The environment of the aws target: the SDK's standard endpoint variable points at the edge. */
const awsEnv = (endpoint: string) => ({
  ...withTerraform(),
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

const report = (id: string, extra = '') => ({
  timestamp: Date.now() - 1_000,
  message: `REPORT RequestId: ${id}\tDuration: 120.00 ms\tBilled Duration: 121 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB${extra}`,
});

const emf = (metric: string, value: number) => ({
  timestamp: Date.now() - 1_000,
  message: JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: 'CsvIngest',
          Dimensions: [['environment']],
          Metrics: [{ Name: metric, Unit: 'Milliseconds' }],
        },
      ],
    },
    environment: 'localstack',
    [metric]: value,
  }),
});

describe('ingest metrics --env localstack', () => {
  it('prints the log-derived Invocations and Errors, marked derived, when CloudWatch has no datapoints', async () => {
    // Prepare: CloudWatch answers every query without datapoints; the logs hold 3 attempts, 1 failed.
    const { endpoint, requests } = await edge();
    answer = (req) => {
      if (req.operation === 'GetMetricData') {
        const { MetricDataQueries } = JSON.parse(req.body) as {
          MetricDataQueries: { Id: string }[];
        };
        const results = MetricDataQueries.map(({ Id }) => ({ Id, Values: [], Timestamps: [] }));
        return { status: 200, body: JSON.stringify({ MetricDataResults: results }) };
      }
      if (req.operation === 'FilterLogEvents') {
        const events = [report('a'), report('b'), report('c', '\tStatus: error')];
        return { status: 200, body: JSON.stringify({ events }) };
      }
      return undefined;
    };
    const state = outputs('localstack', { endpoint_url: endpoint });

    // Act
    const json = await ingest(['metrics', '--env', 'localstack', '--json'], withTerraform(), state);
    const text = await ingest(['metrics', '--env', 'localstack'], withTerraform());

    // Assess
    expect(json.stderr).toBe('');
    const rows = JSON.parse(json.stdout).rows as {
      name: string;
      stat: string;
      value: number | null;
      derived: boolean;
    }[];
    const row = (name: string) => rows.find((r) => r.name === name && r.stat === 'Sum');
    expect(row('Invocations')).toMatchObject({ value: 3, derived: true });
    expect(row('Errors')).toMatchObject({ value: 1, derived: true });
    expect(text.stdout).toMatch(/AWS\/Lambda\s+Invocations \(Sum\)\s+3\*/);
    expect(text.stdout).toMatch(/AWS\/Lambda\s+Errors \(Sum\)\s+1\*/);
    // The requests: health and CloudWatch at the outputs' endpoint, the processor's log group.
    expect(requests.map((r) => r.service)).toContain('health');
    const query = JSON.parse(requests.find((r) => r.operation === 'GetMetricData')!.body);
    expect(query.MetricDataQueries.map((q: { Id: string }) => q.Id)).toEqual([
      'm_awslambda_invocations_sum',
      'm_awslambda_errors_sum',
    ]);
    expect(query.MetricDataQueries[0].MetricStat.Period).toBe(3_660);
    const logs = JSON.parse(requests.find((r) => r.operation === 'FilterLogEvents')!.body);
    expect(logs.logGroupName).toBe('/aws/lambda/csv-ingest-localstack-processor');
  });

  it('shows every custom metric with the statistics of AWS mode, p95 and never-logged ones too', async () => {
    // Prepare: CloudWatch fails to answer in its protocol; the logs hold two ProcessingTime values.
    const { endpoint } = await edge();
    answer = (req) => {
      if (req.operation === 'GetMetricData')
        return {
          status: 200,
          headers: { 'content-type': 'text/xml' },
          body: '<GetMetricDataResponse>',
        };
      if (req.operation === 'FilterLogEvents') {
        return {
          status: 200,
          body: JSON.stringify({
            events: [emf('ProcessingTime', 100), emf('ProcessingTime', 300)],
          }),
        };
      }
      return undefined;
    };

    // Act
    const { stdout, code } = await ingest(
      ['metrics', '--env', 'localstack', '--json'],
      withTerraform(),
      outputs('localstack', { endpoint_url: endpoint }),
    );

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      rows: { name: string; stat: string; value: number | null; note?: string }[];
      notes: string[];
    };
    const custom = result.rows.filter((r) =>
      ['ProcessingTime', 'TriggerDelay', 'FilesFailed'].includes(r.name),
    );
    expect(custom.map((r) => `${r.name} ${r.stat} ${r.value}`)).toEqual([
      'FilesFailed Sum 0',
      'ProcessingTime Average 200',
      'ProcessingTime p95 290',
      'ProcessingTime Maximum 300',
      'TriggerDelay Average null',
      'TriggerDelay p95 null',
      'TriggerDelay Maximum null',
    ]);
    expect(custom.find((r) => r.name === 'TriggerDelay')?.note).toBe('never logged in the window');
    expect(result.notes[0]).toMatch(/^CloudWatch GetMetricData failed \(SyntaxError \(HTTP 200\)/);
  });

  it('checks the health of the endpoint_url output, not localhost:4566', async () => {
    // Prepare
    const port = await deadPort();

    // Act
    const { code, stderr } = await ingest(
      ['metrics', '--env', 'localstack'],
      withTerraform(),
      outputs('localstack', { endpoint_url: `http://127.0.0.1:${port}` }),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(
        `^error TARGET_UNREACHABLE: LocalStack is not reachable at http://127\\.0\\.0\\.1:${port} `,
      ),
    );
  });
});

describe('opening a cloud target', () => {
  it('takes the upload and processed prefixes from the Terraform outputs', async () => {
    // Prepare
    const { endpoint } = await edge();
    const state = outputs('localstack', {
      endpoint_url: endpoint,
      upload_prefix: 'incoming/',
      processed_prefix: 'summaries/',
    });
    const values = Object.fromEntries(
      Object.entries(state).map(([k, v]) => [k, v.value ?? undefined]),
    );

    // Act
    const target = await CloudTarget.open('localstack', {
      readOutputs: async () => values as never,
    });

    // Assess
    try {
      expect(target.names.uploadPrefix).toBe('incoming/');
      expect(target.names.processedPrefix).toBe('summaries/');
    } finally {
      await target.close();
    }
  });

  it('tells a missing bucket (404) apart: NOT_DEPLOYED, exit 2', async () => {
    // Prepare
    const { endpoint } = await edge();

    // Act
    const { code, stderr } = await ingest(
      ['test', '--env', 'localstack'],
      withTerraform(),
      outputs('localstack', { endpoint_url: endpoint, bucket: 'csv-ingest-missing' }),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error NOT_DEPLOYED: bucket csv-ingest-missing of localstack does not exist \(NotFound \(HTTP 404\)/,
    );
  });

  it('tells a forbidden bucket (403) apart: ACCESS_DENIED with a hint, exit 1', async () => {
    // Prepare: the bucket name is owned elsewhere.
    const { endpoint } = await edge();
    answer = (req) => (req.service === 's3' && req.method === 'HEAD' ? { status: 403 } : undefined);

    // Act
    const { code, stderr } = await ingest(
      ['test', '--env', 'localstack'],
      withTerraform(),
      outputs('localstack', { endpoint_url: endpoint }),
    );

    // Assess
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^error ACCESS_DENIED: bucket csv-ingest-local of localstack answers 403 Forbidden/,
    );
    expect(lines[1]).toMatch(
      /another account may own this name, or these credentials lack s3:ListBucket/,
    );
    expect(lines).toHaveLength(2);
  });

  it('tells an unreachable S3 (ECONNREFUSED) apart: TARGET_UNREACHABLE, exit 2', async () => {
    // Prepare: STS answers, S3's endpoint refuses connections.
    const { endpoint } = await edge();
    const port = await deadPort();

    // Act
    const { code, stderr } = await ingest(
      ['test', '--env', 'aws'],
      { ...awsEnv(endpoint), AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` },
      outputs('aws'),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error TARGET_UNREACHABLE: S3 of aws does not answer at .* \(ECONNREFUSED: connect ECONNREFUSED/,
    );
  });
});

describe('a missing terraform', () => {
  it('reads TOOL_NOT_FOUND in test, metrics, experiments and deploy, exit 1', async () => {
    // Prepare: a PATH without terraform.
    const env = { PATH: join(dir, 'empty') };

    // Act
    const results = [];
    for (const args of [
      ['test', '--env', 'localstack'],
      ['test', '--env', 'aws'],
      ['metrics', '--env', 'localstack'],
      ['metrics', '--env', 'aws'],
      ['experiments', 'run', '--env', 'localstack', '--experiments', 'B'],
      ['deploy', '--env', 'aws'],
    ]) {
      results.push({ args: args.join(' '), ...(await ingest(args, env)) });
    }

    // Assess
    for (const result of results) {
      expect(result.stderr, result.args).toMatch(
        /^error TOOL_NOT_FOUND: terraform not found on PATH/,
      );
      expect(result.code, result.args).toBe(1);
    }
  });
});

describe('an AWS SDK failure', () => {
  it('ends experiment runs with one line and a hint when the function is absent, exit 2', async () => {
    // Prepare: the stack's function was deleted behind Terraform's back.
    const { endpoint } = await edge();
    answer = (req) =>
      req.operation === 'GetFunctionConfiguration'
        ? {
            status: 404,
            headers: {
              'content-type': 'application/json',
              'x-amzn-errortype': 'ResourceNotFoundException',
            },
            body: JSON.stringify({
              Type: 'User',
              Message:
                'Function not found: arn:aws:lambda:us-east-1:123456789012:function:csv-ingest-aws-processor',
            }),
          }
        : undefined;

    // Act
    const { code, stderr } = await ingest(
      [
        'experiments',
        'run',
        '--env',
        'aws',
        '--yes',
        '--experiments',
        'H',
        '--out',
        join(dir, 'h.json'),
      ],
      awsEnv(endpoint),
      outputs('aws'),
    );

    // Assess
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'error NOT_DEPLOYED: ResourceNotFoundException (HTTP 404): Function not found: arn:aws:lambda:us-east-1:123456789012:function:csv-ingest-aws-processor',
    );
    expect(lines[1]).toMatch(/^A resource of the deployed stack is missing: deploy it again/);
    expect(lines).toHaveLength(2);
  });

  it('ends ingest metrics --env aws with one line and a hint when GetMetricData answers XML, exit 1', async () => {
    // Prepare
    const { endpoint } = await edge();
    answer = (req) =>
      req.operation === 'GetMetricData'
        ? {
            status: 200,
            headers: { 'content-type': 'text/xml' },
            body: '<GetMetricDataResponse><Error/>',
          }
        : undefined;

    // Act
    const { code, stderr } = await ingest(
      ['metrics', '--env', 'aws'],
      awsEnv(endpoint),
      outputs('aws'),
    );

    // Assess
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^error AWS_BAD_RESPONSE: SyntaxError \(HTTP 200\): Unexpected token '<'/,
    );
    expect(lines[1]).toMatch(/check that the service is in SERVICES/);
    expect(lines).toHaveLength(2);
  });
});
