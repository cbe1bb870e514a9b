// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform expressions are compared as written, ${...} included.
//
// The IAM policies grant exactly what the functions' calls need, by operation AND parameters.
// The calls are not guessed from the code: the handler and the failure handler run on the local
// emulators with a recorder on their SDK clients, each recorded (operation, input) is mapped to
// its actions by src/aws/iamActions.ts (the Service Authorization Reference as data) and to the
// Terraform resource it falls under, Lambda's own calls with the execution role are added
// (LAMBDA_ROLE_OPERATIONS), and the result must equal the policy documents, pair by pair.
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsCall,
  lambdaRoleActions,
  requiredActions,
  resourceArnOf,
} from '../../src/aws/iamActions.js';
import { KEY_RULES } from '../../src/aws/keyRules.js';
import { encodeS3EventKey } from '../../src/aws/s3EventKey.js';
import { processorCalls } from '../../src/experiments/iam/iamChecks.js';
import { createFailureHandler } from '../../src/pipeline/failureHandler.js';
import { createHandler } from '../../src/pipeline/handler.js';
import {
  BUCKET,
  type Emulators,
  FANOUT_TABLE,
  startEmulators,
  TABLE,
} from '../pipeline/helpers/emulators.js';
import {
  failureQueueEvent,
  getItem,
  lambdaContext,
  makeDeps,
  putObject,
  quietOutput,
  s3Event,
  s3Record,
} from '../pipeline/helpers/harness.js';
import { FUNCTION_ARN, startInvokeEndpoint } from '../pipeline/helpers/invokeEndpoint.js';
import { recordCalls } from '../pipeline/helpers/recordCalls.js';
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

quietOutput();

const ENVS = ['localstack', 'aws'] as const;
type Env = (typeof ENVS)[number];
const ARN_CONTEXT = { region: 'us-east-1', accountId: '000000000000' };

// The Terraform expressions the policies scope each resource with.
const POLICY_RESOURCE = {
  bucket: '${module.s3.s3_bucket_arn}',
  table: '${module.dynamodb.dynamodb_table_arn}',
  fanoutTable: '${module.fanout_table.dynamodb_table_arn}',
  /** The processor's ARN as the root module builds it from its name (local.processor_function_arn). */
  processor: (env: Env) =>
    `arn:\${data.aws_partition.current.partition}:lambda:us-east-1:\${data.aws_caller_identity.current.account_id}:function:csv-ingest-${env}-processor`,
  failuresQueue: '${module.lambda.failures_queue_arn}',
  processorLogs: '${module.lambda.processor_log_group_arn}:*',
  failureLogs: '${module.lambda.failure_handler_log_group_arn}:*',
} as const;

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

/** `<action> <resource>` for every action and resource a policy document allows. */
function granted(scope: Scope, documentName: string): string[] {
  return statements(scope, documentName)
    .flatMap((s) => s.actions.flatMap((a) => s.resources.map((r) => `${a} ${r}`)))
    .sort();
}

/** The policy resource a recorded call's ARN falls under: the prefix of its key, or the table. */
function policyResourceOf(arn: string, env: Env): string {
  const objects = `arn:aws:s3:::${BUCKET}/`;
  if (arn.startsWith(objects)) {
    const key = arn.slice(objects.length);
    const prefix = [KEY_RULES.uploadPrefix, KEY_RULES.processedPrefix, KEY_RULES.partsPrefix].find(
      (p) => key.startsWith(p),
    );
    if (prefix === undefined) throw new Error(`${arn} is under neither key prefix`);
    return `${POLICY_RESOURCE.bucket}/${prefix}*`;
  }
  if (arn === `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}`)
    return POLICY_RESOURCE.table;
  if (arn === `arn:aws:dynamodb:us-east-1:000000000000:table/${FANOUT_TABLE}`)
    return POLICY_RESOURCE.fanoutTable;
  if (arn === FUNCTION_ARN) return POLICY_RESOURCE.processor(env);
  throw new Error(`no Terraform resource grants ${arn}`);
}

/** `<action> <resource>` for every action the calls need, plus Lambda's own calls. */
function needed(
  env: Env,
  calls: readonly AwsCall[],
  lambda: ReadonlyArray<[Parameters<typeof lambdaRoleActions>[0], string]>,
): string[] {
  const pairs = new Set<string>();
  for (const call of calls) {
    const resource = policyResourceOf(resourceArnOf(call, ARN_CONTEXT), env);
    for (const action of requiredActions(call)) pairs.add(`${action} ${resource}`);
  }
  for (const [integration, resource] of lambda) {
    for (const action of lambdaRoleActions(integration)) pairs.add(`${action} ${resource}`);
  }
  return [...pairs].sort();
}

/** An operation and the names of the parameters it was sent with (values aside). */
function shape(call: AwsCall): string {
  const names = Object.keys(call.input).filter((k) => call.input[k] !== undefined);
  return `${call.service}:${call.operation}(${names.sort().join(',')})`;
}

/** An SQS event with one Lambda on-failure destination record for the given S3 key. */
function onFailureEvent(key: string): SQSEvent {
  const body = {
    version: '1.0',
    timestamp: '2024-05-01T10:05:00.000Z',
    requestContext: {
      requestId: 'failed-req-iam',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:csv-ingest-local-processor',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: s3Event(
      s3Record({ encodedKey: encodeS3EventKey(key), size: 10, versionId: 'v-failed' }),
    ),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'RecordsFailedError', errorMessage: 'transient' },
  };
  return failureQueueEvent({ messageId: 'msg-iam', receiptHandle: 'rh-iam', body });
}

let emu: Emulators;
let invoke: Awaited<ReturnType<typeof startInvokeEndpoint>>;
let config: TfConfig;
const iam = {} as Record<Env, Scope>;
const processorRun: AwsCall[] = [];
const failureRun: AwsCall[] = [];

beforeAll(async () => {
  config = await loadConfig();
  for (const env of ENVS) {
    const tfvars = await parseHcl(`${config.rootDir}/${env}.tfvars`);
    iam[env] = childScope(config, rootScope(config, tfvars), 'iam');
  }

  emu = await startEmulators();
  // The processor, on its own recorded clients: an upload as AWS reports it from a versioned
  // bucket (versionId in the event), one without a versionId, and one that cannot be profiled.
  const processor = createHandler(
    makeDeps(emu, {
      s3: recordCalls(emu.s3Client(), 's3', processorRun),
      dynamodb: recordCalls(emu.dynamoClient(), 'dynamodb', processorRun),
    }),
  );
  const files = [
    { key: 'uploads/iam/versioned.csv', body: 'a,b\n1,2\n', versionId: '3HL4kqtJvjVBH40Nrjfkd' },
    { key: 'uploads/iam/current.tsv', body: 'a\tb\n1\t2\n', versionId: undefined },
    { key: 'uploads/iam/empty.csv', body: '', versionId: 'DVBH40Nr8X8gUMLUo' },
  ];
  const records = [];
  for (const file of files) {
    const size = await putObject(emu.s3, file.key, file.body);
    records.push(
      s3Record({
        encodedKey: encodeS3EventKey(file.key),
        size,
        ...(file.versionId === undefined ? {} : { versionId: file.versionId }),
      }),
    );
  }
  await processor(s3Event(...records), lambdaContext());

  // A split upload (issue 15), on the same recorded clients and a recorded Lambda client: the S3
  // event's invocation plans and invokes the pieces through the local Invoke endpoint, each piece
  // runs (the first one twice, as a repeated delivery), and the last merges. Once versioned, once
  // not (its ranged reads are pinned by If-Match instead).
  invoke = await startInvokeEndpoint();
  const splitter = createHandler(
    makeDeps(emu, {
      s3: recordCalls(emu.s3Client(), 's3', processorRun),
      dynamodb: recordCalls(emu.dynamoClient(), 'dynamodb', processorRun),
      lambda: recordCalls(invoke.client, 'lambda', processorRun),
      config: { fanoutMinBytes: 2_000, fanoutMaxPieces: 3 },
    }),
  );
  const big = `a,b\n${Array.from({ length: 600 }, (_, i) => `${i},"x\ny${i % 7}"`).join('\n')}\n`;
  for (const [key, versionId] of [
    ['uploads/iam/split.csv', 'Nrjfkd3HL4kqtJvjVBH40'],
    ['uploads/iam/split-unversioned.csv', undefined],
  ] as const) {
    const size = await putObject(emu.s3, key, big);
    const before = invoke.events.length;
    await splitter(
      s3Event(
        s3Record({
          encodedKey: encodeS3EventKey(key),
          size,
          ...(versionId === undefined ? {} : { versionId }),
        }),
      ),
      lambdaContext(),
    );
    const pieces = invoke.events.slice(before) as Parameters<typeof splitter>[0][];
    await splitter(pieces[0]!, lambdaContext());
    for (const piece of pieces) await splitter(piece, lambdaContext());
  }

  // The failure handler, on its own recorded client, for an upload whose retries ran out.
  const failureHandler = createFailureHandler(
    makeDeps(emu, { dynamodb: recordCalls(emu.dynamoClient(), 'dynamodb', failureRun) }),
  );
  await failureHandler(onFailureEvent('uploads/iam/failed.csv'), lambdaContext());
});

afterAll(async () => {
  await invoke?.close();
  await emu?.close();
});

describe('the calls of a real run on the local emulators', () => {
  it('returns the items of a complete run, so the recording is not of a broken one', async () => {
    // Act
    const items = await Promise.all(
      [
        'iam/versioned.csv',
        'iam/current.tsv',
        'iam/empty.csv',
        'iam/failed.csv',
        'iam/split.csv',
        'iam/split-unversioned.csv',
      ].map((f) => getItem(emu.dynamodb, f)),
    );

    // Assess
    expect(items.map((item) => [item?.status, item?.error_code, item?.row_count])).toEqual([
      ['success', undefined, 1],
      ['success', undefined, 1],
      ['error', 'EMPTY_FILE', undefined],
      ['error', 'PROCESSING_FAILED', undefined],
      ['success', undefined, 600],
      ['success', undefined, 600],
    ]);
  });

  it('records GetObject with and without VersionId, PutObject and conditional PutItems', () => {
    // Act
    const shapes = new Set(processorRun.map(shape));

    // Assess: with a split upload's ranged reads, its coordination updates (the conditional one,
    // and the plain one of a repeated piece) and the invocations of its pieces.
    expect([...shapes].sort()).toEqual([
      'dynamodb:PutItem(ConditionExpression,ExpressionAttributeValues,Item,TableName)',
      'dynamodb:UpdateItem(ConditionExpression,ExpressionAttributeValues,Key,ReturnValues,TableName,UpdateExpression)',
      'dynamodb:UpdateItem(ExpressionAttributeValues,Key,ReturnValues,TableName,UpdateExpression)',
      'lambda:Invoke(FunctionName,InvocationType,Payload)',
      's3:GetObject(Bucket,IfMatch,Key,Range)',
      's3:GetObject(Bucket,Key)',
      's3:GetObject(Bucket,Key,Range,VersionId)',
      's3:GetObject(Bucket,Key,VersionId)',
      's3:PutObject(Body,Bucket,ContentType,Key)',
    ]);
    expect(new Set(failureRun.map(shape))).toEqual(
      new Set(['dynamodb:PutItem(ConditionExpression,ExpressionAttributeValues,Item,TableName)']),
    );
  });
});

describe('IAM policies', () => {
  it.each(ENVS)(
    'grant the processor exactly what its calls need, on their resources (%s)',
    (env) => {
      // Act
      const expected = needed(env, processorRun, [
        ['logs', POLICY_RESOURCE.processorLogs],
        ['asyncOnFailureSqs', POLICY_RESOURCE.failuresQueue],
      ]);

      // Assess
      expect(expected).toContain(`s3:GetObjectVersion ${POLICY_RESOURCE.bucket}/uploads/*`);
      expect(expected).toContain(`lambda:InvokeFunction ${POLICY_RESOURCE.processor(env)}`);
      expect(expected).toContain(`dynamodb:UpdateItem ${POLICY_RESOURCE.fanoutTable}`);
      expect(granted(iam[env], 'processor')).toEqual(expected);
    },
  );

  it.each(ENVS)(
    'grant the failure handler exactly what its calls and its queue need (%s)',
    (env) => {
      // Act
      const expected = needed(env, failureRun, [
        ['logs', POLICY_RESOURCE.failureLogs],
        ['sqsEventSource', POLICY_RESOURCE.failuresQueue],
      ]);

      // Assess
      expect(granted(iam[env], 'failure_handler')).toEqual(expected);
    },
  );

  it('allows only, one service per statement', () => {
    for (const env of ENVS) {
      for (const doc of ['processor', 'failure_handler']) {
        for (const s of statements(iam[env], doc)) {
          // Assess
          expect(s.effect).toBe('Allow');
          expect(new Set(s.actions.map((a) => a.split(':')[0])).size).toBe(1);
        }
      }
    }
  });

  it('has experiment H simulate the call shapes the processor really sends', () => {
    // Prepare
    const simulated = processorCalls({
      bucket: BUCKET,
      tableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${TABLE}`,
      fanoutTableArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${FANOUT_TABLE}`,
      functionArn: FUNCTION_ARN,
      uploadPrefix: KEY_RULES.uploadPrefix,
      processedPrefix: KEY_RULES.processedPrefix,
      partsPrefix: KEY_RULES.partsPrefix,
    });

    // Act
    const allowed = new Set(
      simulated.filter((c) => c.expected === 'allowed').map((c) => shape(c.call)),
    );

    // Assess
    expect(allowed).toEqual(new Set(processorRun.map(shape)));
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
        /^\$\{var\.use_lab_role \? local\.lab_role_arn :/,
      );
    }
    // The ARN ingest deploy passes when iam:GetRole is denied, else the role read by name.
    expect(iam.aws.module.locals.get('lab_role_arn')).toBe(
      '${var.lab_role_arn != "" ? var.lab_role_arn : one(data.aws_iam_role.lab[*].arn)}',
    );
    const lambdaCall = config.root.moduleCalls.get('lambda')!;
    expect(lambdaCall.processor_role_arn).toBe('${module.iam.processor_role_arn}');
    expect(lambdaCall.failure_handler_role_arn).toBe('${module.iam.failure_handler_role_arn}');
  });
});
