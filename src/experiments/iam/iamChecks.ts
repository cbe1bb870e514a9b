import type { EvaluationResult, SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam';
import { type AwsCall, requiredActions, resourceArnOf } from '../../aws/iamActions.js';
import type { IamCheck, IamCheckResult, IamExpectation, IamReport } from './types.js';

/** What the checks are about. */
export interface IamSubject {
  bucket: string;
  tableArn: string;
  /** The coordination table of split uploads, and the processor itself (it invokes itself). */
  fanoutTableArn: string;
  functionArn: string;
  uploadPrefix: string;
  processedPrefix: string;
  partsPrefix: string;
  /** A bucket the function has no business with. */
  otherBucket?: string;
}

/** A call shaped as the processor sends it (or must never send it), and the expected decision. */
export interface ProcessorCall {
  name: string;
  call: AwsCall;
  expected: IamExpectation;
  /** Check only these of the call's actions (a denied extra on top of an allowed call). */
  only?: readonly string[];
}

/**
 * The processor's calls as src/pipeline builds them (s3Source GetObject, with the event's
 * VersionId or without; s3Sink PutObject; metadataStore's conditional PutItem; for a split
 * upload, fanout/: ranged GetObject of the version, the parts' PutObject and GetObject, the
 * coordination UpdateItem and the Invoke of itself), and calls it must not be able to make.
 * test/terraform/iam.test.ts checks that the allowed ones have the shapes a real run records.
 */
export function processorCalls(subject: IamSubject): ProcessorCall[] {
  const object = (prefix: string, name: string) => ({
    Bucket: subject.bucket,
    Key: `${prefix}iam-check/${name}`,
  });
  const upload = object(subject.uploadPrefix, 'a.csv');
  const summary = object(subject.processedPrefix, 'a_summary.json');
  const other = subject.otherBucket ?? `${subject.bucket}-other`;
  const s3 = (operation: string, input: Record<string, unknown>): AwsCall => ({
    service: 's3',
    operation,
    input,
  });
  const putSummary = { ...summary, Body: '{}', ContentType: 'application/json' };
  const part = object(subject.partsPrefix, 'a.csv/tag/piece-0.json');
  const done = {
    TableName: subject.fanoutTableArn,
    Key: { split_id: { S: 'iam-check' } },
    UpdateExpression: 'SET pieces = :n',
    ExpressionAttributeValues: { ':n': { N: '2' } },
    ReturnValues: 'ALL_NEW',
  };
  const item = {
    TableName: subject.tableArn,
    Item: { file_name: { S: 'iam-check/a.csv' } },
    ConditionExpression: 'attribute_not_exists(file_name) OR order_key <= :k',
    ExpressionAttributeValues: { ':k': { S: 'iam-check' } },
  };
  return [
    {
      name: 'read uploads/ (event version)',
      call: s3('GetObject', { ...upload, VersionId: 'iam-check' }),
      expected: 'allowed',
    },
    { name: 'read uploads/ (current version)', call: s3('GetObject', upload), expected: 'allowed' },
    { name: 'write processed/', call: s3('PutObject', putSummary), expected: 'allowed' },
    {
      name: 'put item (conditional)',
      call: { service: 'dynamodb', operation: 'PutItem', input: item },
      expected: 'allowed',
    },
    {
      name: 'read a range of uploads/ (event version)',
      call: s3('GetObject', { ...upload, Range: 'bytes=0-9', VersionId: 'iam-check' }),
      expected: 'allowed',
    },
    {
      name: 'read a range of uploads/ (If-Match)',
      call: s3('GetObject', { ...upload, Range: 'bytes=0-9', IfMatch: '"iam-check"' }),
      expected: 'allowed',
    },
    {
      name: 'write parts/',
      call: s3('PutObject', { ...part, Body: '{}', ContentType: 'application/json' }),
      expected: 'allowed',
    },
    { name: 'read parts/', call: s3('GetObject', part), expected: 'allowed' },
    {
      name: 'record a piece done (conditional)',
      call: {
        service: 'dynamodb',
        operation: 'UpdateItem',
        input: {
          ...done,
          UpdateExpression: 'ADD done :i',
          ConditionExpression: 'attribute_not_exists(done) OR NOT contains(done, :index)',
          ExpressionAttributeValues: { ':i': { NS: ['0'] }, ':index': { N: '0' } },
        },
      },
      expected: 'allowed',
    },
    {
      name: 'read the pieces done',
      call: { service: 'dynamodb', operation: 'UpdateItem', input: done },
      expected: 'allowed',
    },
    {
      name: 'invoke a piece',
      call: {
        service: 'lambda',
        operation: 'Invoke',
        input: { FunctionName: subject.functionArn, InvocationType: 'Event', Payload: '{}' },
      },
      expected: 'allowed',
    },
    {
      name: 'update an item of the users',
      call: {
        service: 'dynamodb',
        operation: 'UpdateItem',
        input: { ...done, TableName: subject.tableArn, Key: { file_name: { S: 'a.csv' } } },
      },
      expected: 'denied',
    },
    { name: 'read processed/', call: s3('GetObject', summary), expected: 'denied' },
    {
      name: 'read processed/ (version)',
      call: s3('GetObject', { ...summary, VersionId: 'iam-check' }),
      expected: 'denied',
    },
    { name: 'write uploads/', call: s3('PutObject', { ...upload, Body: 'a' }), expected: 'denied' },
    {
      name: 'tag a summary',
      call: s3('PutObject', { ...putSummary, Tagging: 'k=v' }),
      expected: 'denied',
      only: ['s3:PutObjectTagging'],
    },
    {
      name: 'set a summary ACL',
      call: s3('PutObject', { ...putSummary, ACL: 'public-read' }),
      expected: 'denied',
      only: ['s3:PutObjectAcl'],
    },
    {
      name: 'read another bucket',
      call: s3('GetObject', { Bucket: other, Key: 'a.csv' }),
      expected: 'denied',
    },
    {
      name: 'write another bucket',
      call: s3('PutObject', { Bucket: other, Key: 'a.csv', Body: 'a' }),
      expected: 'denied',
    },
  ];
}

/**
 * The checks of experiment H: one per IAM action of each processor call, the actions derived
 * from the call and its parameters by src/aws/iamActions.ts (so a read with the event's
 * VersionId checks s3:GetObjectVersion), plus `dynamodb:DeleteItem`, which nothing may do.
 */
export function buildIamChecks(subject: IamSubject): IamCheck[] {
  const [, , , region = 'us-east-1', accountId = '000000000000'] = subject.tableArn.split(':');
  const checks: IamCheck[] = [];
  for (const { name, call, expected, only } of processorCalls(subject)) {
    const actions = requiredActions(call).filter((a) => only === undefined || only.includes(a));
    const resource = resourceArnOf(call, { region, accountId });
    for (const action of actions) {
      checks.push({
        name: actions.length > 1 ? `${name}: ${action}` : name,
        action,
        resource,
        expected,
      });
    }
  }
  checks.push({
    name: 'delete item',
    action: 'dynamodb:DeleteItem',
    resource: subject.tableArn,
    expected: 'denied',
  });
  return checks;
}

/** The `iam:SimulatePrincipalPolicy` request of one check, for the function's role. */
export function buildSimulateRequest(
  roleArn: string,
  check: IamCheck,
): SimulatePrincipalPolicyCommandInput {
  return { PolicySourceArn: roleArn, ActionNames: [check.action], ResourceArns: [check.resource] };
}

/** Evaluates one check from the simulation's result for its action. */
export function evaluateCheck(
  check: IamCheck,
  result: EvaluationResult | undefined,
): IamCheckResult {
  const raw = result?.EvalDecision ?? 'missing';
  const decision = raw === 'allowed' ? 'allowed' : raw === 'missing' ? 'error' : 'denied';
  return { ...check, decision, detail: raw, ok: decision === check.expected };
}

/** The report of a target that does not enforce IAM: every check `not_enforced`, never a pass. */
export function notEnforcedReport(checks: readonly IamCheck[], note: string): IamReport {
  return {
    verdict: 'not_enforced',
    enforced: false,
    roleArn: null,
    checks: checks.map((check) => ({
      ...check,
      decision: 'not_enforced',
      detail: 'not enforced',
      ok: false,
    })),
    note,
  };
}

/** The overall verdict of evaluated checks. */
export function iamVerdict(results: readonly IamCheckResult[]): IamReport['verdict'] {
  if (results.some((result) => result.decision === 'error')) return 'unavailable';
  return results.every((result) => result.ok) ? 'pass' : 'fail';
}
