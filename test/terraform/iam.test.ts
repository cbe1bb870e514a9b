// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are compared as written, ${...} included.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Body,
  childScope,
  evaluateConditionalCount,
  loadConfig,
  parseHcl,
  resolveValue,
  rootScope,
  type Scope,
  type TfConfig,
} from './terraformModel.js';

const PIPELINE_DIR = resolve(import.meta.dirname, '../../src/pipeline');

// IAM service prefix per AWS SDK v3 package.
const SERVICE_OF_PACKAGE: Record<string, string> = {
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
};

// Commands whose IAM action is not `<service>:<CommandName>`.
const ACTION_OF_COMMAND: Record<string, string> = {
  's3:HeadObject': 's3:GetObject',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:ListObjects': 's3:ListBucket',
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectVersions': 's3:ListBucketVersions',
  's3:CreateMultipartUpload': 's3:PutObject',
  's3:UploadPart': 's3:PutObject',
  's3:CompleteMultipartUpload': 's3:PutObject',
  'dynamodb:Put': 'dynamodb:PutItem',
  'dynamodb:Get': 'dynamodb:GetItem',
  'dynamodb:Update': 'dynamodb:UpdateItem',
  'dynamodb:Delete': 'dynamodb:DeleteItem',
  'dynamodb:BatchWrite': 'dynamodb:BatchWriteItem',
  'dynamodb:BatchGet': 'dynamodb:BatchGetItem',
  'dynamodb:TransactWrite': 'dynamodb:TransactWriteItems',
  'dynamodb:TransactGet': 'dynamodb:TransactGetItems',
};

/**
 * The IAM actions a directory of TypeScript sends: every value (not type-only) named import
 * `XxxCommand` from an `@aws-sdk/*` package becomes `<service>:Xxx`.
 */
async function deriveActions(dir: string): Promise<{ actions: Set<string>; unknown: string[] }> {
  const actions = new Set<string>();
  const unknown: string[] = [];
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    for (const m of text.matchAll(
      /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[\w-]+)['"]/g,
    )) {
      if (m[1] !== undefined) continue;
      const pkg = m[3]!;
      for (const specifier of m[2]!.split(',').map((s) => s.trim())) {
        if (specifier === '' || specifier.startsWith('type ')) continue;
        const command = /^(\w+)Command(?:\s+as\s+\w+)?$/.exec(specifier)?.[1];
        if (command === undefined) continue;
        const service = SERVICE_OF_PACKAGE[pkg];
        if (service === undefined) {
          unknown.push(`${file}: ${specifier} from ${pkg}`);
          continue;
        }
        const action = `${service}:${command}`;
        actions.add(ACTION_OF_COMMAND[action] ?? action);
      }
    }
  }
  return { actions, unknown };
}

interface Statement {
  actions: string[];
  resources: string[];
  effect: string;
}

function statements(scope: Scope, documentName: string): Statement[] {
  const doc = scope.module.data.get(`aws_iam_policy_document.${documentName}`);
  if (doc === undefined) throw new Error(`no policy document ${documentName}`);
  return ((doc.statement as Body[]) ?? []).map((s) => ({
    actions: s.actions as string[],
    resources: resolveValue(s.resources, scope) as string[],
    effect: (s.effect as string | undefined) ?? 'Allow',
  }));
}

function actionsOf(list: Statement[], service?: string): string[] {
  return list
    .flatMap((s) => s.actions)
    .filter((a) => service === undefined || a.startsWith(`${service}:`))
    .sort();
}

let config: TfConfig;
let iam: Record<'localstack' | 'aws', Scope>;
let derived: Set<string>;

beforeAll(async () => {
  config = await loadConfig();
  const scopes = {} as Record<'localstack' | 'aws', Scope>;
  for (const env of ['localstack', 'aws'] as const) {
    const tfvars = await parseHcl(join(config.rootDir, `${env}.tfvars`));
    scopes[env] = childScope(config, rootScope(config, tfvars), 'iam');
  }
  iam = scopes;
  const result = await deriveActions(PIPELINE_DIR).catch((error: unknown) => {
    throw new Error(`cannot scan ${PIPELINE_DIR} for AWS SDK commands: ${String(error)}`);
  });
  expect(result.unknown, 'AWS SDK commands from packages without an IAM mapping').toEqual([]);
  derived = result.actions;
});

describe('deriveActions', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iam-derive-'));
    await writeFile(
      join(dir, 'a.ts'),
      [
        "import { GetObjectCommand, type S3Client, HeadObjectCommand as Head } from '@aws-sdk/client-s3';",
        "import type { PutObjectCommand } from '@aws-sdk/client-s3';",
        'import {',
        '  PutItemCommand,',
        '  type AttributeValue,',
        "} from '@aws-sdk/client-dynamodb';",
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the IAM actions of value imports of XxxCommand, skipping type-only imports', async () => {
    // Act
    const { actions, unknown } = await deriveActions(dir);

    // Assess
    expect([...actions].sort()).toEqual(['dynamodb:PutItem', 's3:GetObject']);
    expect(unknown).toEqual([]);
  });
});

describe('IAM policies', () => {
  it('derives a non-empty S3 and DynamoDB action set from src/pipeline', () => {
    // Assess: an empty set would make every comparison below pass vacuously.
    expect(
      [...derived].filter((a) => a.startsWith('s3:')).length,
      `no @aws-sdk/client-s3 XxxCommand imports found under ${PIPELINE_DIR}`,
    ).toBeGreaterThan(0);
    expect(
      [...derived].filter((a) => a.startsWith('dynamodb:')).length,
      `no @aws-sdk/client-dynamodb XxxCommand imports found under ${PIPELINE_DIR}`,
    ).toBeGreaterThan(0);
  });

  it('grants the processor exactly the derived S3/DynamoDB actions plus its logs and SendMessage', () => {
    // Act
    const processor = statements(iam.aws, 'processor');

    // Assess
    expect([...actionsOf(processor, 's3'), ...actionsOf(processor, 'dynamodb')].sort()).toEqual(
      [...derived].filter((a) => a.startsWith('s3:') || a.startsWith('dynamodb:')).sort(),
    );
    expect(actionsOf(processor).filter((a) => !/^(s3|dynamodb):/.test(a))).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
    ]);
    expect([...derived].every((a) => /^(s3|dynamodb):/.test(a))).toBe(true);
  });

  it('grants the failure handler the derived DynamoDB actions, queue consumption and its logs, no S3', () => {
    // Act
    const failures = statements(iam.aws, 'failure_handler');

    // Assess
    expect(actionsOf(failures, 'dynamodb')).toEqual(
      [...derived].filter((a) => a.startsWith('dynamodb:')).sort(),
    );
    expect(actionsOf(failures, 's3')).toEqual([]);
    expect(actionsOf(failures).filter((a) => !a.startsWith('dynamodb:'))).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);
  });

  it.each(['localstack', 'aws'] as const)(
    'scopes every resource on %s (no "*" on data resources)',
    (env) => {
      for (const doc of ['processor', 'failure_handler']) {
        for (const s of statements(iam[env], doc)) {
          // Assess
          expect(s.effect).toBe('Allow');
          expect(s.resources.length).toBeGreaterThan(0);
          for (const resource of s.resources) {
            expect(resource).not.toBe('*');
            const service = s.actions[0]!.split(':')[0];
            expect(
              s.actions.every((a) => a.startsWith(`${service}:`)),
              'one service per statement',
            ).toBe(true);
            if (service === 's3') {
              const expected = s.actions.includes('s3:GetObject') ? '/uploads/*' : '/processed/*';
              expect(resource).toBe(`\${module.s3.s3_bucket_arn}${expected}`);
              expect(s.actions).toEqual([
                s.actions.includes('s3:GetObject') ? 's3:GetObject' : 's3:PutObject',
              ]);
            } else if (service === 'dynamodb') {
              expect(resource).toBe('${module.dynamodb.dynamodb_table_arn}');
            } else if (service === 'sqs') {
              expect(resource).toBe('${module.lambda.failures_queue_arn}');
            } else if (service === 'logs') {
              const group =
                doc === 'processor' ? 'processor_log_group_arn' : 'failure_handler_log_group_arn';
              expect(resource).toBe(`\${module.lambda.${group}}:*`);
            } else {
              throw new Error(`unexpected service ${service} in ${doc}`);
            }
          }
        }
      }
    },
  );

  it('reads only under uploads/ and writes only under processed/', () => {
    // Act
    const processor = statements(iam.localstack, 'processor');
    const reads = processor
      .filter((s) => s.actions.includes('s3:GetObject'))
      .flatMap((s) => s.resources);
    const writes = processor
      .filter((s) => s.actions.includes('s3:PutObject'))
      .flatMap((s) => s.resources);

    // Assess
    expect(reads.length).toBeGreaterThan(0);
    expect(writes.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.endsWith('/uploads/*'))).toBe(true);
    expect(writes.every((r) => r.endsWith('/processed/*'))).toBe(true);
  });
});

describe('LabRole mode', () => {
  function iamScope(useLabRole: boolean): Scope {
    return childScope(
      config,
      rootScope(config, { environment: 'aws', use_lab_role: useLabRole }),
      'iam',
    );
  }

  it('creates no IAM resource or policy document when use_lab_role is true', () => {
    // Prepare
    const scope = iamScope(true);
    const iamBlocks = [...scope.module.resources, ...scope.module.data].filter(
      ([key]) => key.startsWith('aws_iam_') && key !== 'aws_iam_role.lab',
    );

    // Act
    const counts = iamBlocks.map(([key, body]) => [
      key,
      evaluateConditionalCount(body.count, scope),
    ]);

    // Assess
    expect(iamBlocks.length).toBeGreaterThanOrEqual(6);
    expect(counts.every(([, n]) => n === 0)).toBe(true);
    expect(evaluateConditionalCount(scope.module.data.get('aws_iam_role.lab')!.count, scope)).toBe(
      1,
    );
  });

  it('creates the roles and no LabRole lookup when use_lab_role is false', () => {
    // Prepare
    const scope = iamScope(false);

    // Act
    const roleCount = evaluateConditionalCount(
      scope.module.resources.get('aws_iam_role.processor')!.count,
      scope,
    );
    const labCount = evaluateConditionalCount(
      scope.module.data.get('aws_iam_role.lab')!.count,
      scope,
    );

    // Assess
    expect(roleCount).toBe(1);
    expect(labCount).toBe(0);
  });

  it('keeps every IAM resource inside the iam module', () => {
    // Act
    const outside = [config.root, ...config.children.values()]
      .filter((m) => m !== iam.aws.module)
      .flatMap((m) => [...m.resources.keys()].filter((k) => k.startsWith('aws_iam_')));

    // Assess
    expect(outside).toEqual([]);
  });

  it('passes the LabRole ARN to both functions through the role outputs', () => {
    // Act
    const outputs = iam.aws.module.outputs;

    // Assess
    for (const name of ['processor_role_arn', 'failure_handler_role_arn']) {
      expect(String(outputs.get(name)!.value)).toMatch(
        /^\$\{var\.use_lab_role \? one\(data\.aws_iam_role\.lab\[\*\]\.arn\) :/,
      );
    }
    const lambdaCall = config.root.moduleCalls.get('lambda')!;
    expect(lambdaCall.processor_role_arn).toBe('${module.iam.processor_role_arn}');
    expect(lambdaCall.failure_handler_role_arn).toBe('${module.iam.failure_handler_role_arn}');
  });
});
