// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are compared as written, ${...} included.
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY_RULES, suffixesOverlap } from '../../src/aws/keyRules.js';
import { REQUIRED_OUTPUTS } from '../../src/deploy/index.js';
import { MetricName } from '../../src/pipeline/constants.js';
import {
  allModules,
  type Body,
  block,
  childScope,
  collectStrings,
  loadConfig,
  nestedBlocks,
  parseHcl,
  resolveValue,
  rootScope,
  type Scope,
  type TfConfig,
} from './terraformModel.js';

const REPO = resolve(import.meta.dirname, '../..');
const ENVS = ['localstack', 'aws'] as const;
type Env = (typeof ENVS)[number];
const CSV_SUFFIXES = KEY_RULES.csvSuffixes;

let config: TfConfig;
const roots = {} as Record<Env, Scope>;
const tfvars = {} as Record<Env, Body>;

beforeAll(async () => {
  config = await loadConfig();
  for (const env of ENVS) {
    tfvars[env] = await parseHcl(join(config.rootDir, `${env}.tfvars`));
    roots[env] = rootScope(config, tfvars[env]);
  }
});

function resource(scope: Scope, key: string): Body {
  const body = scope.module.resources.get(key);
  if (body === undefined) throw new Error(`resource ${key} missing`);
  return body;
}

describe('lambda module', () => {
  it('builds two nodejs22.x functions from the same zip, with source_code_hash', () => {
    // Prepare
    const scope = childScope(config, roots.localstack, 'lambda');

    // Act
    const functions = [...scope.module.resources].filter(([k]) =>
      k.startsWith('aws_lambda_function.'),
    );

    // Assess
    expect(functions.map(([, f]) => f.handler).sort()).toEqual([
      'index.failureHandler',
      'index.handler',
    ]);
    for (const [, fn] of functions) {
      expect(fn.runtime).toBe('nodejs22.x');
      expect(fn.filename).toBe('${var.zip_path}');
      expect(fn.source_code_hash).toBe('${filebase64sha256(var.zip_path)}');
      expect(fn.memory_size).toMatch(/^\$\{var\.\w+_memory_mb\}$/);
      expect(fn.timeout).toMatch(/^\$\{var\.\w+_timeout_seconds\}$/);
    }
    expect(scope.vars.zip_path).toBe('${path.root}/../dist/lambda.zip');
  });

  it('matches the zip and entry the build writes', async () => {
    // Prepare
    const build = await readFile(join(REPO, 'src/build/lambdaBundle.ts'), 'utf8').catch(() => null);

    // Act
    const zip = String(childScope(config, roots.aws, 'lambda').vars.zip_path).replace(
      '${path.root}/../',
      '',
    );

    // Assess: without src/build/lambdaBundle.ts the contract constant from COMMON.md is the reference.
    expect(zip).toBe('dist/lambda.zip');
    if (build !== null) {
      expect(build).toContain('lambda.zip');
      expect(build).toContain('index.mjs');
    }
    const bundle = await readFile(join(REPO, 'dist/lambda/index.mjs'), 'utf8').catch(() => null);
    if (bundle !== null) {
      expect(bundle).toMatch(/\bhandler\b/);
      expect(bundle).toMatch(/\bfailureHandler\b/);
    }
  });

  it.each(ENVS)('gives both functions the handler environment on %s', (env) => {
    // Prepare (the variables themselves are held to FUNCTION_ENVIRONMENT in functionEnvironment.test.ts)
    const scope = childScope(config, roots[env], 'lambda');

    // Act
    const variables = scope.vars.environment_variables as Record<string, unknown>;

    // Assess
    expect(Object.keys(variables).filter((k) => k.startsWith('AWS_'))).toEqual([]);
    expect(variables.ENVIRONMENT).toBe(env);
    expect(variables.S3_FORCE_PATH_STYLE).toBe(env === 'localstack' ? 'true' : 'false');
    for (const fn of ['processor', 'failure_handler']) {
      const environment = block(resource(scope, `aws_lambda_function.${fn}`), 'environment');
      expect(environment.variables).toBe('${var.environment_variables}');
    }
  });

  it('names functions and queues per the contract', () => {
    // Act
    const scope = childScope(config, roots.aws, 'lambda');

    // Assess
    expect(scope.vars.processor_name).toBe('csv-ingest-aws-processor');
    expect(scope.vars.failure_handler_name).toBe('csv-ingest-aws-failures');
    expect(scope.vars.failures_queue_name).toBe('csv-ingest-aws-failures');
    expect(scope.vars.dlq_name).toBe('csv-ingest-aws-failures-dlq');
  });

  it('retries twice, bounds the event age and sends failures to the SQS queue', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 'lambda');
    const invoke = resource(scope, 'aws_lambda_function_event_invoke_config.processor');

    // Act
    const retries = resolveValue(invoke.maximum_retry_attempts, scope);
    const age = resolveValue(invoke.maximum_event_age_in_seconds, scope);
    const onFailure = block(block(invoke, 'destination_config'), 'on_failure');

    // Assess
    expect(invoke.function_name).toBe('${aws_lambda_function.processor.function_name}');
    expect(retries).toBe(2);
    expect(age).toBe(3600);
    expect(onFailure.destination).toBe('${aws_sqs_queue.failures.arn}');
  });

  it('drains the failures queue into the failure handler, with a redrive to the DLQ', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 'lambda');

    // Act
    const mapping = resource(scope, 'aws_lambda_event_source_mapping.failures');
    const queue = resource(scope, 'aws_sqs_queue.failures');

    // Assess
    expect(mapping.event_source_arn).toBe('${aws_sqs_queue.failures.arn}');
    expect(mapping.function_name).toBe('${aws_lambda_function.failure_handler.arn}');
    expect(String(queue.redrive_policy)).toContain('deadLetterTargetArn = aws_sqs_queue.dlq.arn');
    // Failures may use at most 2 of the account's 10 (Learner Lab) concurrent executions.
    expect(resolveValue(block(mapping, 'scaling_config').maximum_concurrency, scope)).toBe(2);
  });

  it('creates a log group with retention per function, before the function', () => {
    // Prepare
    const scope = childScope(config, roots.localstack, 'lambda');

    for (const fn of ['processor', 'failure_handler']) {
      // Act
      const group = resource(scope, `aws_cloudwatch_log_group.${fn}`);
      const name = fn === 'processor' ? 'processor_name' : 'failure_handler_name';

      // Assess
      expect(group.name).toBe(`/aws/lambda/\${var.${name}}`);
      expect(resolveValue(group.retention_in_days, scope)).toBe(1);
      expect(resource(scope, `aws_lambda_function.${fn}`).depends_on).toEqual([
        `\${aws_cloudwatch_log_group.${fn}}`,
      ]);
    }
  });
});

describe('s3 module', () => {
  it('has one notification: ObjectCreated under uploads/ for each CSV suffix, after the permission', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 's3');
    const notifications = allModules(config).flatMap((m) =>
      [...m.resources.keys()].filter((k) => k.startsWith('aws_s3_bucket_notification.')),
    );
    const notification = resource(scope, 'aws_s3_bucket_notification.this');

    // Act
    const { blocks, dynamic } = nestedBlocks(notification, 'lambda_function');
    const content = ((dynamic?.content ?? []) as Body[])[0] ?? {};
    const suffixes = resolveValue(
      String(dynamic?.for_each).replace(/^\$\{toset\((.*)\)\}$/, '$${$1}'),
      scope,
    );

    // Assess
    expect(notifications).toEqual(['aws_s3_bucket_notification.this']);
    expect(blocks).toEqual([]);
    expect(content.events).toEqual(['s3:ObjectCreated:*']);
    expect(resolveValue(content.filter_prefix, scope)).toBe(KEY_RULES.uploadPrefix);
    expect(content.filter_suffix).toBe('${lambda_function.value}');
    expect(suffixes).toEqual(CSV_SUFFIXES);
    expect(suffixes).toEqual(expect.arrayContaining(['.csv', '.CSV']));
    expect(notification.depends_on).toEqual(['${aws_lambda_permission.s3_invoke}']);
  });

  it('cannot trigger on processed/ (prefixes disjoint) and has no overlapping suffixes', () => {
    // Prepare
    const s3 = childScope(config, roots.aws, 's3');
    const upload = String(resolveValue(s3.vars.upload_prefix, s3));
    const processed = String(resolveValue(roots.aws.vars.processed_prefix, roots.aws));
    const matches = (key: string) =>
      key.startsWith(upload) && CSV_SUFFIXES.some((s) => key.endsWith(s));

    // Act
    const summaryKeys = [
      'processed/a.csv_summary.json',
      'processed/x.csv',
      'processed/uploads/y.csv',
    ];

    // Assess
    expect(upload.startsWith(processed) || processed.startsWith(upload)).toBe(false);
    expect(summaryKeys.filter(matches)).toEqual([]);
    expect(matches('uploads/a/b c.csv.gz')).toBe(true);
    for (const a of CSV_SUFFIXES) {
      for (const b of CSV_SUFFIXES)
        if (a !== b) expect(suffixesOverlap(a, b), `${a} overlaps ${b}`).toBe(false);
    }
  });

  it('lets only S3, for this bucket and account, invoke the processor', () => {
    // Act
    const permission = resource(
      childScope(config, roots.aws, 's3'),
      'aws_lambda_permission.s3_invoke',
    );

    // Assess
    expect(permission.principal).toBe('s3.amazonaws.com');
    expect(permission.action).toBe('lambda:InvokeFunction');
    expect(permission.source_arn).toBe('${aws_s3_bucket.this.arn}');
    expect(permission.source_account).toBe('${data.aws_caller_identity.current.account_id}');
  });

  it('blocks public access, enforces bucket-owner objects, encrypts and denies non-TLS requests', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 's3');

    // Act
    const pab = resource(scope, 'aws_s3_bucket_public_access_block.this');
    const ownership = block(resource(scope, 'aws_s3_bucket_ownership_controls.this'), 'rule');
    const sse = block(
      block(resource(scope, 'aws_s3_bucket_server_side_encryption_configuration.this'), 'rule'),
      'apply_server_side_encryption_by_default',
    );
    const policy = scope.module.data.get('aws_iam_policy_document.tls_only')!;
    const deny = (policy.statement as Body[])[0]!;
    const condition = block(deny, 'condition');

    // Assess
    for (const k of [
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ]) {
      expect(pab[k], k).toBe(true);
    }
    expect(ownership.object_ownership).toBe('BucketOwnerEnforced');
    expect(['AES256', 'aws:kms']).toContain(sse.sse_algorithm);
    expect(deny.effect).toBe('Deny');
    expect(deny.resources).toEqual(['${aws_s3_bucket.this.arn}', '${aws_s3_bucket.this.arn}/*']);
    expect(condition).toEqual({ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] });
    expect(resource(scope, 'aws_s3_bucket_policy.this').policy).toBe(
      '${data.aws_iam_policy_document.tls_only.json}',
    );
  });

  it.each([
    ['localstack', true],
    ['aws', false],
  ] as const)(
    'sets force_destroy on %s to %s and names the bucket from the account and region',
    (env, force) => {
      // Act
      const scope = childScope(config, roots[env], 's3');
      const resourceTypes = allModules(config).flatMap((m) => [...m.resources.keys()]);

      // Assess
      expect(resolveValue(resource(scope, 'aws_s3_bucket.this').force_destroy, scope)).toBe(force);
      expect(scope.vars.bucket_name).toBe(
        `csv-ingest-${env}-\${data.aws_caller_identity.current.account_id}-us-east-1`,
      );
      expect(resourceTypes.filter((k) => !k.startsWith('aws_'))).toEqual([]);
    },
  );
});

describe('dynamodb module', () => {
  it.each([
    ['localstack', false],
    ['aws', true],
  ] as const)(
    'is on-demand, keyed by file_name, encrypted with the AWS owned key; PITR and protection %s=%s',
    (env, on) => {
      // Prepare
      const scope = childScope(config, roots[env], 'dynamodb');

      // Act
      const table = resource(scope, 'aws_dynamodb_table.this');

      // Assess
      expect(scope.vars.table_name).toBe(`csv-ingest-${env}-files`);
      expect(table.billing_mode).toBe('PAY_PER_REQUEST');
      expect(resolveValue(table.hash_key, scope)).toBe('file_name');
      expect(resolveValue(table.attribute, scope)).toEqual([{ name: 'file_name', type: 'S' }]);
      // No server_side_encryption block: DynamoDB's default AWS owned key, free and without KMS.
      expect(nestedBlocks(table, 'server_side_encryption').blocks).toEqual([]);
      expect(resolveValue(block(table, 'point_in_time_recovery').enabled, scope)).toBe(on);
      expect(resolveValue(table.deletion_protection_enabled, scope)).toBe(on);
    },
  );
});

describe('monitoring module', () => {
  it('charts the Lambda, DynamoDB and custom metrics and alarms on errors and the DLQ', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 'monitoring');
    const text = collectStrings([...scope.module.files.values()]).join('\n');

    // Act
    const dlqAlarm = resource(scope, 'aws_cloudwatch_metric_alarm.dlq_messages');
    const errorsAlarm = resource(scope, 'aws_cloudwatch_metric_alarm.processor_errors');

    // Assess
    for (const metric of [
      'Duration',
      'Invocations',
      'Errors',
      'Throttles',
      'ConcurrentExecutions',
      'SuccessfulRequestLatency',
      'ConsumedWriteCapacityUnits',
      'ThrottledRequests',
      'TriggerDelay',
    ]) {
      expect(text, metric).toContain(metric);
    }
    expect(dlqAlarm.namespace).toBe('AWS/SQS');
    expect(dlqAlarm.dimensions).toEqual({ QueueName: '${var.dlq_name}' });
    expect(scope.vars.dlq_name).toBe('${module.lambda.dlq_name}');
    expect(errorsAlarm.metric_name).toBe('Errors');
    expect(errorsAlarm.dimensions).toEqual({ FunctionName: '${var.processor_function_name}' });
    expect(scope.vars.metrics_namespace).toBe('CsvIngest');
  });

  it('shows every custom metric the handler emits once, with a statistic of its own', () => {
    // Prepare
    const scope = childScope(config, roots.aws, 'monitoring');
    const text = collectStrings([...scope.module.files.values()]).join('\n');

    // Act
    const metrics = scope.module.locals.get('custom_metrics') as Body[];

    // Assess: a SEARCH over the whole namespace summed milliseconds, bytes and counts together.
    expect(text).not.toMatch(/SEARCH\(/);
    expect(metrics.map((m) => m.name).sort()).toEqual(Object.values(MetricName).sort());
    for (const m of metrics) {
      const durations = m.name === 'ProcessingTime' || m.name === 'TriggerDelay';
      expect(m.stat, String(m.name)).toBe(durations ? 'p95' : 'Sum');
    }
    for (const widget of new Set(metrics.map((m) => m.widget))) {
      const stats = new Set(metrics.filter((m) => m.widget === widget).map((m) => m.stat));
      expect(stats.size, `one statistic on widget ${String(widget)}`).toBe(1);
    }
    expect(scope.vars.environment).toBe('aws');
  });
});

describe('provider', () => {
  it('sets LocalStack endpoints only through a block that is empty when localstack_endpoint is ""', () => {
    // Prepare
    const provider = config.root.providers.get('aws')![0]!;
    const { blocks, dynamic } = nestedBlocks(provider, 'endpoints');

    // Act
    const content = ((dynamic?.content ?? []) as Body[])[0] ?? {};

    // Assess
    expect(blocks).toEqual([]);
    expect(dynamic?.for_each).toBe('${local.is_localstack ? [var.localstack_endpoint] : []}');
    expect(config.root.locals.get('is_localstack')).toBe('${var.localstack_endpoint != ""}');
    expect(Object.keys(content).sort()).toEqual(
      ['cloudwatch', 'dynamodb', 'iam', 'lambda', 'logs', 's3', 'sqs', 'sts'].sort(),
    );
    expect(tfvars.aws.localstack_endpoint ?? '').toBe('');
    expect(tfvars.localstack.localstack_endpoint).toBe('http://localhost:4566');
  });

  it('gates test credentials, path-style S3 and the skip settings on LocalStack', () => {
    // Act
    const provider = config.root.providers.get('aws')![0]!;

    // Assess
    for (const key of [
      's3_use_path_style',
      'skip_credentials_validation',
      'skip_metadata_api_check',
      'skip_requesting_account_id',
    ]) {
      expect(provider[key], key).toBe('${local.is_localstack}');
    }
    expect(provider.access_key).toBe('${local.is_localstack ? "test" : null}');
    expect(provider.secret_key).toBe('${local.is_localstack ? "test" : null}');
  });

  it('writes no LocalStack address into any .tf file', () => {
    // Act
    const hits = [
      ...config.root.files.values(),
      ...[...config.children.values()].flatMap((m) => [...m.files.values()]),
    ]
      .flatMap((f) => collectStrings(f))
      .filter((s) => /localhost|localstack\.cloud|:4566|127\.0\.0\.1/.test(s));

    // Assess
    expect(hits).toEqual([]);
  });
});

describe('outputs', () => {
  it('exports every output the CLI reads', () => {
    // Act
    const declared = [...config.root.outputs.keys()];

    // Assess
    expect(REQUIRED_OUTPUTS.length).toBeGreaterThanOrEqual(9);
    for (const name of REQUIRED_OUTPUTS) expect(declared).toContain(name);
  });
});

describe('docker-compose.yml', () => {
  it('pins the LocalStack image, binds to 127.0.0.1, mounts the Docker socket and checks health', async () => {
    // Prepare
    await access(join(REPO, 'docker-compose.yml'));

    // Act
    const text = await readFile(join(REPO, 'docker-compose.yml'), 'utf8');
    const ports = [...text.matchAll(/^\s*-\s*"?([\d.]+:[\d-]+:[\d-]+)"?/gm)].map((m) => m[1]);
    const services = /SERVICES=([\w,]+)/.exec(text)?.[1]?.split(',').sort();

    // Assess
    expect(text).toContain('image: ${LOCALSTACK_IMAGE:-localstack/localstack:4.14.0}');
    expect(text).not.toMatch(/localstack\/localstack(:latest)?\s*$/m);
    expect(ports).toEqual(['127.0.0.1:4566:4566', '127.0.0.1:4510-4559:4510-4559']);
    expect(services).toEqual([
      'cloudwatch',
      'dynamodb',
      'iam',
      'lambda',
      'logs',
      's3',
      'sqs',
      'sts',
    ]);
    expect(text).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect(text).toMatch(/healthcheck:[\s\S]*_localstack\/health/);
    expect(text).toContain('LOCALSTACK_AUTH_TOKEN=${LOCALSTACK_AUTH_TOKEN:-}');
    expect(text).not.toContain('LAMBDA_EXECUTOR');
  });
});
